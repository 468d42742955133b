/**
 * scripts/with-node.mjs stands for the command it runs: it ends as the command ended, passes on the
 * signals that stop a command, and in an npm script stops the command when whoever started it is gone
 * (npm runs scripts through `sh -c`, and a dash killed by npm's SIGTERM passes nothing on). A small Node
 * script stands in for `astro dev` here; tests/build/with-node-signals.test.ts runs the real one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNewEnough, oldNodeNotice } from '../../scripts/with-node.mjs';
import { isRunning, until } from '../helpers/processes.ts';
import { projectRoot } from '../helpers/site.ts';

const wrapper = join(projectRoot, 'scripts', 'with-node.mjs');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'with-node-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A command that writes its pid, then waits until a signal ends it. With `noteSigterm`, a SIGTERM is
 * written down before the command ends (by SIGKILL, so that the signal that ended it tells the two apart).
 */
function longCommand({ noteSigterm }: { noteSigterm: boolean }): string[] {
  const script = join(dir, 'long.mjs');
  const onSigterm = `process.on('SIGTERM', () => { writeFileSync(${JSON.stringify(join(dir, 'got'))}, 'SIGTERM'); process.kill(process.pid, 'SIGKILL'); });`;
  writeFileSync(
    script,
    `import { writeFileSync } from 'node:fs';
${noteSigterm ? onSigterm : ''}
writeFileSync(${JSON.stringify(join(dir, 'pid'))}, String(process.pid));
setInterval(() => {}, 1000);
`,
  );
  return [process.execPath, script];
}

/** The pid of the command `longCommand` wrote, once it has started. */
async function commandPid(): Promise<number> {
  await until('the command to start', () => existsSync(join(dir, 'pid')) && readFileSync(join(dir, 'pid'), 'utf8') !== '', 15);
  return Number(readFileSync(join(dir, 'pid'), 'utf8'));
}

const ended = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('scripts/with-node.mjs', () => {
  it('ends with the exit code of its command', async () => {
    const child = spawn(process.execPath, [wrapper, process.execPath, '-e', 'process.exit(3)'], { stdio: 'ignore' });
    expect(await ended(child)).toEqual({ code: 3, signal: null });
  });

  it('passes SIGTERM on to its command, and ends as the command did', async () => {
    const child = spawn(process.execPath, [wrapper, ...longCommand({ noteSigterm: true })], { stdio: 'ignore' });
    const pid = await commandPid();
    child.kill('SIGTERM');
    // The command ended itself with SIGKILL after seeing SIGTERM: the wrapper ends by the same signal.
    expect(await ended(child)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('SIGTERM');
    await until('the command to end', () => !isRunning(pid), 15);
  });

  it('ends by the signal that ended its command', async () => {
    const child = spawn(process.execPath, [wrapper, ...longCommand({ noteSigterm: false })], { stdio: 'ignore' });
    const pid = await commandPid();
    child.kill('SIGINT');
    expect(await ended(child)).toEqual({ code: null, signal: 'SIGINT' });
    await until('the command to end', () => !isRunning(pid), 15);
  });

  it('in an npm script, stops its command when the shell that started it is killed', async () => {
    // What `npm run` does: a shell runs the wrapper, and npm's SIGTERM reaches only the shell.
    // `; true` keeps a shell that would exec its last command (bash) from doing so, as dash does not.
    const [node, script] = longCommand({ noteSigterm: true });
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${wrapper}" "${node}" "${script}"; true`], {
      stdio: 'ignore',
      env: { ...process.env, npm_lifecycle_event: 'dev' },
    });
    const pid = await commandPid();
    shell.kill('SIGTERM');
    await ended(shell);
    await until('the orphaned command to be stopped', () => !isRunning(pid), 15);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('SIGTERM');
  });

  it('started by hand, lets its command outlive the shell (nohup … &)', async () => {
    const [node, script] = longCommand({ noteSigterm: true });
    const { npm_lifecycle_event: _npmScript, ...env } = process.env;
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${wrapper}" "${node}" "${script}"; true`], { stdio: 'ignore', env });
    const pid = await commandPid();
    shell.kill('SIGTERM');
    await ended(shell);
    // Several times as long as the wrapper takes to notice an npm script's shell is gone.
    await new Promise((r) => setTimeout(r, 2000));
    try {
      expect(isRunning(pid)).toBe(true);
      expect(existsSync(join(dir, 'got'))).toBe(false);
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('tells an author on an old Node that npm’s engine warnings are expected', () => {
    expect(isNewEnough('20.20.2')).toBe(false);
    expect(isNewEnough('22.18.0')).toBe(true);
    const notice = oldNodeNotice('20.20.2');
    expect(notice).toContain('EBADENGINE');
    expect(notice).toContain('expected');
    expect(notice).toContain('tools/');
  });
});
