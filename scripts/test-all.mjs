#!/usr/bin/env node
// `npm test`'s steps (run by `npm run test:all`, which puts node_modules/.bin on PATH): the type check
// (`astro check`) beside vitest, then the browser tests. The type check keeps little more than one core
// of two busy, and vitest's tests take what it leaves (docs/performance.md); its output is held and
// printed when vitest is done, so that the two do not interleave. Any step that fails fails the run,
// and the browser tests run only when both have passed.
import { spawn } from 'node:child_process';

/** The steps running now: a signal that stops this script stops them too. @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    process.exit(1);
  });
}

/**
 * Runs `cmd` with `args`; resolves with its exit code (1 for a signal, or when it cannot start), and,
 * with `hold`, the output it held instead of printing.
 * @returns {Promise<{ code: number, output: string }>}
 */
function run(cmd, args, hold = false) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    running.add(child);
    child.on('close', () => running.delete(child));
    let output = '';
    if (hold) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => {
      output += `could not start ${cmd}: ${error.message}\n`;
      resolve({ code: 1, output });
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const checking = run('astro', ['check', '--minimumFailingSeverity', 'hint'], true);
const tests = await run('vitest', ['run']);
const check = await checking;
process.stdout.write(`\n--- astro check ---\n${check.output}`);
const failed = [check.code !== 0 && 'astro check', tests.code !== 0 && 'vitest'].filter(Boolean);
if (failed.length > 0) {
  console.error(`\nnpm test: ${failed.join(' and ')} failed; the browser tests were not run`);
  process.exit(1);
}
for (const [cmd, args] of [
  ['node', ['scripts/ensure-browser.mjs']],
  // Playwright with its compiled test files kept out of the temporary folder.
  ['node', ['scripts/playwright-test.mjs']],
]) {
  const { code } = await run(cmd, args);
  if (code !== 0) process.exit(code);
}
