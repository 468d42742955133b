#!/usr/bin/env node
// `node scripts/e2e-servers.mjs -- ARGS [-- ARGS ...]`: starts one browser-test server
// (scripts/e2e-server.mjs ARGS, each with its own --port) for each set of ARGS, all at once, and prints
// "e2e servers ready" once every one of them answers. Playwright starts the web servers of its config
// one after another, each build waiting for the one before; started from here, the sites build side
// by side (docs/performance.md).
//
// The servers run in this process's group. A server that ends before all are ready stops the others
// and this exits with its code, so that Playwright reports the failure at once. SIGTERM, SIGINT and
// SIGHUP are passed on to every server, and this exits when they have; a SIGKILL to the group (how
// Playwright stops a web server) reaches every server, whose watcher removes its copy of the site.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { E2E_SERVERS_READY } from './lib/e2e-sites.mjs';
import { projectRoot } from './lib/temp-site.mjs';

const USAGE = 'usage: node scripts/e2e-servers.mjs -- ARGS [-- ARGS ...]   (ARGS: those of scripts/e2e-server.mjs, with --port)';

/** The sets of arguments, split at each `--`. @type {string[][]} */
const sets = [];
for (const arg of process.argv.slice(2)) {
  if (arg === '--' || sets.length === 0) sets.push([]);
  if (arg !== '--') sets[sets.length - 1]?.push(arg);
}
const ports = sets.map((args) => (args.includes('--port') ? args[args.indexOf('--port') + 1] : undefined));
if (sets.length === 0 || ports.some((port) => !/^\d+$/u.test(port ?? ''))) {
  console.error(USAGE);
  process.exit(2);
}

/** Whether something answers on `port` as Playwright counts a web server ready (a status below 404). */
async function answers(port) {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
    return response.status < 404;
  } catch {
    return false;
  }
}

// A port something already answers on would pass for a server of ours: Playwright waits for this
// script's ready line, not for a URL, so it does not check.
/** @type {string[]} */
const taken = [];
for (const port of ports) if (port && (await answers(port))) taken.push(port);
if (taken.length > 0) {
  console.error(`e2e-servers: something already answers on port ${taken.join(', ')}`);
  process.exit(1);
}

let stopping = false;
const servers = sets.map((args) => {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', 'e2e-server.mjs'), ...args], {
    // No stdin: the servers read none, and given Playwright's they ended at once (exit code 1) in the
    // two runs under its JSON reporter, for a reason not found.
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  return { child, exited };
});

/** Stops every server still running with `signal`, then exits with `code` once they all have. */
async function stopAll(signal, code) {
  if (stopping) return;
  stopping = true;
  for (const { child } of servers) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await Promise.all(servers.map((s) => s.exited));
  process.exit(code);
}
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => void stopAll(signal, 0));

// A server that ends stops the others: before all are ready, its build or its copy failed; after, its
// preview ended, and the tests could not go on against it either.
for (const [i, { exited }] of servers.entries()) {
  void exited.then((code) => {
    if (stopping) return;
    console.error(`e2e-servers: the server on port ${ports[i]} ended (exit code ${code}): stopping the others`);
    void stopAll('SIGTERM', code === 0 ? 1 : code);
  });
}

const waiting = new Set(ports);
while (waiting.size > 0 && !stopping) {
  for (const port of [...waiting]) if (await answers(port)) waiting.delete(port);
  if (waiting.size > 0) await new Promise((resolve) => setTimeout(resolve, 200));
}
if (!stopping) console.log(E2E_SERVERS_READY);
