#!/usr/bin/env node
// Runs a command on a Node.js that Astro 7 accepts and that runs TypeScript files itself (>= 22.18:
// scripts/*.ts, and the worker that draws share images).
//
// Machines that ship an older Node (these ship Node 20) get the pinned Node 24 from tools/, a small
// package with its own lock, installed on first use. Its bin folder goes first on PATH, so every
// `node` the command starts (astro, vitest, npm scripts) is Node 24, and npm_config_nodedir points
// native addon builds at Node 24's headers instead of the system's. Where the system Node is new
// enough, the command runs unchanged.
//
// The command is this process's child: signals that stop a command (Ctrl-C, SIGTERM, a closed
// terminal) are passed on to it, the wrapper ends as the child ended, and in an npm script a wrapper
// whose parent is gone stops the child (`npm run` starts scripts through `sh -c`, and a dash killed by
// npm's SIGTERM passes nothing on).
//
// Written for the oldest Node it may start on: no syntax or API newer than Node 18.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MIN = [22, 18];
const root = dirname(dirname(fileURLToPath(import.meta.url)));
const toolsDir = join(root, 'tools');
const pinnedDir = join(toolsDir, 'node_modules', `node-${process.platform}-${process.arch}`);

/** @param {string} version e.g. "20.20.2" */
export function isNewEnough(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > MIN[0] || (major === MIN[0] && minor >= MIN[1]);
}

/** Installs the pinned Node from tools/package-lock.json unless it is there already. */
export function ensurePinnedNode() {
  if (existsSync(join(pinnedDir, 'bin', 'node'))) return;
  if (!existsSync(join(toolsDir, 'package.json'))) throw new Error(`missing ${toolsDir}/package.json`);
  console.error(`Node ${process.versions.node} is older than ${MIN.join('.')}: installing the pinned Node from tools/ ...`);
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: toolsDir, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(join(pinnedDir, 'bin', 'node'))) {
    throw new Error(
      `could not install a Node for ${process.platform}-${process.arch} from tools/. ` +
        `Install Node.js ${MIN.join('.')} or newer (24 recommended) and try again.`,
    );
  }
}

/**
 * What `npm install` on an old Node should tell the author, after npm's own output: npm compares every
 * package's `engines` with the Node that runs npm, and warns "EBADENGINE Unsupported engine" for
 * each package that needs a newer one, but no package runs on that Node.
 * @param {string} version the Node that runs npm
 */
export function oldNodeNotice(version) {
  return [
    `Node ${version} is older than ${MIN.join('.')}, which this blog needs. npm's "EBADENGINE Unsupported engine"`,
    `warnings above compare the packages with Node ${version}: they are expected, and nothing failed.`,
    'The npm scripts (npm run dev, build, new, test, ...) run on the Node 24 pinned in tools/.',
  ].join('\n');
}

/** The environment for a child that must run on a new enough Node. */
export function nodeEnv(env = process.env) {
  if (isNewEnough(process.versions.node)) return env;
  ensurePinnedNode();
  return {
    ...env,
    PATH: `${join(toolsDir, 'node_modules', '.bin')}${delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: pinnedDir,
  };
}

/** Signals that ask a command to stop, passed on to the child. */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs `cmd` as a child that this process stands for: see the file's comment.
 * @param {string} cmd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} env
 */
function runAsChild(cmd, args, env) {
  const child = spawn(cmd, args, { stdio: 'inherit', env });
  for (const sig of FORWARDED) process.on(sig, () => child.kill(sig));
  // Only in an npm script: a wrapper started by hand may be meant to outlive its shell (nohup … &).
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    const orphanCheck = setInterval(() => {
      if (process.ppid !== parent) {
        clearInterval(orphanCheck);
        child.kill('SIGTERM');
      }
    }, 500);
    orphanCheck.unref();
  }
  child.on('error', (e) => {
    console.error(`${cmd}: ${e.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    // Ended by a signal: end by the same one, so that a shell or npm sees the command was interrupted
    // (a shell loop stops at Ctrl-C only when its command died of SIGINT).
    for (const sig of FORWARDED) process.removeAllListeners(sig);
    process.kill(process.pid, signal);
    process.exit(128 + (constants.signals[signal] ?? 1)); // a signal whose default is not to end a process
  });
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [cmd, ...args] = process.argv.slice(2);
  let env;
  try {
    // `node scripts/with-node.mjs` alone (npm's postinstall) only makes sure the pinned Node is there.
    if (!cmd && !isNewEnough(process.versions.node)) console.error(oldNodeNotice(process.versions.node));
    env = nodeEnv();
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
  if (cmd) runAsChild(cmd, args, env);
}
