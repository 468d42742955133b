import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import { E2E_PORT_VARIABLES, E2E_SERVERS_READY, e2eServersArgs } from './scripts/lib/e2e-sites.mjs';

/**
 * A free port on this machine. Each config finds its ports once, before the servers start: workers
 * load the config again and inherit the ports through the environment.
 */
export const freePort = () =>
  execFileSync(process.execPath, [
    '-e',
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]).toString();
// The reader's site, the dialect site and the screenshot site, in the order of E2E_PORT_VARIABLES.
const ports = E2E_PORT_VARIABLES.map((name) => Number((process.env[name] ??= freePort())));
const [port, dialectPort, screensPort] = ports;
// The second site: Zenn, Qiita and GitHub Markdown (tests/fixtures/dialect).
export const dialectOrigin = `http://127.0.0.1:${dialectPort}`;
// The third: a fixed site photographed by the screenshot tests (tests/fixtures/screens).
export const screensOrigin = `http://127.0.0.1:${screensPort}`;

/** Debian's Chromium, never a downloaded browser. As root it needs these flags. */
export const chromiumLaunch = {
  executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** The reader's two screens: a phone and a desktop (Lighthouse runs in a project of its own). */
export const readerProjects = [
  { name: 'phone', testIgnore: /lighthouse/, use: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } },
  { name: 'desktop', testIgnore: /lighthouse/, use: { viewport: { width: 1280, height: 800 } } },
];

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  // One reference image per page, project and scheme, the same on every Linux machine with Debian's
  // Chromium and fonts-noto-cjk (no platform suffix). Small anti-aliasing differences are tolerated.
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFileName}/{arg}-{projectName}{ext}',
  expect: { toHaveScreenshot: { maxDiffPixelRatio: 0.01 } },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: chromiumLaunch,
    screenshot: 'only-on-failure',
  },
  projects: [
    ...readerProjects,
    { name: 'lighthouse', testMatch: /lighthouse/, timeout: 300_000 },
  ],
  // The three sites' servers (scripts/e2e-server.mjs), started by one command so that they build side
  // by side: Playwright would start the servers of a list one after another. `npm test` starts them
  // itself, beside vitest, and says so with E2E_SERVERS_STARTED (scripts/test-all.mjs).
  ...(process.env.E2E_SERVERS_STARTED === '1'
    ? {}
    : {
        webServer: {
          command: ['node scripts/e2e-servers.mjs', ...e2eServersArgs(ports)].join(' '),
          wait: { stdout: new RegExp(E2E_SERVERS_READY, 'u') },
          timeout: 240_000,
          reuseExistingServer: false,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      }),
});
