/**
 * Search on a real blog (the efcl corpus, 837 Japanese posts, built by playwright.corpus.config.ts):
 * a compound word counts the posts that contain it, as its exact phrase does, with the looser matches
 * offered after them; results come 20 at a time; excerpts join blocks as Japanese reads; dates stay
 * on one line. Counts are checked against the corpus's own Markdown (tests/corpus/corpus-posts.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import { postsWith } from './corpus-posts.ts';

/**
 * Compound words Pagefind's plain search over-counts (技術書 is found as 技術 and 書 anywhere: 111
 * posts, where 29 have the word) or used to miss (表記ゆれ and リリースノート were one word to the
 * indexer and several to the browser).
 */
const COMPOUNDS = ['技術書', '自動修正', '表記ゆれ', 'リリースノート', '脆弱性', '静的解析', '公開鍵'];

const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー]/u;

/** Searches from the search page's address, as a shared link does, and waits for the count. */
async function search(page: Page, query: string): Promise<number> {
  await page.goto(`/search/?q=${encodeURIComponent(query)}`);
  const status = page.locator('#search-status');
  await expect(status).toHaveText(/：\d+件$/u);
  const count = Number(/(\d+)件$/u.exec((await status.textContent())!)![1]);
  // The count is said with the first results listed, never before.
  await expect(page.locator('#search-results > li')).toHaveCount(Math.min(count, 20), { timeout: 0 });
  return count;
}

/** Presses the list's もっと見る until every result is listed; returns how many are. */
async function showAll(page: Page, list: string, more: string): Promise<number> {
  const button = page.locator(more);
  while (await button.isVisible()) {
    const before = await page.locator(`${list} > li`).count();
    await button.click();
    await expect(page.locator(`${list} > li`)).not.toHaveCount(before);
  }
  return page.locator(`${list} > li`).count();
}

test.describe('a compound word', () => {
  for (const word of COMPOUNDS) {
    test(`${word}: counts the posts that contain it, lists them all, and offers the rest apart`, async ({ page }) => {
      const { atLeast, atMost } = postsWith(word);
      expect(atLeast, 'the corpus has the word').toBeGreaterThan(0);
      const count = await search(page, word);
      expect(count).toBeGreaterThanOrEqual(atLeast);
      expect(count).toBeLessThanOrEqual(atMost);
      expect(await showAll(page, '#search-results', '#search-more')).toBe(count);
      // Every result shows the word itself, highlighted whole, in its excerpt.
      const excerpts = await page.locator('#search-results > li > p').all();
      for (const excerpt of excerpts) await expect(excerpt.locator('mark', { hasText: word }).first()).toHaveText(word);
      // The looser results (its words anywhere) come after, on request, and are other posts.
      const offer = page.locator('#search-looser-show');
      if (await offer.isVisible()) {
        const looser = Number(/（(\d+)件）/u.exec((await offer.textContent())!)![1]);
        await offer.click();
        await expect(page.locator('#search-looser-heading')).toBeFocused();
        await expect(page.locator('#search-looser-heading')).toContainText(`${looser}件`);
        await expect(page.locator('#search-looser-results > li')).toHaveCount(Math.min(looser, 20));
        expect(await showAll(page, '#search-looser-results', '#search-looser-more')).toBe(looser);
        const exact = await page.locator('#search-results > li > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        const apart = await page.locator('#search-looser-results > li > a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
        expect(apart.filter((href) => exact.includes(href))).toEqual([]);
      }
    });
  }

  test('in quotes is the same exact search, with nothing offered apart', async ({ page }) => {
    const count = await search(page, '技術書');
    expect(await search(page, '"技術書"')).toBe(count);
    await expect(page.locator('#search-looser-show')).toBeHidden();
  });

  test('beside a Latin word: the posts with both, the word as written', async ({ page }) => {
    const { atLeast, atMost } = postsWith(/textlint/iu, '自動修正');
    const count = await search(page, 'textlint 自動修正');
    expect(count).toBeGreaterThanOrEqual(atLeast);
    expect(count).toBeLessThanOrEqual(atMost);
  });
});

test('a Latin word is a plain search: every result has it, nothing is offered apart', async ({ page }) => {
  const count = await search(page, 'ESLint');
  expect(count).toBeGreaterThan(20);
  await expect(page.locator('#search-looser-show')).toBeHidden();
  for (const result of await page.locator('#search-results > li').all()) {
    await expect(result.locator('mark').first()).toHaveText(/eslint/iu);
  }
});

test('もっと見る shows the next 20, moves focus to the first of them and keeps the count', async ({ page }) => {
  const count = await search(page, 'JavaScript');
  expect(count).toBeGreaterThan(40);
  const results = page.locator('#search-results > li');
  await expect(results).toHaveCount(20);
  const more = page.locator('#search-more');
  await expect(more).toHaveText(`もっと見る（残り${count - 20}件）`);
  // By keyboard: the button, then Enter.
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(results).toHaveCount(40);
  await expect(results.nth(20).locator('a').first()).toBeFocused();
  await expect(page.locator('#search-status')).toHaveText(`「JavaScript」の検索結果：${count}件`);
  await expect(more).toHaveText(`もっと見る（残り${count - 40}件）`);
  // A new search starts the list again.
  await page.getByLabel('記事を検索').fill('技術書');
  await expect(page.locator('#search-status')).toHaveText(/「技術書」の検索結果/u);
  await expect(results).toHaveCount(20);
});

test('excerpts put no ". " after Japanese text but the authors’ own', async ({ page }) => {
  let checked = 0;
  for (const query of ['はじめに', 'まとめ', '電子書籍開発環境', '設定']) {
    await search(page, query);
    const results = await page.locator('#search-results > li').evaluateAll((items) =>
      items.map((li) => ({ href: li.querySelector('a')!.getAttribute('href')!, excerpt: li.querySelector('p')!.textContent! })),
    );
    expect(results.length).toBeGreaterThan(0);
    checked += results.length;
    for (const { href, excerpt } of results) {
      for (const match of excerpt.matchAll(/(.{0,4})\. /gu)) {
        if (!JAPANESE.test(match[1]!.at(-1) ?? '')) continue;
        // A full stop that the post itself has after these words is the author's, and stays.
        const shown = await page.evaluate(async (url) => {
          const html = await (await fetch(url)).text();
          return new DOMParser().parseFromString(html, 'text/html').querySelector('main')?.textContent ?? '';
        }, href);
        expect(shown, `${href}: "${match[0]}" in the excerpt`).toContain(`${match[1]}.`);
      }
    }
  }
  expect(checked).toBeGreaterThan(40);
});

test('a result’s date stays on one line, even on a phone', async ({ page }) => {
  await search(page, 'JavaScript');
  const lines = await page.locator('#search-results .search-date').evaluateAll((dates) => dates.map((d) => d.getClientRects().length));
  expect(lines.length).toBe(20);
  expect(lines.filter((n) => n !== 1)).toEqual([]);
});
