#!/usr/bin/env node
// `node scripts/playwright-test.mjs [ARGS]`: `playwright test ARGS`, with Playwright's compiled test
// files kept beside Node's compile cache (TEST_CACHE_DIR) instead of the system's temporary folder,
// where Playwright keeps them unless told otherwise and where a run of the tests leaves nothing.
// `npm test` (scripts/test-all.mjs), `npm run test:e2e` and `npm run test:corpus` all run it.
// Signals that stop this script are passed on, and it ends with Playwright's exit code.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { TEST_CACHE_DIR, projectRoot } from './lib/temp-site.mjs';

const child = spawn(join(projectRoot, 'node_modules', '.bin', 'playwright'), ['test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PLAYWRIGHT_TRANSFORM_CACHE_DIR: join(TEST_CACHE_DIR, 'playwright-transform') },
});
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('error', (error) => {
  console.error(`could not start playwright: ${error.message}`);
  process.exit(1);
});
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
