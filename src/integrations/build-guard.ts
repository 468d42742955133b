import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { isRunning } from '../project/process-running.ts';

/** The file a build leaves in dist/ until it is done. */
export const UNFINISHED_MARK = 'UNFINISHED-BUILD.txt';

/**
 * One build of a folder at a time, and no half-built dist/ taken for a whole one.
 *
 * - A build holds a lock (node_modules/.cache/astro-build.lock, with its process id) from its start
 *   to its end: a second build of the same folder stops at once, naming the first, instead of both
 *   failing half-way on each other's files. A lock whose process is gone is taken over.
 * - From the moment Astro has emptied dist/ until the last step of the build is done, dist/ holds
 *   UNFINISHED-BUILD.txt. A build that is stopped or fails half-way leaves it there: `astro preview`
 *   refuses to serve that dist/, and the deploy workflow refuses to publish it.
 *
 * Register it last: its end of the build must come after every other integration's.
 */
export function buildGuard(): AstroIntegration {
  let lock = '';
  let mark = '';
  const release = () => {
    if (lock && ownsLock(lock)) rmSync(lock, { force: true });
  };
  return {
    name: 'build-guard',
    hooks: {
      'astro:config:setup': ({ command, config }) => {
        mark = join(fileURLToPath(config.outDir), UNFINISHED_MARK);
        if (command === 'preview' && existsSync(mark)) {
          throw new Error(
            `${relative(process.cwd(), dirname(mark)) || '.'}/ is from a build that did not finish (${UNFINISHED_MARK} is there): run \`npm run build\` again before serving or deploying it.`,
          );
        }
        if (command !== 'build') return;
        lock = fileURLToPath(new URL('node_modules/.cache/astro-build.lock', config.root));
        takeLock(lock);
        process.once('exit', release);
      },
      // Astro empties dist/ before this hook; pages are written after it.
      'astro:build:setup': () => {
        mkdirSync(dirname(mark), { recursive: true });
        writeFileSync(
          mark,
          'This folder is from a build that did not finish: some pages, feeds or the search index may be missing or old.\nRun `npm run build` again; do not deploy this folder.\n',
        );
      },
      'astro:build:done': () => {
        rmSync(mark, { force: true });
        release();
        process.off('exit', release);
      },
    },
  };
}

interface LockHolder {
  pid: number;
  started: string;
}

/** Takes the build lock at `file`, or throws naming the build that holds it. */
export function takeLock(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const me = JSON.stringify({ pid: process.pid, started: new Date().toISOString() } satisfies LockHolder);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // Created only if absent, so that two builds starting at once cannot both take it.
      writeFileSync(file, me, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(file);
    if (holder ? holder.pid !== process.pid && isRunning(holder.pid) : isRecent(file)) {
      const who = holder ? `process ${holder.pid}, started ${holder.started}` : 'it is starting';
      throw new Error(
        `another build of this folder is running (${who}). Wait for it to finish, or stop it, then build again (if no build is running, remove ${file}).`,
      );
    }
    rmSync(file, { force: true }); // left by a build that is gone
  }
  throw new Error(`could not take the build lock ${file}: remove it and build again`);
}

/** A lock file just made by another build, which has not written its process id yet. */
function isRecent(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < 5_000;
  } catch {
    return false;
  }
}

function ownsLock(file: string): boolean {
  return readHolder(file)?.pid === process.pid;
}

function readHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockHolder>;
    return typeof holder.pid === 'number' ? { pid: holder.pid, started: String(holder.started) } : undefined;
  } catch {
    return undefined;
  }
}
