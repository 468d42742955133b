/**
 * Everything that must hold for any built site: html-validate finds no error on any page; every
 * internal link, asset and #fragment resolves; every RSS feed is valid; the sitemap lists every page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import config from '../../.htmlvalidate.mjs';
import { checkFeed, checkLinks, checkSitemap, listFiles } from '../../scripts/lib/site-checks.mjs';

export async function siteProblems(dist: string, origin: string, base = '/'): Promise<string[]> {
  const problems: string[] = [];
  const validator = new HtmlValidate(config);
  const files = listFiles(dist);
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const report = await validator.validateString(readFileSync(join(dist, file), 'utf8'), file);
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`${file}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
  }
  problems.push(...checkLinks(dist, { origin, base }));
  for (const feed of files.filter((f) => f.endsWith('rss.xml'))) {
    problems.push(...checkFeed(readFileSync(join(dist, feed), 'utf8'), feed));
  }
  problems.push(...checkSitemap(dist, { origin, base }));
  return problems;
}
