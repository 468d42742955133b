/**
 * Stopping `npm run dev` stops `astro dev`: scripts/with-node.mjs passes SIGTERM on to the server it
 * started, and stops the server when the shell npm runs it in is killed instead (dash passes nothing
 * on). Each case starts a real dev server in a temporary copy of the site.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, testEnv } from '../../scripts/lib/temp-site.mjs';
import { isRunning, until } from '../helpers/processes.ts';
import { makeSite, post, projectRoot, type Site } from '../helpers/site.ts';

const wrapper = join(projectRoot, 'scripts', 'with-node.mjs');
let site: Site | undefined;
const started: number[] = [];
afterEach(() => {
  // A failed case must not leave a dev server behind: end what is still running of what it started.
  for (const pid of started.splice(0)) {
    if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  }
  site?.remove();
  site = undefined;
});

/** Every process below `pid`. */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

const commandOf = (pid: number) => {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

/** Starts `command` (which runs the wrapper) in a site copy; resolves once `astro dev` answers, with its pid. */
async function startDev(command: (port: number) => [string, string[]]): Promise<{ top: ChildProcess; astro: number }> {
  site = makeSite({ posts: { 'a.md': post('title: 記事\ndate: 2022-01-01\npublished: true') } });
  const port = await freePort();
  const [cmd, args] = command(port);
  // As `npm run dev` would: the copy's node_modules/.bin first on PATH, the script's name set.
  const env = { ...testEnv(), PATH: `${join(site.dir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, npm_lifecycle_event: 'dev' };
  const top = spawn(cmd, args, { cwd: site.dir, env, stdio: 'ignore' });
  started.push(top.pid!);
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (top.exitCode !== null) throw new Error(`${cmd} ended before astro dev answered`);
    if (Date.now() > deadline) throw new Error('astro dev did not answer');
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  const below = descendants(top.pid!);
  started.push(...below);
  const astro = below.find((pid) => /\bastro dev\b/u.test(commandOf(pid)) && !commandOf(pid).includes('with-node'));
  if (astro === undefined) throw new Error(`no astro dev process below ${top.pid}: ${below.map(commandOf).join('; ')}`);
  return { top, astro };
}

describe('npm run dev, stopped', () => {
  it('SIGTERM to the wrapper stops astro dev, and the wrapper ends by it', async () => {
    const { top, astro } = await startDev((port) => [process.execPath, [wrapper, 'astro', 'dev', '--port', String(port)]]);
    const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      top.once('exit', (code, signal) => resolve({ code, signal })),
    );
    top.kill('SIGTERM');
    const status = await ended;
    // astro dev ends itself on SIGTERM with the code a shell gives that signal (143), or dies of it;
    // the wrapper ends as it did (tests/unit/with-node.test.ts checks the status is passed on as it is).
    expect(status.signal === 'SIGTERM' || status.code === 143, JSON.stringify(status)).toBe(true);
    await until('astro dev to end', () => !isRunning(astro), 20);
  });

  it('killing the shell that npm runs the wrapper in stops astro dev', async () => {
    const { top, astro } = await startDev((port) => ['sh', ['-c', `"${process.execPath}" "${wrapper}" astro dev --port ${port}; true`]]);
    top.kill('SIGTERM');
    await until('astro dev to end', () => !isRunning(astro), 20);
  });
});
