#!/usr/bin/env node
// `node scripts/lighthouse.mjs <base URL> [path ...]`: runs Lighthouse (mobile, default throttling) on
// each page with Debian's Chromium (CHROME_PATH, default /usr/bin/chromium) and prints the four scores.
// Exits non-zero when a page scores below 100 in accessibility, best practices or SEO, or below 95 in
// performance (the one score that depends on the machine's speed).
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'chrome-launcher';
import lighthouse from 'lighthouse';

export const THRESHOLDS = { performance: 95, accessibility: 100, 'best-practices': 100, seo: 100 };
export const DEFAULT_PATHS = ['/', '/posts/a/', `/tags/${encodeURIComponent('共通')}/`, '/search/'];

/** Scores (0-100) of each page, by category, and the audits that cost points. */
export async function scorePages(baseUrl, paths = DEFAULT_PATHS) {
  // chrome-launcher ends Chromium with SIGKILL, which leaves its lock folder (org.chromium.Chromium.*)
  // in the temporary folder: Chromium gets a temporary folder of its own, removed afterwards.
  const temp = mkdtempSync(join(tmpdir(), 'lighthouse-chromium-'));
  let chrome;
  try {
    chrome = await launch({
      chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      envVars: { ...process.env, TMPDIR: temp },
    });
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
  const results = [];
  try {
    for (const path of paths) {
      const url = new URL(path, baseUrl).href;
      const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error' });
      const scores = Object.fromEntries(Object.keys(THRESHOLDS).map((k) => [k, Math.round((lhr.categories[k]?.score ?? 0) * 100)]));
      const failing = Object.values(lhr.audits)
        .filter((a) => a.scoreDisplayMode === 'binary' || a.scoreDisplayMode === 'numeric' || a.scoreDisplayMode === 'metricSavings')
        .filter((a) => a.score !== null && a.score < 1)
        .map((a) => `${a.id} (${a.score})`);
      results.push({ path, scores, failing });
    }
  } finally {
    const { exitCode, signalCode } = chrome.process;
    const closed = exitCode === null && signalCode === null ? once(chrome.process, 'close') : undefined;
    chrome.kill();
    await closed;
    rmSync(temp, { recursive: true, force: true });
  }
  return results;
}

export function belowThresholds(results) {
  return results.flatMap(({ path, scores }) =>
    Object.entries(THRESHOLDS)
      .filter(([k, min]) => scores[k] < min)
      .map(([k, min]) => `${path}: ${k} ${scores[k]} < ${min}`),
  );
}

export function printScores(results) {
  console.log('page                          perf  a11y  best   seo');
  for (const { path, scores } of results) {
    const cells = Object.keys(THRESHOLDS).map((k) => String(scores[k]).padStart(5));
    console.log(`${decodeURI(path).padEnd(28)}${cells.join(' ')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [baseUrl, ...paths] = process.argv.slice(2);
  if (!baseUrl) {
    console.error('usage: node scripts/lighthouse.mjs <base URL> [path ...]');
    process.exit(2);
  }
  const results = await scorePages(baseUrl, paths.length > 0 ? paths : DEFAULT_PATHS);
  printScores(results);
  const low = belowThresholds(results);
  for (const r of results) if (r.failing.length) console.log(`${r.path}: ${r.failing.join(', ')}`);
  if (low.length > 0) {
    console.error(low.join('\n'));
    process.exit(1);
  }
}
