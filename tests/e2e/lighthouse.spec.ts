/**
 * Lighthouse on the home page, a post, a tag page and the search page: 100 in accessibility, best
 * practices and SEO; at least 95 in performance. The scores are printed for every run. The Chromium
 * it runs leaves nothing in the temporary folder.
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect, test } from '@playwright/test';
import { belowThresholds, printScores, scorePages } from '../../scripts/lighthouse.mjs';

/** What Chromium and scorePages make in the temporary folder. */
const chromiumFolders = () => new Set(readdirSync(tmpdir()).filter((name) => /^(org\.chromium\.|lighthouse)/u.test(name)));

test('Lighthouse scores', async ({ baseURL }) => {
  const before = chromiumFolders();
  const results = await scorePages(baseURL!);
  printScores(results);
  for (const r of results) if (r.failing.length > 0) console.log(`${r.path} loses points on: ${r.failing.join(', ')}`);
  expect(belowThresholds(results)).toEqual([]);
  expect([...chromiumFolders()].filter((name) => !before.has(name))).toEqual([]);
});
