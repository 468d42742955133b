#!/usr/bin/env node
// `npm test`'s steps (run by `npm run test:all`, which puts node_modules/.bin on PATH): the type check
// (`astro check`) beside vitest, then the browser tests. The type check keeps little more than one core
// of two busy, and vitest's tests take what it leaves (docs/performance.md); its output is held and
// printed when vitest is done, so that the two do not interleave. Any step that fails fails the run,
// and the browser tests run only when both have passed.
//
// The browser tests' three sites (scripts/lib/e2e-sites.mjs) are built from the start too, at the lowest
// scheduling priority (nice 19): they take only the time the type check and vitest leave, and the
// browser tests, which would otherwise start by waiting for three builds, find them ready. Their ports
// lie below the range the system hands out for port 0, from which the tests' own servers take theirs.
import { spawn } from 'node:child_process';
import { E2E_PORT_VARIABLES, E2E_SERVERS_READY, e2eServersArgs } from './lib/e2e-sites.mjs';
import { freePort } from './lib/temp-site.mjs';

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

/**
 * A free port from 20000 to 32767: below Linux's range for port 0 (32768 and up), so that no test
 * server that asks the system for a port can be given it before the site's server listens.
 * @param {Set<number>} taken
 */
async function freeLowPort(taken) {
  for (let port = 20000 + Math.floor(Math.random() * 12000); ; port = port >= 32767 ? 20000 : port + 1) {
    if (!taken.has(port) && (await freePort(port).then(() => true, () => false))) return port;
  }
}

/**
 * Starts the three sites' servers (scripts/e2e-servers.mjs), their builds at niceness 19, with their
 * output held. `ready` resolves true once every site answers, false if the servers end before.
 */
async function startSites() {
  /** @type {number[]} */
  const ports = [];
  for (const name of E2E_PORT_VARIABLES) {
    const port = await freeLowPort(new Set(ports));
    ports.push(port);
    process.env[name] = String(port);
  }
  // playwright.config.ts then leaves the servers to this script.
  process.env.E2E_SERVERS_STARTED = '1';
  const child = spawn(process.execPath, ['scripts/e2e-servers.mjs', ...e2eServersArgs(ports, 19)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise((resolve) => child.on('close', (code) => (running.delete(child), resolve(code ?? 1))));
  // Their messages and warnings (stderr) are held until the browser tests start, then passed on as
  // they come; their standard output (the builds' lists of pages) is only read for the ready line,
  // as Playwright reads it when it starts them.
  let output = '';
  let held = true;
  child.stderr.on('data', (chunk) => (held ? (output += chunk) : process.stderr.write(chunk)));
  const ready = new Promise((resolve) => {
    let tail = '';
    child.stdout.on('data', (chunk) => {
      tail = (tail + chunk).slice(-4 * E2E_SERVERS_READY.length);
      if (tail.includes(E2E_SERVERS_READY)) resolve(true);
    });
    void exited.then(() => resolve(false));
  });
  return {
    ready,
    /** The messages held so far; what the servers say from then on goes to stderr as it comes. */
    release() {
      held = false;
      return output;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

const sites = await startSites();
const checking = run('astro', ['check', '--minimumFailingSeverity', 'hint'], true);
const tests = await run('vitest', ['run']);
const check = await checking;
process.stdout.write(`\n--- astro check ---\n${check.output}`);
const failed = [check.code !== 0 && 'astro check', tests.code !== 0 && 'vitest'].filter(Boolean);
if (failed.length > 0) {
  await sites.stop();
  console.error(`\nnpm test: ${failed.join(' and ')} failed; the browser tests were not run`);
  process.exit(1);
}
const ensured = await run('node', ['scripts/ensure-browser.mjs']);
const ready = ensured.code === 0 && (await sites.ready);
process.stdout.write(`\n--- the browser tests' sites (scripts/e2e-servers.mjs) ---\n${sites.release()}`);
if (!ready) {
  await sites.stop();
  console.error(`\nnpm test: ${ensured.code !== 0 ? 'no browser' : "the browser tests' sites could not be built or served"}; the browser tests were not run`);
  process.exit(1);
}
// Playwright with its compiled test files kept out of the temporary folder.
const browser = await run('node', ['scripts/playwright-test.mjs']);
await sites.stop();
process.exit(browser.code);
