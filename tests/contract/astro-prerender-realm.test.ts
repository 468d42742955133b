/**
 * Contract: Astro runs the pages' `getStaticPaths` in the build's own thread, where the integrations'
 * receivers are (src/build-speed/build-hand-off.ts passes the posts to the search index and the share images
 * through globalThis). Astro does not promise it: an adapter's prerenderer, or a later Astro, may
 * prerender elsewhere. Should that happen, src/integrations/rendered-posts-check.ts stops the build
 * (tests/unit/build-hand-off.test.ts); this test fails first, against the installed Astro.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageDir, packageModule, packageSource } from './installed.ts';

const dir = mkdtempSync(join(tmpdir(), 'contract-prerender-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Prerenderer {
  name: string;
  app?: { realm: typeof globalThis };
  setup(): Promise<void>;
}

describe('Astro’s prerendering, as the build hand-off relies on it', () => {
  it('uses its default prerenderer unless an adapter sets another (this site has no adapter)', () => {
    const generate = packageSource('astro', 'dist/core/build/generate.js');
    expect(generate).toMatch(/const settingsPrerenderer = options\.settings\.prerenderer;\s*if \(!settingsPrerenderer\) \{\s*prerenderer = createDefaultPrerenderer\(/u);
  });

  it('loads the pages in the build’s own thread and realm', async () => {
    const { createDefaultPrerenderer } = await packageModule<{ createDefaultPrerenderer: (options: unknown) => Prerenderer }>(
      'astro',
      'dist/core/build/default-prerenderer.js',
    );
    // A stand-in for the pages' bundle: it tells which globalThis it runs in.
    writeFileSync(join(dir, 'entry.mjs'), 'export const app = { realm: globalThis, setInternals() {}, setOptions() {} };\n');
    const prerenderer = createDefaultPrerenderer({ internals: { prerenderEntryFileName: 'entry.mjs' }, options: {}, prerenderOutputDir: pathToFileURL(`${dir}/`) });
    expect(prerenderer.name).toBe('astro:default');
    await prerenderer.setup();
    expect(prerenderer.app?.realm).toBe(globalThis);
  });

  it('starts no worker thread in its build', () => {
    const build = join(packageDir('astro'), 'dist', 'core', 'build');
    const files = readdirSync(build, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js'));
    expect(files.length).toBeGreaterThan(10);
    const threaded = files.filter((file) => /worker_threads|new Worker\(/u.test(packageSource('astro', join('dist', 'core', 'build', file))));
    expect(threaded).toEqual([]);
  });
});
