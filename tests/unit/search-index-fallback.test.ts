/**
 * The search index when its parts cannot be merged (src/search/search-integration.ts): the merge knows one
 * Pagefind's index format (src/search/pagefind-merge.ts) and refuses any other, and the build then falls
 * back to Pagefind's own way, every post indexed at once, with a warning; never a site without search.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeSearchIndex } from '../../src/search/search-integration.ts';
import { searchPage } from '../../src/search/search-pages.ts';
import { searchSite } from '../helpers/pagefind.ts';

// A merge that refuses the parts as it refuses a Pagefind it does not know (a changed version).
const merge = vi.hoisted(() => ({ as: 'merged' as 'merged' | 'newer Pagefind' | 'disk full' }));
vi.mock('../../src/search/pagefind-merge.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/search/pagefind-merge.ts')>();
  return {
    ...actual,
    mergePagefindBundles: (parts: readonly string[], target: string) => {
      if (merge.as === 'newer Pagefind') return Promise.reject(new actual.PagefindMergeError(`${parts[0]}: was made by Pagefind 1.7.0, this merge reads 1.6`));
      if (merge.as === 'disk full') return Promise.reject(new Error('ENOSPC: no space left on device'));
      return actual.mergePagefindBundles(parts, target);
    },
  };
});

const out = mkdtempSync(join(tmpdir(), 'search-fallback-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const words = ['apple', 'banana', 'cherry', 'durian', 'elderberry'];
const posts = words.map((word, i) => searchPage({ id: `p${i}`, title: `記事${i}`, lang: 'ja', date: '2024年1月1日', html: `<p>夕焼けの写真。${word}</p>` }));

describe('a search index whose parts cannot be merged', () => {
  it('is made by Pagefind at once, with a warning naming why, when the merge refuses another Pagefind version', async () => {
    merge.as = 'newer Pagefind';
    try {
      const warnings: string[] = [];
      const dir = join(out, 'newer');
      const result = await writeSearchIndex(posts, dir, 'ja', { dir: join(out, 'cache-newer'), warn: (message) => warnings.push(message) });
      expect(result.posts).toBe(5);
      expect(warnings.join('\n')).toContain('the search index parts cannot be merged (');
      expect(warnings.join('\n')).toContain('was made by Pagefind 1.7.0');
      expect(warnings.join('\n')).toContain('all 5 posts are indexed at once instead');
      for (const [i, word] of words.entries()) expect((await searchSite(dir, word)).map((hit) => hit.url)).toEqual([`/posts/p${i}/`]);
    } finally {
      merge.as = 'merged';
    }
  }, 60_000);

  it('is made by Pagefind at once when a part holds what the merge does not know (a filter)', async () => {
    const warnings: string[] = [];
    const filtered = { url: '/posts/f/', content: posts[0]!.content.replace('<p>', '<p data-pagefind-filter="tag">タグ</p><p>') };
    const dir = join(out, 'filtered');
    await writeSearchIndex([filtered, ...posts.slice(1)], dir, 'ja', { dir: join(out, 'cache-filtered'), warn: (message) => warnings.push(message) });
    expect(warnings.join('\n')).toContain('has filters');
    expect((await searchSite(dir, 'apple')).map((hit) => hit.url)).toEqual(['/posts/f/']);
    expect((await searchSite(dir, 'durian')).map((hit) => hit.url)).toEqual(['/posts/p3/']);
  }, 60_000);

  it('fails the build on any other error: only a refusal falls back', async () => {
    merge.as = 'disk full';
    try {
      await expect(writeSearchIndex(posts, join(out, 'full'), 'ja')).rejects.toThrow('ENOSPC');
    } finally {
      merge.as = 'merged';
    }
  }, 60_000);
});
