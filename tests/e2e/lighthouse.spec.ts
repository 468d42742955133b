/**
 * Lighthouse on the home page, a post, a tag page and the search page: 100 in accessibility, best
 * practices and SEO; at least 95 in performance. The scores are printed for every run.
 */
import { expect, test } from '@playwright/test';
import { belowThresholds, printScores, scorePages } from '../../scripts/lighthouse.mjs';

test('Lighthouse scores', async ({ baseURL }) => {
  const results = await scorePages(baseURL!);
  printScores(results);
  for (const r of results) if (r.failing.length > 0) console.log(`${r.path} loses points on: ${r.failing.join(', ')}`);
  expect(belowThresholds(results)).toEqual([]);
});
