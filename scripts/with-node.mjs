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

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const [cmd, ...args] = process.argv.slice(2);
  if (!cmd) {
    // `node scripts/with-node.mjs` alone only makes sure the pinned Node is there (postinstall).
    try {
      nodeEnv();
    } catch (e) {
      console.error(String(e.message ?? e));
      process.exit(1);
    }
    process.exit(0);
  }
  let env;
  try {
    env = nodeEnv();
  } catch (e) {
    console.error(String(e.message ?? e));
    process.exit(1);
  }
  const child = spawn(cmd, args, { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('error', (e) => {
    console.error(`${cmd}: ${e.message}`);
    process.exit(127);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 1)));
}
