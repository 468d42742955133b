/**
 * Contract: the installed Pagefind writes the index src/search/pagefind-merge.ts merges and
 * src/integrations/rendered-posts-check.ts counts. The merge re-implements one Pagefind version's
 * format and refuses any other (the build then indexes all posts at once, as
 * tests/unit/search-index-fallback.test.ts shows): this test fails first, so that an upgrade of
 * Pagefind is never a slower build that nobody noticed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as pagefind from 'pagefind';
import { afterAll, describe, expect, it } from 'vitest';
import { indexedPages } from '../../src/integrations/rendered-posts-check.ts';
import { mergePagefindBundles, mergesBundlesOf, readPagefindMeta } from '../../src/search/pagefind-merge.ts';
import { searchPage, type SearchPage } from '../../src/search/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';
import { installedVersion } from './installed.ts';

const dir = mkdtempSync(join(tmpdir(), 'contract-pagefind-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const words = ['apple', 'banana', 'cherry', 'durian', 'elderberry', 'fig'];
const pages = words.map((word, i) => searchPage({ id: `p${i}`, title: `記事${i}`, lang: 'ja', date: '2024年1月1日', html: `<p>検索の記事。${word}</p>` }));

/** The installed Pagefind's index of `part`, as src/search/search-integration.ts makes each part. */
async function index(part: readonly SearchPage[], out: string): Promise<string> {
  try {
    const { index } = await pagefind.createIndex({ forceLanguage: 'ja' });
    for (const page of part) await index!.addHTMLFile(page);
    await index!.writeFiles({ outputPath: out });
  } finally {
    await pagefind.close();
  }
  return out;
}

describe('the installed Pagefind’s index, as the merge and the build check read it', () => {
  it('is of the version the merge reads', () => {
    expect(mergesBundlesOf(installedVersion('pagefind')), `Pagefind ${installedVersion('pagefind')}`).toBe(true);
  });

  it('is laid out as the merge reads it, merges into one searchable index, and gives its page count to the build check', async () => {
    const first = await index(pages.slice(0, 3), join(dir, 'part-0'));
    const second = await index(pages.slice(3), join(dir, 'part-1'));
    expect(readPagefindMeta(first)).toMatchObject({ version: installedVersion('pagefind'), lang: 'ja' });
    expect(indexedPages(first)).toBe(3);

    const merged = join(dir, 'site', 'pagefind');
    expect(await mergePagefindBundles([first, second], merged)).toBe(6);
    expect(indexedPages(merged)).toBe(6);
    for (const [i, word] of words.entries()) expect((await searchSite(join(dir, 'site'), word)).map((hit) => hit.url), word).toEqual([`/posts/p${i}/`]);
  }, 60_000);
});
