/**
 * Merging Pagefind bundles (src/search/pagefind-merge.ts), against the real Pagefind: an index made in
 * parts and merged must be the index Pagefind makes of all the pages at once.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import * as pagefind from 'pagefind';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergePagefindBundles, readPagefindMeta } from '../../src/search/pagefind-merge.ts';
import { searchPage, type SearchPage } from '../../src/search/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';

const root = mkdtempSync(join(tmpdir(), 'pagefind-merge-'));
// Small index chunks (Pagefind's own setting, which the merge follows), so that there are many, and
// chunk ranges between one-word chunks and words that share long prefixes.
const chunkSize = process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'];
process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'] = '300';
afterAll(() => {
  if (chunkSize === undefined) delete process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'];
  else process.env['PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE'] = chunkSize;
  rmSync(root, { recursive: true, force: true });
});

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

// Japanese and English words, words shared by many posts and by one, words with diacritics
// (Pagefind indexes "café" under "cafe" with the spelling as a variant), words that share long
// prefixes, and a metadata field that only the posts of one part have (fields are numbered in
// each part by name, so the merge must renumber them).
const words = ['検索', '東京', '東京都', '東京駅', '東北', 'タワー', 'ビルド', '記事', 'astro', 'build', 'building', 'builder', 'feed', 'café', 'résumé', 'naïve', 'Über', 'shiki', '日本語', 'テスト'];
const withExtraField = (page: SearchPage, i: number): SearchPage =>
  i >= 51 && i < 120 ? { ...page, content: page.content.replace('<h1>', `<span hidden data-pagefind-meta="aaa:追加 extra${i}"></span><h1>`) } : page;
const pages = Array.from({ length: 200 }, (_, i) =>
  searchPage({
    id: `p${i}`,
    title: `${words[i % words.length]}の記事 ${i}`,
    lang: 'ja',
    date: `2024年${(i % 12) + 1}月1日`,
    html: `<p>${Array.from({ length: 120 }, (_, j) => words[(i * 7 + j * (1 + (i % 4))) % words.length]).join(' ')} word${i} 語${i}番</p><pre><code>const x${i} = ${i};</code></pre>`,
  }),
).map(withExtraField);

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
    expect(contents(merged, 'index').length).toBeGreaterThan(20); // many chunks, so their ranges matter
    expect(contents(merged, 'index')).toEqual(contents(whole, 'index'));
    expect(contents(merged, 'fragment')).toEqual(contents(whole, 'fragment'));
    // The metadata, but for the files' names: the pages' word counts, the chunks' word ranges, the fields.
    const meta = (dir: string) => {
      const { pages: metaPages, chunks, ...rest } = readPagefindMeta(dir);
      return { ...rest, wordCounts: metaPages.map((p) => p.wordCount), ranges: chunks.map(({ from, to }) => [from, to]) };
    };
    expect(meta(merged)).toEqual(meta(whole));
    expect(meta(merged).metaFields).toContain('aaa');
    const entry = (dir: string) => JSON.parse(readFileSync(join(dir, 'pagefind-entry.json'), 'utf8'));
    expect(entry(merged).languages.ja.page_count).toBe(pages.length);
    expect(readdirSync(merged).filter((name) => !name.endsWith('.pf_meta')).sort()).toEqual(
      readdirSync(whole).filter((name) => !name.endsWith('.pf_meta')).sort(),
    );
  });

  it('finds the same posts, in the same order, for Japanese, English, prefixes and diacritics', async () => {
    for (const query of ['検索', 'タワー', '東京都', '東京駅', 'build', 'bui', 'builder', 'cafe', 'café', 'resume', 'uber', 'word42', '語7番', 'x199', '日本語 テスト', '追加', 'extra60']) {
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
    const newer = join(root, 'newer');
    cpSync(parts[1]!, newer, { recursive: true });
    const entry = join(newer, 'pagefind-entry.json');
    writeFileSync(entry, readFileSync(entry, 'utf8').replace('"version":"1.6.0"', '"version":"1.7.0"'));
    await expect(mergePagefindBundles([parts[0]!, newer], join(root, 'refused3'))).rejects.toThrow(`${newer}: was made by Pagefind 1.7.0`);
  });
});
