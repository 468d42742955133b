/**
 * dist/ set aside at the start of a build, with the pages Astro may reuse kept
 * (src/build-speed/out-dir-emptied-aside.ts), driven through its hooks as Astro calls them. The records
 * of Astro's incremental build are written here by hand, in the shape that
 * tests/contract/astro-incremental-build.test.ts checks against the installed Astro's own writer.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { outDirEmptiedAside } from '../../src/build-speed/out-dir-emptied-aside.ts';

type Hook = (options: unknown) => unknown;
const root = mkdtempSync(join(tmpdir(), 'out-dir-aside-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Astro's record of its last build's pages, with paths as it writes them (URL-encoded).
const PAGES = { a: 'posts/a/index.html', tag: 'tags/%E6%97%A5%E6%9C%AC%E8%AA%9E/index.html' };
const TAG_FILE = 'tags/日本語/index.html';

let made = 0;
/** A project whose last build made dist/ (two pages, and a file of another kind), and its builds. */
function project() {
  const dir = join(root, `project-${made++}`);
  const dist = join(dir, 'dist');
  const cacheDir = join(dir, 'node_modules', '.astro');
  const manifest = join(cacheDir, 'incremental-build.json');
  mkdirSync(cacheDir, { recursive: true });
  const writeManifest = (paths: Record<string, string>, version: unknown = 1) =>
    writeFileSync(manifest, JSON.stringify({ version, routes: { 'src/pages/x.astro': { paths: Object.fromEntries(Object.entries(paths).map(([k, v]) => [`/${k}`, { cacheKey: k, outputFile: v }])) } } }));
  const writeDist = () => {
    for (const [file, text] of [[PAGES.a, 'a'], [TAG_FILE, 'タグ'], ['og.png', 'png']] as const) {
      mkdirSync(join(dist, file, '..'), { recursive: true });
      writeFileSync(join(dist, file), text);
    }
  };
  /** One build: Astro's hooks in order, Astro emptying dist/ itself, and the pages it makes. */
  const build = (makes: string[], options: { outDir?: string } = {}) => {
    const out = options.outDir ?? dist;
    const { hooks } = outDirEmptiedAside();
    const logs: string[] = [];
    const logger = { info: (m: string) => logs.push(m), warn: (m: string) => logs.push(m) };
    (hooks['astro:config:done'] as Hook)({ config: { outDir: pathToFileURL(`${out}/`), root: pathToFileURL(`${dir}/`), cacheDir: pathToFileURL(`${cacheDir}/`), vite: {} } });
    (hooks['astro:build:start'] as Hook)({ logger });
    rmSync(out, { recursive: true, force: true }); // Astro's own emptying, after build:start
    mkdirSync(out, { recursive: true });
    const listening = process.listeners('exit');
    (hooks['astro:build:setup'] as Hook)({ logger });
    const exitListener = process.listeners('exit').find((listener) => !listening.includes(listener)) as (() => void) | undefined;
    const keptInodes = Object.fromEntries(makes.filter((f) => existsSync(join(out, f))).map((f) => [f, statSync(join(out, f)).ino]));
    for (const file of makes) {
      if (existsSync(join(out, file))) continue; // Astro keeps a reused page that dist/ has
      mkdirSync(join(out, file, '..'), { recursive: true });
      writeFileSync(join(out, file), `new ${file}`);
    }
    const assets = new Map([['/x', makes.map((file) => pathToFileURL(join(out, file)))]]);
    return {
      logs,
      keptInodes,
      /** The listener the build left for the process's exit (a build that fails never calls done). */
      exitListener,
      done: () => (hooks['astro:build:done'] as Hook)({ assets, logger }) as Promise<void>,
    };
  };
  return { dir, dist, manifest, writeManifest, writeDist, build };
}

/** A project after one finished build that made both pages. */
async function builtOnce() {
  const p = project();
  p.writeDist();
  p.writeManifest(PAGES);
  await p.build([PAGES.a, TAG_FILE, 'og.png']).done();
  return p;
}

describe('dist/ set aside at the start of a build', () => {
  it('keeps the pages of the last finished build, removes those this build does not make, and the old folder', async () => {
    const p = await builtOnce();
    const before = statSync(join(p.dist, PAGES.a)).ino;
    const second = p.build([PAGES.a, 'og.png']);
    expect(second.keptInodes[PAGES.a]).toBe(before); // kept, not copied
    await second.done();
    expect(readFileSync(join(p.dist, PAGES.a), 'utf8')).toBe('new posts/a/index.html'); // from the first build's makes
    expect(existsSync(join(p.dist, 'tags'))).toBe(false); // the tag page, no longer made, and its folders
    expect(readFileSync(join(p.dist, 'og.png'), 'utf8')).toBe('new og.png'); // never kept: made anew
    expect(second.logs).toContain('removed 1 page(s) of the last build that this one did not make');
    expect(existsSync(join(p.dir, 'node_modules/.cache/old-out-dir'))).toBe(false);
  });

  it('keeps nothing when the record changed since this dist/ was built (a build into another folder)', async () => {
    const p = await builtOnce();
    const other = join(p.dir, 'other');
    p.writeManifest({ a: PAGES.a }); // what a build into other/ leaves
    await p.build([PAGES.a], { outDir: other }).done();
    const third = p.build([PAGES.a, TAG_FILE]);
    expect(third.keptInodes).toEqual({});
    await third.done();
  });

  it('keeps nothing after a build that did not finish', async () => {
    const p = await builtOnce();
    const failed = p.build([PAGES.a]); // and never done
    expect(failed.keptInodes[PAGES.a]).toBeDefined();
    expect(failed.exitListener).toBeDefined();
    failed.exitListener!(); // the process exits
    expect(existsSync(join(p.dist, TAG_FILE))).toBe(false); // kept pages are removed
    process.off('exit', failed.exitListener!);
    p.writeDist(); // whatever the failed build left
    const next = p.build([PAGES.a, TAG_FILE]);
    expect(next.keptInodes).toEqual({});
    await next.done();
  });

  it('stops removing kept pages at exit once the build is done', async () => {
    const p = await builtOnce();
    const listeners = process.listeners('exit').length;
    const second = p.build([PAGES.a, TAG_FILE]);
    expect(process.listeners('exit').length).toBe(listeners + 1);
    await second.done();
    expect(process.listeners('exit').length).toBe(listeners);
  });

  it('keeps nothing, with one warning naming the record, when the record is of a version this project does not know', async () => {
    const p = project();
    p.writeDist();
    p.writeManifest(PAGES, 2); // as a later Astro might write it
    await p.build([PAGES.a, TAG_FILE, 'og.png']).done();
    const second = p.build([PAGES.a, TAG_FILE]);
    expect(second.keptInodes).toEqual({}); // Astro copies its cached pages itself
    await second.done();
    const warnings = second.logs.filter((line) => line.includes('is not one this project knows'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${p.manifest} is not one this project knows (its version is 2, this project reads 1)`);
    const third = p.build([PAGES.a, TAG_FILE]);
    await third.done();
    expect(third.logs.filter((line) => line.includes('is not one this project knows'))).toEqual([]); // once
  });
});
