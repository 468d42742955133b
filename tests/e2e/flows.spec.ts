/** What readers do, at a phone and a desktop viewport, on the built site served by `astro preview`. */
import { expect, test } from './fixtures.ts';

test('home -> post -> tag -> another post', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '署名用パスワードの再設定' }).click();
  await expect(page).toHaveURL(/\/posts\/a\/$/);
  await expect(page.locator('h1')).toHaveText('署名用パスワードの再設定');
  await page.locator('article .tags').getByRole('link', { name: '#手続き' }).click();
  await expect(page).toHaveURL(/\/tags\/%E6%89%8B%E7%B6%9A%E3%81%8D\/$/);
  await expect(page.locator('h1')).toHaveText('「手続き」の記事');
  await page.getByRole('link', { name: '二つのタグを共有する記事' }).click();
  await expect(page.locator('h1')).toHaveText('二つのタグを共有する記事');
});

test('pagination forward and back', async ({ page }) => {
  await page.goto('/');
  const titles = () => page.locator('.post-list h2').allInnerTexts();
  const first = await titles();
  expect(first).toHaveLength(3);
  await page.getByRole('link', { name: /次のページ/ }).click();
  await expect(page).toHaveURL(/\/page\/2\/$/);
  const second = await titles();
  expect(second.some((t) => first.includes(t))).toBe(false);
  await page.getByRole('link', { name: /次のページ/ }).click();
  await expect(page).toHaveURL(/\/page\/3\/$/);
  await expect(page.getByRole('link', { name: /次のページ/ })).toHaveCount(0);
  await page.getByRole('link', { name: /前のページ/ }).click();
  await expect(page).toHaveURL(/\/page\/2\/$/);
  await page.getByRole('link', { name: /前のページ/ }).click();
  await expect(page).toHaveURL(/\/$/);
  expect(await titles()).toEqual(first);
});

test('archive lists every post by year', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'サイト内' }).getByRole('link', { name: 'アーカイブ' }).click();
  await expect(page.locator('h1')).toHaveText('アーカイブ');
  await expect(page.locator('.archive-year')).toHaveText([/^2023/, /^2022/, /^2020/, /^2019/]);
  await expect(page.locator('.archive-list li')).toHaveCount(8);
});

test('search finds a post by a Japanese word and opens it', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'サイト内' }).getByRole('link', { name: '検索' }).click();
  await expect(page.locator('#search-without-script')).toBeHidden();
  await page.getByLabel('記事を検索').fill('署名');
  const result = page.locator('#search-results li').first();
  await expect(result).toContainText('署名用パスワードの再設定');
  await expect(result.locator('mark').first()).toHaveText(/署名/);
  await result.getByRole('link').click();
  await expect(page.locator('h1')).toHaveText('署名用パスワードの再設定');
});

test('the theme toggle persists across pages and reloads', async ({ page }) => {
  await page.goto('/posts/a/');
  const theme = () => page.evaluate(() => document.documentElement.dataset.theme ?? 'system');
  const toggle = page.locator('#theme');
  await expect(toggle).toBeVisible();
  expect(await theme()).toBe('system');
  await toggle.click();
  expect(await theme()).toBe('light');
  await toggle.click();
  expect(await theme()).toBe('dark');
  await page.goto('/archive/');
  expect(await theme()).toBe('dark');
  await page.reload();
  expect(await theme()).toBe('dark');
  const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(background).toBe('rgb(13, 17, 23)');
  await page.locator('#theme').click();
  expect(await theme()).toBe('system');
});

test('an unknown URL shows the 404 page', async ({ page, expectedStatuses }) => {
  expectedStatuses.set('/no-such-page/', 404);
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.locator('h1')).toHaveText('ページが見つかりません');
  await page.getByRole('link', { name: 'ホームへ戻る' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('the feed link resolves to the RSS feed', async ({ page }) => {
  await page.goto('/');
  const href = await page.locator('link[rel="alternate"][type="application/rss+xml"]').getAttribute('href');
  const feed = await page.request.get(href!);
  expect(feed.status()).toBe(200);
  expect(await feed.text()).toMatch(/^<\?xml[^>]*\?><rss version="2.0"/);
});

test('screenshots of home, a post and the search page', async ({ page }, testInfo) => {
  for (const [name, path] of [['home', '/'], ['post', '/posts/a/'], ['search', '/search/?q=署名']] as const) {
    await page.goto(path);
    if (name === 'search') await expect(page.locator('#search-results li').first()).toBeVisible();
    const file = testInfo.outputPath(`${testInfo.project.name}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(name, { path: file, contentType: 'image/png' });
  }
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('posts, lists and tags work; the toggle hides; search says what to do instead', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('link', { name: '署名用パスワードの再設定' }).click();
    await expect(page.locator('h1')).toHaveText('署名用パスワードの再設定');
    await expect(page.locator('.prose')).toContainText('再設定した記録');
    await expect(page.locator('#theme')).toBeHidden();
    await page.locator('article .tags').getByRole('link', { name: '#共通' }).click();
    await expect(page.locator('h1')).toHaveText('「共通」の記事');
    await page.goto('/search/');
    await expect(page.locator('#search-form')).toBeHidden();
    await expect(page.getByText('検索には JavaScript が必要です。')).toBeVisible();
    await page.getByRole('link', { name: 'アーカイブ' }).last().click();
    await expect(page.locator('h1')).toHaveText('アーカイブ');
  });
});
