/** The search index writer (src/search/search-integration.ts), with the real Pagefind. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeSearchIndex } from '../../src/search/search-integration.ts';
import { readPagefindMeta } from '../../src/search/pagefind-merge.ts';
import { searchPage } from '../../src/search/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';

const out = mkdtempSync(join(tmpdir(), 'search-index-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The URLs of a Pagefind bundle's pages, in its order. */
function pageUrls(bundle: string): string[] {
  return readPagefindMeta(bundle).pages.map(({ hash }) => {
    const fragment = gunzipSync(readFileSync(join(bundle, 'fragment', `${hash}.pf_fragment`))).toString();
    return (JSON.parse(fragment.slice(fragment.indexOf('{'))) as { url: string }).url;
  });
}

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
    expect(pageUrls(join(dir, 'pagefind'))).toEqual(pages.map((page) => page.url));
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
      const [folder, record, ...others] = readdirSync(join(cache.dir, kept)).sort();
      expect([record, others]).toEqual([`${folder}.files.json`, []]);
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
    // The parts of the last build only (each with its record of files): the edited post's old part is gone.
    expect(readdirSync(join(cache.dir, 'parts')).filter((name) => !name.endsWith('.files.json'))).toHaveLength(4);
  }, 60_000);

  it('is made again, with a warning, when the kept index changed since it was kept (in the cache or through dist/)', async () => {
    const warnings: string[] = [];
    const cache = { dir: join(out, 'damaged-whole-cache'), warn: (message: string) => warnings.push(message) };
    const pages = Array.from({ length: 6 }, (_, i) => searchPage({ id: `w${i}`, title: `記事${i}`, lang: 'ja', date: '2024年1月1日', html: `<p>本文${i}、灯台の話。</p>` }));
    const clean = join(out, 'whole-clean');
    await writeSearchIndex(pages, clean, 'ja', cache);
    // Half the fragments deleted from the kept index, and its entry file edited in place through dist/.
    const whole = join(cache.dir, 'whole', readdirSync(join(cache.dir, 'whole')).find((name) => !name.endsWith('.json'))!);
    const fragments = readdirSync(join(whole, 'fragment')).sort();
    for (const name of fragments.slice(0, 3)) rmSync(join(whole, 'fragment', name));
    const entry = join(clean, 'pagefind', 'pagefind-entry.json');
    const cleanEntry = readFileSync(entry, 'utf8');
    writeFileSync(entry, cleanEntry.replace('"page_count":6', '"page_count":5'));

    const dir = join(out, 'whole-again');
    expect(await writeSearchIndex(pages, dir, 'ja', cache)).toEqual({ posts: 6, reused: false, parts: 1, indexed: 0 });
    expect(warnings).toEqual([
      `the search index kept from the last build changed since (${fragments.slice(0, 3).map((f) => `fragment/${f}`).join(', ')} are missing; pagefind-entry.json changed): made again from its parts`,
    ]);
    expect(readdirSync(join(dir, 'pagefind', 'fragment')).sort()).toEqual(fragments);
    expect(readFileSync(join(dir, 'pagefind', 'pagefind-entry.json'), 'utf8')).toBe(cleanEntry);
    expect(await searchSite(dir, '灯台')).toHaveLength(6);
    // Made again, it is trusted again.
    expect(await writeSearchIndex(pages, join(out, 'whole-third'), 'ja', cache)).toEqual({ posts: 6, reused: true, parts: 1, indexed: 0 });
    expect(warnings).toHaveLength(1);
  }, 60_000);

  it('indexes a kept part again, with a warning, when one of its files was truncated (the build goes on)', async () => {
    const warnings: string[] = [];
    const cache = { dir: join(out, 'damaged-part-cache'), warn: (message: string) => warnings.push(message) };
    const post = (i: number, body: string) => searchPage({ id: `t${i}`, title: `記事${i}`, lang: 'ja', date: '2024年1月1日', html: `<p>${body}</p>` });
    const pages = Array.from({ length: 400 }, (_, i) => post(i, `共通の話題 item${i}`));
    expect(await writeSearchIndex(pages, join(out, 'part-1'), 'ja', cache)).toMatchObject({ parts: 2, indexed: 2 });
    // One of a part's index files cut short.
    const partsDir = join(cache.dir, 'parts');
    const damaged = join(partsDir, readdirSync(partsDir).find((name) => !name.endsWith('.json'))!);
    const [chunk] = readdirSync(join(damaged, 'index'));
    const file = join(damaged, 'index', chunk!);
    const size = statSync(file).size;
    writeFileSync(file, readFileSync(file).subarray(0, 20));

    // A post of the other part changes: the damaged part is read for the merge.
    const inDamaged = new Set(pageUrls(damaged));
    const other = pages.findIndex((page) => !inDamaged.has(page.url));
    const edited = pages.map((page, i) => (i === other ? post(i, '書き直した本文に紫陽花') : page));
    const dir = join(out, 'part-2');
    expect(await writeSearchIndex(edited, dir, 'ja', cache)).toEqual({ posts: 400, reused: false, parts: 2, indexed: 2 });
    expect(warnings).toEqual([`a search index part kept from the last build changed since (index/${chunk} is 20 bytes, ${size} when kept): indexing it again`]);
    expect((await searchSite(dir, '紫陽花')).map((hit) => hit.url)).toEqual([`/posts/t${other}/`]);
    expect((await searchSite(dir, 'item399')).map((hit) => hit.url)).toEqual(['/posts/t399/']);
  }, 60_000);
});
