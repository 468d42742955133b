/**
 * Lighthouse on the real blog's biggest pages (the efcl corpus, 837 posts): the archive of all years,
 * the year with the most posts and the longest post. 100 in accessibility, best practices and SEO, at
 * least 95 in performance (scripts/lighthouse.mjs), as tests/e2e/lighthouse.spec.ts asks of the
 * fixture site. The pages are found from the built site, not named here.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { belowThresholds, printScores, scorePages } from '../../scripts/lighthouse.mjs';

/** Every page the sitemap lists, as paths. */
async function sitemapPaths(request: APIRequestContext): Promise<string[]> {
  const index = await (await request.get('/sitemap-index.xml')).text();
  const maps = [...index.matchAll(/<loc>([^<]+)<\/loc>/gu)].map((m) => new URL(m[1]!).pathname);
  const paths: string[] = [];
  for (const map of maps) {
    const xml = await (await request.get(map)).text();
    paths.push(...[...xml.matchAll(/<loc>([^<]+)<\/loc>/gu)].map((m) => new URL(m[1]!).pathname));
  }
  return paths;
}

/**
 * Of `paths`, the one whose page is largest, among those that load nothing from another host: the
 * test machine reaches no other host, and a post's hotlinked image that cannot load there would cost
 * it the points Lighthouse gives for a console without errors (the author's image, not this site).
 */
async function largest(request: APIRequestContext, paths: readonly string[]): Promise<string> {
  let best = { path: '', size: -1 };
  for (const path of paths) {
    const html = await (await request.get(path)).text();
    if (/\s(?:src|srcset|poster)=["']?https?:/iu.test(html)) continue;
    if (html.length > best.size) best = { path, size: html.length };
  }
  expect(best.path, `a page without resources from other hosts among ${paths.length}`).not.toBe('');
  return best.path;
}

test('Lighthouse scores of the archive, its largest year and the longest post', async ({ request, baseURL }) => {
  const paths = await sitemapPaths(request);
  const posts = paths.filter((p) => p.startsWith('/posts/'));
  const years = paths.filter((p) => /^\/archive\/\d{4}\/$/u.test(p));
  expect(posts.length).toBeGreaterThan(800);
  expect(years.length, 'the archive has a page a year').toBeGreaterThan(0);
  const pages = ['/archive/', await largest(request, years), await largest(request, posts)];
  const results = await scorePages(baseURL!, pages);
  printScores(results);
  for (const r of results) if (r.failing.length > 0) console.log(`${r.path} loses points on: ${r.failing.join(', ')}`);
  expect(belowThresholds(results)).toEqual([]);
});
