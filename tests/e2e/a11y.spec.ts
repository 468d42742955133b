/** axe-core finds no violation on any page type, in light and in dark mode. */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.ts';

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

for (const scheme of ['light', 'dark'] as const) {
  for (const [name, path] of Object.entries(PAGES)) {
    test(`${name} has no axe violations (${scheme})`, async ({ page, expectedStatuses }) => {
      expectedStatuses.set('/no-such-page/', 404);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(path);
      if (name === 'search') await expect(page.locator('#search-results li').first()).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).analyze();
      expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    });
  }
}
