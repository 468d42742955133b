/**
 * Browser tests on a real blog (`npm run test:corpus`): the efcl corpus (837 Japanese posts, Jekyll) is
 * imported with `npm run import`'s own code into a temporary copy of the site, built and served
 * (scripts/e2e-server.mjs --import), and tests/corpus/ searches it and scores its largest pages with
 * Lighthouse. The corpus is ../shared/corpus beside the project, or CORPUS_DIR.
 */
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { chromiumLaunch, freePort, readerProjects } from './playwright.config.ts';
import { corpusBlog } from './tests/corpus/corpus-posts.ts';

process.env.E2E_CORPUS_PORT ??= freePort();
const port = Number(process.env.E2E_CORPUS_PORT);

export default defineConfig({
  testDir: 'tests/corpus',
  outputDir: join('test-results', 'corpus'),
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 120_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromiumLaunch,
    screenshot: 'only-on-failure',
  },
  projects: [
    ...readerProjects,
    { name: 'lighthouse', testMatch: /lighthouse/, timeout: 600_000 },
  ],
  webServer: {
    command: `node scripts/e2e-server.mjs --port ${port} --import ${JSON.stringify(`jekyll:${corpusBlog}`)}`,
    url: `http://127.0.0.1:${port}/`,
    // Importing and building 837 posts.
    timeout: 900_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    // The server stops its preview and removes its copy of the site on SIGTERM; were it killed
    // outright, its watcher would remove the copy instead (scripts/lib/remove-when-done.mjs).
    gracefulShutdown: { signal: 'SIGTERM', timeout: 60_000 },
  },
});
