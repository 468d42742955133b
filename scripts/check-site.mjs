#!/usr/bin/env node
// `node scripts/check-site.mjs [dist]`: checks a built site before it is published (the deploy workflow
// runs it after `npm run build`): the build finished (no UNFINISHED-BUILD.txt), the home page, 404
// page, feed, sitemap and share image are there, a site with posts has its search index, every feed is
// valid RSS, the sitemap lists exactly the pages, and no link the templates made is broken.
// Prints the problems and exits 1 when there is any.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkFeed, checkLinks, checkSitemap, listFiles } from './lib/site-checks.mjs';
import { site } from '../src/site.config.ts';

const dist = resolve(process.argv[2] ?? 'dist');
const url = new URL(site.url);
const base = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;

/**
 * Problems of the built site in `dist`, for the site published at `origin` under `base`.
 * @param {string} dist
 * @param {{ origin: string, base: string }} options
 * @returns {string[]}
 */
export function siteProblems(dist, { origin, base }) {
  if (!existsSync(dist)) return [`${dist} does not exist: run npm run build first`];
  const files = new Set(listFiles(dist));
  /** @type {string[]} */
  const problems = [];
  if (files.has('UNFINISHED-BUILD.txt')) problems.push('dist/ is from a build that did not finish (UNFINISHED-BUILD.txt): build again');
  for (const needed of ['index.html', '404.html', 'rss.xml', 'sitemap-index.xml', 'og.png']) {
    if (!files.has(needed)) problems.push(`${needed} is missing`);
  }
  const posts = [...files].filter((f) => /^posts\/.+\/index\.html$/u.test(f));
  if (posts.length > 0 && !files.has('pagefind/pagefind.js')) problems.push(`${posts.length} posts but no search index (pagefind/)`);
  for (const feed of [...files].filter((f) => f.endsWith('rss.xml'))) problems.push(...checkFeed(readFileSync(join(dist, feed), 'utf8'), feed));
  problems.push(...checkSitemap(dist, { origin, base }));
  problems.push(...checkLinks(dist, { origin, base, templatesOnly: true }));
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = siteProblems(dist, { origin: url.origin, base });
  if (problems.length > 0) {
    console.error(`check-site: ${problems.length} problem(s) in ${dist}:\n- ${problems.slice(0, 50).join('\n- ')}`);
    process.exit(1);
  }
  console.log(`check-site: ${dist} is whole (${listFiles(dist).length} files)`);
}
