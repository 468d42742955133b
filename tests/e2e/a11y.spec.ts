/** axe-core finds no violation on any page type, in light and in dark mode. */
import { axeViolations, expect, SCHEMES, test } from './fixtures.ts';

const PAGES = {
  home: '/',
  'list page 2': '/page/2/',
  post: '/posts/a/',
  'post in English': '/posts/english/',
  tags: '/tags/',
  tag: `/tags/${encodeURIComponent('共通')}/`,
  archive: '/archive/',
  'archive year': '/archive/2023/',
  search: '/search/?q=署名',
  'not found': '/no-such-page/',
};

for (const [name, path] of Object.entries(PAGES)) {
  test(`${name} has no axe violations, light or dark`, async ({ page, expectedStatuses }) => {
    expectedStatuses.set('/no-such-page/', 404);
    const found: Record<string, string[]> = {};
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      if (name === 'search') await expect(page.locator('#search-results li').first()).toBeVisible();
      found[scheme] = await axeViolations(page);
    }
    expect(found).toEqual({ light: [], dark: [] });
  });
}
