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

test('archive: the years, then a year’s posts by month, then the next year', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'サイト内' }).getByRole('link', { name: 'アーカイブ' }).click();
  await expect(page).toHaveURL(/\/archive\/$/);
  await expect(page.locator('h1')).toHaveText('アーカイブ');
  await expect(page.locator('.archive-years li')).toHaveText([/^2023年\s*5件$/, /^2022年\s*1件$/, /^2020年\s*1件$/, /^2019年\s*1件$/]);
  await page.getByRole('link', { name: '2023年' }).click();
  await expect(page).toHaveURL(/\/archive\/2023\/$/);
  await expect(page.locator('h1')).toHaveText('2023年の記事');
  await expect(page.locator('.archive-month')).toHaveText(['5月', '4月']);
  await expect(page.locator('.archive-list li')).toHaveCount(5);
  await expect(page.locator('.archive-list time')).toHaveText(['20日', '11日', '10日', '1日', '1日']);
  // Every title starts at one place, whatever the width of its day.
  const starts = await page.locator('.archive-list li > span').evaluateAll((spans) => spans.map((s) => Math.round(s.getBoundingClientRect().left)));
  expect(new Set(starts).size).toBe(1);
  await page.getByRole('link', { name: '2022年の記事 →' }).click();
  await expect(page).toHaveURL(/\/archive\/2022\/$/);
  await page.getByRole('link', { name: '2020年の記事 →' }).click();
  await page.getByRole('link', { name: '2019年の記事 →' }).click();
  await expect(page.getByRole('link', { name: /→$/ })).toHaveCount(0);
  // A title longer than a line wraps under itself, not under the day.
  const title = page.locator('.archive-list li > span').first();
  const [left, lines] = await title.evaluate((span) => [
    span.getBoundingClientRect().left,
    [...span.querySelector('a')!.getClientRects()].map((r) => r.left),
  ]);
  for (const line of lines) expect(line).toBeGreaterThanOrEqual(left - 0.5);
  await page.getByRole('link', { name: 'すべての年' }).click();
  await expect(page).toHaveURL(/\/archive\/$/);
});

test('search finds a post by a Japanese word and opens it', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'サイト内' }).getByRole('link', { name: '検索' }).click();
  await expect(page.locator('#search-without-script')).toBeHidden();
  await page.getByLabel('記事を検索').fill('署名');
  const result = page.locator('#search-results li').first();
  await expect(result).toContainText('署名用パスワードの再設定');
  await expect(result.locator('mark').first()).toHaveText(/署名/);
  await expect(page.locator('#search-status')).toHaveText('「署名」の検索結果：1件');
  // The title and the first paragraph are joined as Japanese reads: a space, not Pagefind's ". ".
  await expect(result.locator('p')).toContainText('パスワードの再設定 マイナンバーカード');
  // The date is one line, however the title wraps; with one result, nothing more to show.
  expect(await result.locator('.search-date').evaluate((date) => date.getClientRects().length)).toBe(1);
  await expect(page.locator('#search-more')).toBeHidden();
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
