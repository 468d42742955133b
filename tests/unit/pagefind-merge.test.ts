/**
 * Merging Pagefind bundles (src/lib/pagefind-merge.ts), against the real Pagefind: an index made in
 * parts and merged must be the index Pagefind makes of all the pages at once.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePagefindBundles } from '../../src/lib/pagefind-merge.ts';
import { searchPage, type SearchPage } from '../../src/lib/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';

const root = mkdtempSync(join(tmpdir(), 'pagefind-merge-'));
afterAll(() => (process.env.KEEP ? console.log(root) : rmSync(root, { recursive: true, force: true })));

/** Pagefind's own index of `pages`, added one by one so that they are numbered in this order. */
async function index(pages: readonly SearchPage[], dir: string): Promise<string> {
  try {
    const { index } = await pagefind.createIndex({ forceLanguage: 'ja' });
    for (const page of pages) await index!.addHTMLFile(page);
    await index!.writeFiles({ outputPath: dir });
  } finally {
    await pagefind.close();
  }
  return dir;
}

const unpack = (file: string) => gunzipSync(readFileSync(file));
/** The bundle's files by what they hold, unzipped: file names are hashes and may differ. */
function contents(dir: string, folder: string): string[] {
  return readdirSync(join(dir, folder))
    .map((name) => createHash('sha256').update(unpack(join(dir, folder, name))).digest('hex'))
    .sort();
}

// Japanese and English words, words shared by many posts and by one, a word with diacritics
// (Pagefind indexes "café" under "cafe" with the spelling as a variant) and enough of them for
// the index to be split into several chunks.
const words = ['検索', '東京', 'タワー', 'ビルド', '記事', 'astro', 'build', 'feed', 'café', 'résumé', 'naïve', 'Über', 'shiki', '日本語', 'テスト'];
const pages = Array.from({ length: 200 }, (_, i) =>
  searchPage({
    id: `p${i}`,
    title: `${words[i % words.length]}の記事 ${i}`,
    lang: 'ja',
    date: `2024年${(i % 12) + 1}月1日`,
    html: `<p>${Array.from({ length: 120 }, (_, j) => words[(i * 7 + j * (1 + (i % 4))) % words.length]).join(' ')} word${i} 語${i}番</p><pre><code>const x${i} = ${i};</code></pre>`,
  }),
);

describe('merging search index parts', () => {
  let whole = '';
  let merged = '';
  let parts: string[] = [];
  beforeAll(async () => {
    whole = await index(pages, join(root, 'whole', 'pagefind'));
    parts = [];
    for (const [i, slice] of [pages.slice(0, 50), pages.slice(50, 51), pages.slice(51, 120), pages.slice(120)].entries()) {
      parts.push(await index(slice, join(root, `part${i}`)));
    }
    merged = join(root, 'merged', 'pagefind');
    expect(await mergePagefindBundles(parts, merged)).toBe(pages.length);
  }, 60_000);

  it('gives the index Pagefind makes of all the pages at once, chunk for chunk', () => {
    expect(contents(merged, 'index').length).toBeGreaterThan(1); // several chunks, so their ranges matter
    expect(contents(merged, 'index')).toEqual(contents(whole, 'index'));
    expect(contents(merged, 'fragment')).toEqual(contents(whole, 'fragment'));
    const entry = (dir: string) => JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8'));
    expect(entry(merged).languages.ja.page_count).toBe(pages.length);
    expect(readdirSync(merged).filter((name) => !name.endsWith('.pf_meta')).sort()).toEqual(
      readdirSync(whole).filter((name) => !name.endsWith('.pf_meta')).sort(),
    );
  });

  it('finds the same posts, in the same order, for Japanese, English, prefixes and diacritics', async () => {
    for (const query of ['検索', '東京タワー', 'build', 'bui', 'cafe', 'café', 'resume', 'uber', 'word42', '語7番', 'x199', '日本語 テスト']) {
      const [fromParts, fromWhole] = [await searchSite(join(merged, '..'), query), await searchSite(join(whole, '..'), query)];
      expect(fromParts.length, query).toBeGreaterThan(0);
      expect(fromParts, query).toEqual(fromWhole);
    }
  });

  it('keeps two different pages apart when their fragments have the same name in two parts', async () => {
    // A copy of part 0 whose fragments hold other URLs: the same names, different contents.
    const copy = join(root, 'renamed');
    cpSync(parts[0]!, copy, { recursive: true });
    for (const name of readdirSync(join(copy, 'fragment'))) {
      const file = join(copy, 'fragment', name);
      const text = unpack(file).toString('utf8').replace(/"url":"\/posts\/p(\d+)\/"/u, '"url":"/posts/copy$1/"');
      writeFileSync(file, gzipSync(Buffer.from(text)));
    }
    const out = join(root, 'clash', 'pagefind');
    expect(await mergePagefindBundles([parts[0]!, copy], out)).toBe(100);
    const urls = (await searchSite(join(out, '..'), 'word7')).map((hit) => hit.url).sort();
    expect(urls).toEqual(['/posts/copy7/', '/posts/p7/']);
  });

  it('refuses, naming the part, what it cannot merge', async () => {
    const filtered = await index(
      [{ url: '/posts/f/', content: '<!doctype html><html lang="ja"><body><article data-pagefind-body><p data-pagefind-filter="tag">a</p><p>本文</p></article></body></html>' }],
      join(root, 'filtered'),
    );
    await expect(mergePagefindBundles([parts[0]!, filtered], join(root, 'refused'))).rejects.toThrow(`${filtered}: has filters`);
    await expect(mergePagefindBundles([join(root, 'nothing-here')], join(root, 'refused2'))).rejects.toThrow(/nothing-here: no readable pagefind-entry.json/u);
  });
});
