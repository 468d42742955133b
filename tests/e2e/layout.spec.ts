/**
 * Layout facts measured in the browser, at the phone (390px) and desktop projects' sizes, and at
 * 320px: the header is one row, the end of every page keeps its distance from the footer, the post
 * navigation stacks on phones, the pager never breaks inside a word, titles are sized for phones and
 * a phrase wider than the column still wraps, short hyphenated words stay whole, CJK emphasis is
 * upright with emphasis marks, heading anchors show on hover or focus only (and then with enough
 * contrast), and nothing is wider than the screen.
 */
import type { Page } from '@playwright/test';
import { dialectOrigin } from '../../playwright.config.ts';
import { expect, test } from './fixtures.ts';

const PHONE_WIDTHS = [390, 320];
/** Pages of the reader site with every part the checks look at: lists, pager, post navigation. */
const PAGES = ['/', '/page/2/', '/posts/a/', '/posts/english/', '/tags/', '/archive/', '/search/'];

const isPhone = (page: Page) => page.viewportSize()!.width < 640;

/** The header's parts that are shown (the theme toggle shows when JavaScript runs). */
async function headerBoxes(page: Page) {
  await expect(page.locator('#theme')).toBeVisible();
  return page.locator('.site-header .wrap').evaluate((wrap) =>
    [...wrap.querySelectorAll('.site-title, .site-nav a, #theme')].map((el) => {
      const r = el.getBoundingClientRect();
      return { name: el.textContent?.trim() || el.id, top: r.top, bottom: r.bottom };
    }),
  );
}

test('the header is one row, down to a 320px screen', async ({ page }) => {
  const widths = isPhone(page) ? PHONE_WIDTHS : [page.viewportSize()!.width];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of ['/', '/posts/a/']) {
      await page.goto(path);
      const boxes = await headerBoxes(page);
      expect(boxes.length).toBeGreaterThanOrEqual(6);
      // One row: every part overlaps the site title's line vertically.
      const title = boxes[0]!;
      for (const box of boxes) expect(box.top, `${box.name} at ${width}px on ${path}`).toBeLessThan(title.bottom);
      const header = await page.locator('.site-header').boundingBox();
      expect(header!.height, `header height at ${width}px`).toBeLessThan(80);
    }
  }
});

test('the end of each page keeps its distance from the footer', async ({ page }) => {
  for (const path of ['/', '/posts/a/']) {
    await page.goto(path);
    const padding = await page.locator('main').evaluate((main) => parseFloat(getComputedStyle(main).paddingBottom));
    expect(padding, `main's bottom padding on ${path}`).toBeGreaterThan(16);
    const last = path === '/' ? '.pager' : '.post-nav';
    const lastBox = (await page.locator(last).boundingBox())!;
    const footer = (await page.locator('.site-footer').boundingBox())!;
    expect(footer.y - (lastBox.y + lastBox.height), `space between ${last} and the footer`).toBeGreaterThan(16);
  }
});

test('the pager keeps each of its parts on one line', async ({ page }) => {
  const widths = isPhone(page) ? PHONE_WIDTHS : [page.viewportSize()!.width];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/page/2/');
    // The lines each part's text takes (the parts are grid items: one box however many lines).
    const lines = await page.locator('.pager > *').evaluateAll((parts) =>
      parts.map((part) => {
        const text = document.createRange();
        text.selectNodeContents(part);
        return new Set([...text.getClientRects()].map((r) => Math.round(r.top))).size;
      }),
    );
    expect(lines, `pager parts at ${width}px`).toEqual([1, 1, 1]);
  }
});

test('the post navigation stacks on phones, newer first, and sits side by side on desktop', async ({ page }) => {
  await page.goto('/posts/a/');
  const newer = (await page.locator('.post-nav .newer').boundingBox())!;
  const older = (await page.locator('.post-nav .older').boundingBox())!;
  if (isPhone(page)) {
    expect(older.y).toBeGreaterThanOrEqual(newer.y + newer.height);
    expect(Math.abs(older.x - newer.x)).toBeLessThan(1);
    const column = (await page.locator('main').evaluate((main) => main.clientWidth - parseFloat(getComputedStyle(main).paddingLeft) * 2));
    expect(newer.width).toBeGreaterThan(column - 2);
  } else {
    expect(Math.abs(older.y - newer.y)).toBeLessThan(1);
    expect(older.x).toBeGreaterThan(newer.x + newer.width);
  }
});

test('post titles are sized for the screen, and a phrase wider than the column still wraps', async ({ page }) => {
  const widths = isPhone(page) ? PHONE_WIDTHS : [page.viewportSize()!.width];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    await page.goto('/posts/a/');
    const h1 = page.locator('article h1');
    const size = await h1.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    if (isPhone(page)) expect(size, `h1 at ${width}px`).toBeLessThanOrEqual(26);
    else expect(size).toBeGreaterThanOrEqual(30);
    // A title of one phrase longer than the line: it wraps inside the column instead of overflowing.
    await h1.evaluate((el) => {
      el.querySelector('.phrases')!.textContent = 'アクセシビリティ'.repeat(6);
    });
    const fits = await h1.evaluate((el) => el.scrollWidth <= el.clientWidth && el.getBoundingClientRect().right <= innerWidth);
    expect(fits, `a long phrase at ${width}px`).toBe(true);
  }
});

test('short hyphenated words stay whole, and CJK emphasis is upright with emphasis marks', async ({ page }) => {
  await page.goto('/posts/a/');
  // The site's stylesheet on markup the Markdown pipeline writes (src/markdown/hyphenated-words.ts,
  // emphasis-marks.ts), in a paragraph narrow enough that the word would otherwise break.
  const facts = await page.locator('.prose').evaluate((prose) => {
    const p = document.createElement('p');
    p.style.width = '4.5em';
    p.innerHTML = 'ああああ<span class="keep-word">e-Tax</span>を <em><span class="emphasis-marks">強調</span> and italics</em>';
    prose.append(p);
    const word = p.querySelector('.keep-word')!;
    const marks = getComputedStyle(p.querySelector('.emphasis-marks')!);
    return {
      wordLines: word.getClientRects().length,
      marksStyle: marks.fontStyle,
      marks: marks.getPropertyValue('text-emphasis-style'),
      latinStyle: getComputedStyle(p.querySelector('em')!).fontStyle,
    };
  });
  expect(facts).toEqual({ wordLines: 1, marksStyle: 'normal', marks: expect.stringMatching(/sesame/u), latinStyle: 'italic' });
});

/** WCAG contrast ratio of two `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (rgb: string) => {
    const [r, g, bl] = rgb.match(/\d+(\.\d+)?/gu)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`heading anchors show on hover or keyboard focus only, named and legible (${scheme})`, async ({ page }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${dialectOrigin}/posts/hatena/`);
    const heading = page.locator('.prose h2').first();
    const anchor = page.getByRole('link', { name: '見出し「はじめに」へのリンク' });
    const opacity = () => anchor.evaluate((el) => getComputedStyle(el).opacity);
    await expect(anchor).toHaveAttribute('href', '#はじめに');
    expect(await opacity()).toBe('0');
    await heading.hover();
    await expect.poll(opacity).toBe('1');
    await page.mouse.move(0, 0);
    await expect.poll(opacity).toBe('0');
    // Reached with the keyboard: Tab from the table of contents, which comes before the heading.
    await page.locator('.toc a').last().focus();
    for (let i = 0; i < 5 && !(await anchor.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    await expect(anchor).toBeFocused();
    await expect.poll(opacity).toBe('1');
    const [color, background] = await anchor.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.documentElement).backgroundColor]);
    expect(contrast(color!, background!)).toBeGreaterThanOrEqual(4.5);
  });
}

test('no element is wider than the screen', async ({ page }) => {
  const widths = isPhone(page) ? PHONE_WIDTHS : [page.viewportSize()!.width];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of [...PAGES, `${dialectOrigin}/posts/hatena/`, `${dialectOrigin}/posts/code/`]) {
      await page.goto(path);
      // Elements past either edge, except inside a box that scrolls or clips its content (code, tables).
      const outside = await page.evaluate(() => {
        const clips = (el: Element) => getComputedStyle(el).overflowX !== 'visible';
        const out: string[] = [];
        for (const el of document.body.querySelectorAll('*')) {
          let scrolled = false;
          for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (clips(a)) scrolled = true;
          if (scrolled) continue;
          const r = el.getBoundingClientRect();
          if (r.width > 0 && (r.right > innerWidth + 0.5 || r.left < -0.5)) out.push(`${el.tagName.toLowerCase()}.${el.className}`);
        }
        return { out, scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth };
      });
      expect(outside.out, `${path} at ${width}px`).toEqual([]);
      expect(outside.scroll, `${path} at ${width}px`).toBeLessThanOrEqual(outside.client);
    }
  }
});
