/**
 * The browser tests' `test`: every page a test visits must log no console error and have no failed
 * request. A test that expects an error status (the 404 page) names it in `expectStatus`.
 */
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

export const test = base.extend<{ expectedStatuses: Map<string, number>; watch: void }>({
  expectedStatuses: async ({}, use) => {
    await use(new Map());
  },
  watch: [
    async ({ page, expectedStatuses }, use) => {
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() !== 'error') return;
        // Chromium reports a page served with an error status as a console error; that one is expected.
        const status = expectedStatuses.get(new URL(page.url()).pathname);
        if (status && m.text().includes(`status of ${status}`)) return;
        problems.push(`console error on ${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`uncaught error on ${page.url()}: ${e.message}`));
      page.on('requestfailed', (r) => {
        // A request the browser cancels because the test moved on to another page is not a failure.
        if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
      });
      page.on('response', (r) => {
        const path = new URL(r.url()).pathname;
        if (r.status() >= 400 && expectedStatuses.get(path) !== r.status()) problems.push(`HTTP ${r.status()} for ${r.url()}`);
      });
      await use();
      expect(problems).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * axe-core's violations on the page as it stands, a line each (`rule: targets`). axe runs in the page
 * itself (AxeBuilder's legacy mode) rather than finishing in a blank page of its own, which took about
 * half of each check's time: the pages load no frame from another site before the reader asks for one
 * (embeds load on a press), so there is nothing that mode would miss.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).setLegacyMode(true).analyze();
  return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** The two colour schemes a reader's system may ask for; every page is checked in both. */
export const SCHEMES = ['light', 'dark'] as const;
