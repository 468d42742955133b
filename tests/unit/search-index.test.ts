/** The search index writer (src/integrations/search.ts), with the real Pagefind. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../../src/integrations/search.ts';
import { readPagefindMeta } from '../../src/lib/pagefind-merge.ts';
import { searchPage } from '../../src/lib/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';

const out = mkdtempSync(join(tmpdir(), 'search-index-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the search index', () => {
  it('is not written for a site without posts (Pagefind cannot search an empty index)', async () => {
    const dir = join(out, 'empty');
    expect(await writeSearchIndex([], dir, 'ja')).toEqual({ posts: 0, reused: false, parts: 0, indexed: 0 });
    expect(existsSync(join(dir, 'pagefind'))).toBe(false);
  });

  it('finds the posts handed to it by their Japanese words, with title and date', async () => {
    const dir = join(out, 'site');
    // A file left in the output folder is not kept (nor in the way of the index's own files).
    mkdirSync(join(dir, 'pagefind', 'fragment'), { recursive: true });
    writeFileSync(join(dir, 'pagefind', 'fragment', 'stale.pf_fragment'), 'old');
    const post = { id: 'a', title: '署名用パスワードの再設定', lang: 'ja', date: '2023年5月10日', html: '<p>マイナンバーカードの署名用パスワードを再設定した。</p>' };
    expect(await writeSearchIndex([searchPage(post)], dir, 'ja')).toEqual({ posts: 1, reused: false, parts: 1, indexed: 1 });
    const hits = await searchSite(dir, '再設定');
    expect(hits).toMatchObject([{ url: '/posts/a/', title: '署名用パスワードの再設定', date: '2023年5月10日' }]);
    expect(existsSync(join(dir, 'pagefind', 'fragment', 'stale.pf_fragment'))).toBe(false);
  });

  it('numbers the pages in the order given, however long each takes to index (so every build writes the same index)', async () => {
    const dir = join(out, 'order');
    // The first page takes Pagefind far longer than the others, and all are added at once: the page
    // numbers (which the cache keys and the merge rely on) must still follow the order given.
    const long = searchPage({ id: 'long', title: '長い記事', lang: 'ja', date: '2024年1月1日', html: `<p>${'長い本文の段落。東京の写真。'.repeat(20_000)}</p>` });
    const short = Array.from({ length: 20 }, (_, i) => searchPage({ id: `s${i}`, title: `短い記事${i}`, lang: 'ja', date: '2024年1月2日', html: `<p>短い本文${i}。</p>` }));
    const pages = [long, ...short];
    await writeSearchIndex(pages, dir, 'ja');
    const bundle = join(dir, 'pagefind');
    const urls = readPagefindMeta(bundle).pages.map(({ hash }) => {
      const fragment = gunzipSync(readFileSync(join(bundle, 'fragment', `${hash}.pf_fragment`))).toString();
      return (JSON.parse(fragment.slice(fragment.indexOf('{'))) as { url: string }).url;
    });
    expect(urls).toEqual(pages.map((page) => page.url));
  }, 60_000);

  it('copies the index made from the same pages in an earlier build, and indexes again when one changed', async () => {
    const warnings: string[] = [];
    const cache = { dir: join(out, 'cache'), warn: (message: string) => warnings.push(message) };
    const page = (title: string, body: string) => searchPage({ id: 'a', title, lang: 'ja', date: '2024年1月2日', html: `<p>${body}</p>` });
    const first = [page('最初の題名', '夕焼けの写真を撮った。'), searchPage({ id: 'b', title: '別の記事', lang: 'ja', date: '2024年1月3日', html: '<p>朝の散歩。</p>' })];

    expect(await writeSearchIndex(first, join(out, 'one'), 'ja', cache)).toEqual({ posts: 2, reused: false, parts: 1, indexed: 1 });
    // The built index's pages are the kept part's and the kept index's files, linked: one file each.
    const fragments = readdirSync(join(out, 'one', 'pagefind', 'fragment'));
    expect(fragments.map((name) => statSync(join(out, 'one', 'pagefind', 'fragment', name)).nlink)).toEqual(fragments.map(() => 3));
    expect(await writeSearchIndex(first, join(out, 'two'), 'ja', cache)).toEqual({ posts: 2, reused: true, parts: 1, indexed: 0 });
    expect((await searchSite(join(out, 'two'), '夕焼け')).map((h) => h.title)).toEqual(['最初の題名']);

    const changed = [page('直した題名', '朝焼けの写真に差し替えた。'), first[1]!];
    expect(await writeSearchIndex(changed, join(out, 'three'), 'ja', cache)).toEqual({ posts: 2, reused: false, parts: 1, indexed: 1 });
    expect((await searchSite(join(out, 'three'), '朝焼け')).map((h) => h.title)).toEqual(['直した題名']);
    expect(await searchSite(join(out, 'three'), '夕焼け')).toEqual([]);
    // Only the newest index and its part are kept, and no half-written copy is left behind.
    expect(readdirSync(cache.dir).sort()).toEqual(['parts', 'whole']);
    for (const kept of ['parts', 'whole']) {
      expect(readdirSync(join(cache.dir, kept))).toHaveLength(1);
      expect(readdirSync(join(cache.dir, kept)).some((name) => name.endsWith('.partial'))).toBe(false);
    }
    expect(warnings).toEqual([]);
  });

  it('is written, with a warning, when the cache cannot be kept', async () => {
    const blocked = join(out, 'blocked');
    writeFileSync(blocked, 'a file where the cache folder should be');
    const warnings: string[] = [];
    const post = searchPage({ id: 'a', title: '雨の日', lang: 'ja', date: '2024年6月1日', html: '<p>紫陽花が咲いた。</p>' });
    const dir = join(out, 'four');
    expect(await writeSearchIndex([post], dir, 'ja', { dir: blocked, warn: (m) => warnings.push(m) })).toEqual({ posts: 1, reused: false, parts: 1, indexed: 1 });
    expect((await searchSite(dir, '紫陽花')).map((h) => h.title)).toEqual(['雨の日']);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => /^could not .*search index.*ENOTDIR/su.test(w))).toBe(true);
    expect(warnings.some((w) => /could not keep the search index/u.test(w))).toBe(true);
  });

  it('is made in parts, and a rebuild indexes again only the part of the post that changed', async () => {
    const cache = { dir: join(out, 'parts-cache'), warn: (message: string) => expect.fail(message) };
    const post = (i: number, body: string) => searchPage({ id: `n${i}`, title: `記事${i}`, lang: 'ja', date: '2024年1月1日', html: `<p>${body}</p>` });
    const pages = Array.from({ length: 700 }, (_, i) => post(i, i === 123 ? '共通の話題、向日葵の写真' : `共通の話題 item${i}`));
    expect(await writeSearchIndex(pages, join(out, 'many-1'), 'ja', cache)).toEqual({ posts: 700, reused: false, parts: 4, indexed: 4 });

    const edited = pages.map((page, i) => (i === 123 ? post(i, '書き直した本文に紫陽花') : page));
    const dir = join(out, 'many-2');
    expect(await writeSearchIndex(edited, dir, 'ja', cache)).toEqual({ posts: 700, reused: false, parts: 4, indexed: 1 });
    expect((await searchSite(dir, '紫陽花')).map((hit) => hit.url)).toEqual(['/posts/n123/']);
    expect((await searchSite(join(out, 'many-1'), '向日葵')).map((hit) => hit.url)).toEqual(['/posts/n123/']);
    expect(await searchSite(dir, '向日葵')).toEqual([]);
    expect((await searchSite(dir, 'item456')).map((hit) => hit.url)).toEqual(['/posts/n456/']);
    expect(await searchSite(dir, '共通')).toHaveLength(699);
    // The parts of the last build only: the edited post's old part is gone.
    expect(readdirSync(join(cache.dir, 'parts'))).toHaveLength(4);
  }, 60_000);
});
