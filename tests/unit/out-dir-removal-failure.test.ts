/**
 * A file of the last build that cannot be removed (say, made immutable) is reported at the end of the
 * build, which goes on: it used to end every build with an unhandled EPERM rejection after dist/ was
 * emptied (src/build-speed/out-dir-emptied-aside.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it, vi } from 'vitest';

vi.mock('../../src/build-speed/empty-folder-aside.ts', async (original) => ({
  ...(await original<typeof import('../../src/build-speed/empty-folder-aside.ts')>()),
  removeInWorker: () => Promise.reject(Object.assign(new Error("EPERM: operation not permitted, unlink 'posts/a/index.html'"), { code: 'EPERM' })),
}));
const { outDirEmptiedAside } = await import('../../src/build-speed/out-dir-emptied-aside.ts');

type Hook = (options: unknown) => unknown;
const dir = mkdtempSync(join(tmpdir(), 'out-dir-removal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('warns at the end of the build instead of crashing half-way', async () => {
  const dist = join(dir, 'dist');
  mkdirSync(join(dist, 'posts', 'a'), { recursive: true });
  writeFileSync(join(dist, 'posts', 'a', 'index.html'), 'old');
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { hooks } = outDirEmptiedAside();
    const warnings: string[] = [];
    const logger = { info: () => {}, warn: (m: string) => warnings.push(m) };
    (hooks['astro:config:done'] as Hook)({ config: { outDir: pathToFileURL(`${dist}/`), root: pathToFileURL(`${dir}/`), cacheDir: pathToFileURL(`${dir}/node_modules/.astro/`), vite: {} } });
    (hooks['astro:build:start'] as Hook)({ logger });
    (hooks['astro:build:setup'] as Hook)({ logger });
    // The pages render while the removal fails in the background.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await (hooks['astro:build:done'] as Hook)({ assets: new Map(), logger });
    expect(unhandled).toEqual([]);
    expect(warnings.join('\n')).toMatch(/could not remove the last build's files .*EPERM/u);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
