/**
 * Zenn, Qiita and GitHub Markdown in the browser (the `dialect` fixture site): no axe violation in
 * light or dark; embeds ask nothing of another site until the reader presses their button, and are a
 * plain link without JavaScript; math draws with its self-hosted fonts; wide diagrams and formulas
 * scroll inside the column instead of widening the page on phones.
 */
import { dialectOrigin } from '../../playwright.config.ts';
import { axeViolations, expect, SCHEMES, test } from './fixtures.ts';

const POSTS = ['containers', 'hatena', 'breaks', 'math', 'diagrams', 'embeds', 'code'];
const url = (id: string) => `${dialectOrigin}/posts/${id}/`;

for (const id of POSTS) {
  test(`${id} has no axe violations, light or dark`, async ({ page }) => {
    const found: Record<string, string[]> = {};
    for (const scheme of SCHEMES) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(url(id));
      found[scheme] = await axeViolations(page);
    }
    expect(found).toEqual({ light: [], dark: [] });
  });
}

test('no request leaves the site until an embed is pressed, then only that embed loads', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(dialectOrigin)) foreign.push(r.url());
  });
  // Stand-ins for the other sites: this machine reaches no network.
  await page.route(/^https:\/\/(www\.youtube-nocookie\.com|platform\.twitter\.com|speakerdeck\.com)\//u, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>embed</title><p>embedded</p>' }),
  );
  await page.goto(url('embeds'));
  await page.waitForLoadState('networkidle');
  expect(foreign).toEqual([]);
  await expect(page.locator('iframe')).toHaveCount(0);
  const button = page.locator('.embed-youtube button');
  await expect(button).toBeVisible();
  await button.click();
  const frame = page.locator('.embed-youtube iframe');
  await expect(frame).toHaveAttribute('src', /^https:\/\/www\.youtube-nocookie\.com\/embed\/dQw4w9WgXcQ/u);
  await expect(frame).toHaveAttribute('title', /YouTube/u);
  await expect(page.locator('iframe')).toHaveCount(1);
  expect(foreign.every((u) => u.startsWith('https://www.youtube-nocookie.com/'))).toBe(true);
});

test('without JavaScript an embed is a working link and shows no dead button', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(url('embeds'));
  await expect(page.locator('.embed-youtube button')).toBeHidden();
  await expect(page.locator('.embed-youtube a[href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"]')).toBeVisible();
  await context.close();
});

test('math draws with the self-hosted KaTeX fonts', async ({ page }) => {
  const fonts: string[] = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.woff2') && r.ok()) fonts.push(new URL(r.url()).pathname);
  });
  await page.goto(url('math'));
  await page.evaluate(() => document.fonts.ready);
  expect(fonts.length).toBeGreaterThan(0);
  expect(fonts.every((f) => f.startsWith('/math/fonts/KaTeX_'))).toBe(true);
  expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
});

test('formulas, diagrams and code scroll inside the column, never widening the page', async ({ page }) => {
  for (const id of ['math', 'diagrams', 'code', 'embeds']) {
    await page.goto(url(id));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, id).toBeLessThanOrEqual(0);
  }
});
