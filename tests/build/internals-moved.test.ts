/**
 * What a build does when an internal of Astro that this project relies on moves: real builds of a
 * small site whose code is changed as the internal's move would change what it sees. Each either
 * stops with the problem named (src/integrations/rendered-posts-check.ts, src/posts/posts-loader.ts)
 * or falls back to Astro's own way and says so; none ends as a success with a site without posts or
 * without search. The dev server's one internal, a message, is checked the same way: without it a
 * saved post still shows.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNFINISHED_MARK } from '../../src/integrations/build-guard.ts';
import { searchSite } from '../helpers/pagefind.ts';
import { makeSite, post, type Site } from '../helpers/site.ts';

let site: Site;

beforeAll(() => {
  site = makeSite({
    posts: {
      'a.md': post('title: 記事A\ndate: 2024-01-01\npublished: true', 'apple の記事。'),
      'b.md': post('title: 記事B\ndate: 2024-01-02\npublished: true', 'banana の記事。'),
      'c.md': post('title: 下書き\ndate: 2024-01-03\npublished: false'),
    },
  });
});
afterAll(() => site?.remove());

/** Runs `run` with `from` replaced by `to` in the copy's `file`, then puts the file back. */
async function withChange<T>(file: string, from: string, to: string, run: () => Promise<T>): Promise<T> {
  const path = join(site.dir, file);
  const original = readFileSync(path, 'utf8');
  const changed = original.replace(from, to);
  expect(changed, `${file} holds what the test changes`).not.toBe(original);
  writeFileSync(path, changed);
  try {
    return await run();
  } finally {
    writeFileSync(path, original);
  }
}

/** Builds with `from` replaced by `to` in the copy's `file`, then puts the file back. */
function buildWith(file: string, from: string, to: string): Promise<{ code: number; output: string }> {
  return withChange(file, from, to, () => site.astro(['build']));
}

/**
 * Builds as `buildWith` does, from an empty content store (a first build, or one after `--force`), for
 * a build that stops while the content syncs: it says whether dist/ was left as the last build made it
 * (such a build stops before Astro empties dist/).
 */
async function coldBuildWith(file: string, from: string, to: string): Promise<{ code: number; output: string; distKept: boolean }> {
  rmSync(join(site.dir, 'node_modules', '.astro'), { recursive: true, force: true });
  const distNow = () => JSON.stringify(site.files().map((f) => [f, readFileSync(join(site.dist, f)).toString('base64')]));
  const before = distNow();
  const build = await buildWith(file, from, to);
  return { ...build, distKept: distNow() === before };
}

const LOADER = 'src/posts/posts-loader.ts';

describe('a build whose Astro internals moved', () => {
  it('stops, naming the problem, when the pages hand the search index nothing (getStaticPaths run in another realm)', async () => {
    // Each module instance gets its own receivers, as the pages would in another thread or runtime.
    const build = await buildWith('src/build-speed/build-hand-off.ts', '((globalThis as { [KEY]?: HandOffs })[KEY] ??= new Map())', '(perRealm ??= new Map());\nlet perRealm: HandOffs | undefined');
    expect(build.code, build.output).not.toBe(0);
    expect(build.output).toContain('2 post pages were rendered, but nothing was handed over to "search-pages"');
    expect(existsSync(join(site.dist, UNFINISHED_MARK))).toBe(true);
    // The other internals were where the project expects them.
    expect(build.output).not.toContain("Astro's content store is not at");
    expect(build.output).not.toContain('the page cache cannot be sealed');
  });

  it('stops, naming a post, when the content store reaches the pages empty', async () => {
    const build = await buildWith('src/build-speed/content-store.ts', '`export default store;`', '`export default new Map();`');
    expect(build.code, build.output).not.toBe(0);
    expect(build.output).toContain('Published posts exist (src/content/posts/a.md and maybe others), but the build rendered no post page');
    expect(existsSync(join(site.dist, UNFINISHED_MARK))).toBe(true);
  });

  it('builds every post with Astro’s own content store module, and says so, when the store file is not where the project reads it', async () => {
    const build = await buildWith('src/build-speed/content-store.ts', "new URL('data-store.json', config.cacheDir)", "new URL('moved/data-store.json', config.cacheDir)");
    expect(build.code, build.output).toBe(0);
    expect(build.output).toContain("Astro's content store is not at");
    expect(site.read('posts/a/index.html')).toContain('記事A');
    expect(site.read('posts/b/index.html')).toContain('記事B');
    expect(existsSync(join(site.dist, 'posts/c'))).toBe(false);
    expect((await searchSite(site.dist, 'banana')).map((hit) => hit.url)).toEqual(['/posts/b/']);
  });

  it('stops, naming the problem, when Astro gives loaders no entry types (the loader context changed)', async () => {
    const build = await coldBuildWith(LOADER, '(context as unknown as { entryTypes?: Map<string, EntryType> }).entryTypes', 'undefined as Map<string, EntryType> | undefined');
    expect(build.code, build.output).not.toBe(0);
    expect(build.output).toContain('Astro no longer gives loaders `entryTypes`');
    expect(build.distKept, 'dist/ as the last finished build left it').toBe(true);
  });

  it('stops, naming the problem, when the glob loader no longer reads posts through the entry types it is given', async () => {
    // The glob loader reads with Astro's own entry types, as one that stopped using the context's would.
    const build = await coldBuildWith(LOADER, 'parseData, store, entryTypes, watcher }', 'parseData, store, entryTypes: astroEntryTypes, watcher }');
    expect(build.code, build.output).not.toBe(0);
    expect(build.output).toContain('the glob loader did not read the posts through the entry types it was given');
    expect(build.distKept, 'dist/ as the last finished build left it').toBe(true);
  });

  it('stops, naming the problem, when the glob loader stores posts without the store it is given', async () => {
    // The glob loader stores into Astro's store directly, as one that kept its own reference would.
    const build = await coldBuildWith(LOADER, 'parseData, store, entryTypes, watcher }', 'parseData, store: context.store, entryTypes, watcher }');
    expect(build.code, build.output).not.toBe(0);
    expect(build.output).toContain('the glob loader stored posts without the store it was given');
    expect(build.distKept, 'dist/ as the last finished build left it').toBe(true);
  });
});

describe('astro dev whose content-changed message moved', () => {
  it('still shows a saved post on a reload, once Astro has saved its content store', async () => {
    // Astro handles the message under its own name only: under another, as if Astro had renamed it.
    await withChange('src/integrations/dev-posts.ts', "'astro:content-changed'", "'astro:content-changed-moved'", async () => {
      const dev = await site.dev();
      try {
        expect(await fetchText(`${dev.url}/posts/a/`)).toContain('apple の記事。');
        writeFileSync(join(site.dir, 'src/content/posts/a.md'), post('title: 記事A\ndate: 2024-01-01\npublished: true', 'avocado の記事。'));
        const deadline = Date.now() + 15_000;
        let body = '';
        while (Date.now() < deadline && !body.includes('avocado の記事。')) {
          await new Promise((r) => setTimeout(r, 200));
          body = await fetchText(`${dev.url}/posts/a/`);
        }
        expect(body, dev.output()).toContain('avocado の記事。');
        expect(body).not.toContain('apple の記事。');
      } finally {
        await dev.stop();
        writeFileSync(join(site.dir, 'src/content/posts/a.md'), post('title: 記事A\ndate: 2024-01-01\npublished: true', 'apple の記事。'));
      }
    });
  });
});

async function fetchText(url: string): Promise<string> {
  return (await fetch(url)).text();
}
