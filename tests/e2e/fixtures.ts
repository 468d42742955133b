/**
 * The browser tests' `test`: every page a test visits must log no console error and have no failed
 * request. A test that expects an error status (the 404 page) names it in `expectStatus`.
 */
import { test as base, expect } from '@playwright/test';

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
