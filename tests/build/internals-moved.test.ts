/**
 * What a build does when an internal of Astro that this project relies on moves: real builds of a
 * small site whose code is changed as the internal's move would change what it sees. Each either
 * stops with the problem named (src/integrations/rendered-posts-check.ts) or falls back to Astro's
 * own way and says so; none ends as a success with a site without posts or without search.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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

/** Builds with `from` replaced by `to` in the copy's `file`, then puts the file back. */
async function buildWith(file: string, from: string, to: string): Promise<{ code: number; output: string }> {
  const path = join(site.dir, file);
  const original = readFileSync(path, 'utf8');
  const changed = original.replace(from, to);
  expect(changed, `${file} holds what the test changes`).not.toBe(original);
  writeFileSync(path, changed);
  try {
    return await site.astro(['build']);
  } finally {
    writeFileSync(path, original);
  }
}

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
});
