/**
 * The check at the end of a build (src/integrations/rendered-posts-check.ts): posts on disk and none
 * rendered, posts rendered and nothing handed over to search, or a search index without posts, each
 * stop the build with the problem named; a blog without published posts builds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { firstPublishedPost, indexedPages, renderedPostsCheck, renderedPostsProblem } from '../../src/integrations/rendered-posts-check.ts';
import { receive, receiverOf } from '../../src/build-speed/build-hand-off.ts';

const root = mkdtempSync(join(tmpdir(), 'rendered-posts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let made = 0;
/** A project folder with `posts` (path → text) under src/content/posts and, if given, a search index entry. */
function project(posts: Record<string, string>, pagefindEntry?: unknown) {
  const dir = join(root, `p${made++}`);
  for (const [path, text] of Object.entries(posts)) {
    mkdirSync(join(dir, 'src/content/posts', path, '..'), { recursive: true });
    writeFileSync(join(dir, 'src/content/posts', path), text);
  }
  mkdirSync(join(dir, 'dist', 'pagefind'), { recursive: true });
  if (pagefindEntry !== undefined) writeFileSync(join(dir, 'dist', 'pagefind', 'pagefind-entry.json'), JSON.stringify(pagefindEntry));
  return dir;
}
const draft = '---\ntitle: 下書き\ndate: 2024-01-01\npublished: false\n---\n本文\n';
const published = '---\ntitle: 記事\ndate: 2024-01-01\npublished: true\n---\n本文\n';
const entry = (pages: number) => ({ version: '1.6.0', languages: { ja: { hash: 'ja_1', wasm: 'ja', page_count: pages } } });

type Hook = (options: unknown) => unknown;
/** Runs the integration's hooks as Astro does in a build that rendered `rendered` post pages. */
function build(dir: string, rendered: number, options: Parameters<typeof renderedPostsCheck>[0] = {}) {
  const { hooks } = renderedPostsCheck({ handOffs: ['test-search'], searchIndex: 'pagefind', ...options });
  (hooks['astro:config:setup'] as Hook)({ command: 'build' });
  (hooks['astro:config:done'] as Hook)({ config: { root: pathToFileURL(`${dir}/`), outDir: pathToFileURL(`${dir}/dist/`) } });
  (hooks['astro:routes:resolved'] as Hook)({ routes: [{ pattern: '/posts/[...slug]' }, { pattern: '/' }] });
  const pages = Array.from({ length: rendered }, (_, i) => pathToFileURL(join(dir, 'dist', 'posts', `p${i}`, 'index.html')));
  return () => (hooks['astro:build:done'] as Hook)({ assets: new Map([['/posts/[...slug]', pages], ['/', [pathToFileURL(join(dir, 'dist/index.html'))]]]) });
}

describe('the rendered-posts check', () => {
  it('stops a build that rendered no post page while published posts exist, naming one', () => {
    const dir = project({ 'a-draft.md': draft, '2024/trip.md': published });
    expect(build(dir, 0)).toThrow(/^Published posts exist \(src\/content\/posts\/2024\/trip\.md and maybe others\), but the build rendered no post page/u);
  });

  it('lets a blog without published posts build (none, or only drafts)', () => {
    expect(build(project({ 'a.md': draft }), 0)).not.toThrow();
    expect(build(project({}), 0)).not.toThrow();
  });

  it('finds published posts in YAML and TOML frontmatter, in folders, and not in hidden files or drafts', () => {
    const dir = project({
      '.hidden/a.md': published,
      'b.md': draft,
      'bundle/index.mdx': '+++\ntitle = "記事"\npublished = true\n+++\n本文\n',
      'c.md': '---\npublished: "true"\n---\n', // text, not true: the schema refuses it
    });
    expect(firstPublishedPost(join(dir, 'src/content/posts'))).toBe(join(dir, 'src/content/posts/bundle/index.mdx'));
    expect(firstPublishedPost(join(dir, 'nowhere'))).toBeUndefined();
  });

  it('stops a build whose post pages were rendered while the search hand-off never arrived', () => {
    const dir = project({ 'a.md': published }, entry(1));
    receive('test-search', () => undefined); // the search integration waits; the pages never call it
    expect(build(dir, 2)).toThrow('2 post pages were rendered, but nothing was handed over to "test-search"');
    receiverOf('test-search')!([]);
    expect(build(dir, 2)).not.toThrow();
  });

  it('stops a build whose post pages were rendered while the search index holds no post, or is missing', () => {
    receive('test-search', () => undefined);
    receiverOf('test-search')!([]);
    expect(build(project({ 'a.md': published }, entry(0)), 1)).toThrow('1 post page was rendered, but the search index in dist/pagefind/ holds no post');
    expect(build(project({ 'a.md': published }), 1)).toThrow('holds no post');
    expect(build(project({ 'a.md': published }, entry(1)), 1)).not.toThrow();
  });

  it('reads the page count of Pagefind’s entry, and does not judge one laid out otherwise', () => {
    const dir = project({}, { version: '2.0.0', indexes: [] });
    expect(indexedPages(join(dir, 'dist/pagefind'))).toBeUndefined();
    expect(indexedPages(join(project({}, entry(7)), 'dist/pagefind'))).toBe(7);
    expect(renderedPostsProblem({ rendered: 1, postsFolder: join(dir, 'src/content/posts'), root: dir, handOffs: [], searchIndex: join(dir, 'dist/pagefind') })).toBeUndefined();
  });

  it('stops at the start of a build when the site has no route of that name for its posts', () => {
    const { hooks } = renderedPostsCheck({ postRoute: '/blog/[slug]' });
    (hooks['astro:config:setup'] as Hook)({ command: 'build' });
    expect(() => (hooks['astro:routes:resolved'] as Hook)({ routes: [{ pattern: '/posts/[...slug]' }] })).toThrow('the site has no route /blog/[slug] for its posts');
    (hooks['astro:config:setup'] as Hook)({ command: 'dev' });
    expect(() => (hooks['astro:routes:resolved'] as Hook)({ routes: [] })).not.toThrow();
  });
});
