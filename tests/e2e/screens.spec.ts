/**
 * Screenshots of every page type of the fixed site tests/fixtures/screens, at the phone and desktop
 * projects' viewports, in the light and the dark scheme, compared with the committed references in
 * tests/e2e/__screenshots__/. A layout change shows here as a failing test with a diff image in
 * test-results/; when the change is meant, update the references (README: "Screenshot tests").
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { screensOrigin } from '../../playwright.config.ts';

/** A page of the site, and what must be on it before it is photographed. */
interface Shot {
  name: string;
  path: string;
  ready: (page: Page) => Promise<void>;
  status?: number;
}

const heading = (text: string | RegExp) => async (page: Page) => {
  await expect(page.locator('h1')).toHaveText(text);
};

const SHOTS: Shot[] = [
  { name: 'home', path: '/', ready: heading('ノート') },
  { name: 'page-2', path: '/page/2/', ready: async (page) => expect(page.locator('.post-list h2')).toHaveCount(3) },
  { name: 'post-code-images', path: '/posts/code-and-images/', ready: heading(/e-Tax の控えを整理した/) },
  { name: 'post-long-title', path: '/posts/long-title/', ready: heading(/確定申告$/) },
  { name: 'tags', path: '/tags/', ready: async (page) => expect(page.locator('main a[href*="/tags/"]').first()).toBeVisible() },
  { name: 'tag', path: `/tags/${encodeURIComponent('手続き')}/`, ready: heading(/手続き/) },
  { name: 'archive', path: '/archive/', ready: async (page) => expect(page.locator('main h1')).toBeVisible() },
  {
    name: 'search',
    path: `/search/?q=${encodeURIComponent('確定申告')}`,
    ready: async (page) => expect(page.locator('#search-results li').first()).toContainText('確定申告'),
  },
  { name: '404', path: '/no-such-page/', status: 404, ready: heading('ページが見つかりません') },
];

test.use({ baseURL: screensOrigin });

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(colorScheme, () => {
    test.use({ colorScheme });
    for (const shot of SHOTS) {
      test(shot.name, async ({ page, expectedStatuses }) => {
        if (shot.status) expectedStatuses.set(shot.path, shot.status);
        const response = await page.goto(shot.path);
        expect(response?.status()).toBe(shot.status ?? 200);
        await shot.ready(page);
        await page.evaluate(() => document.fonts.ready);
        await expect(page).toHaveScreenshot(`${shot.name}-${colorScheme}.png`, {
          fullPage: true,
          animations: 'disabled',
          caret: 'hide',
          // One CSS pixel per image pixel keeps the committed references small on a 2x phone.
          scale: 'css',
        });
      });
    }
  });
}
