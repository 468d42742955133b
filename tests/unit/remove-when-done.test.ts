/**
 * A temporary folder goes when the process that made it ends, however it ends
 * (scripts/lib/remove-when-done.mjs): what keeps the browser tests' site copies from piling up in /tmp.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/site.ts';

const root = mkdtempSync(join(tmpdir(), 'remove-when-done-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const module = pathToFileURL(join(projectRoot, 'scripts', 'lib', 'remove-when-done.mjs')).href;

/**
 * Starts a process that makes a folder with a file in it, asks for its removal, then runs `then`
 * (JavaScript); resolves once the folder exists, with the process and the folder.
 */
async function start(name: string, then: string) {
  const dir = join(root, name);
  const script = `
    import { mkdirSync, writeFileSync } from 'node:fs';
    import { removeWhenThisProcessEnds } from ${JSON.stringify(module)};
    mkdirSync(${JSON.stringify(join(dir, 'inner'))}, { recursive: true });
    writeFileSync(${JSON.stringify(join(dir, 'inner', 'file.txt'))}, 'x');
    removeWhenThisProcessEnds(${JSON.stringify(dir)});
    console.log('ready');
    ${then}
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`the process ended before it was ready (exit ${code})`)));
  });
  return { child, dir };
}

/** Whether `dir` is gone within a few seconds. */
async function goneSoon(dir: string): Promise<boolean> {
  for (let i = 0; i < 100 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 100));
  return !existsSync(dir);
}

describe('removeWhenThisProcessEnds', () => {
  it('removes the folder when the process is killed outright (SIGKILL runs no handler)', async () => {
    const { child, dir } = await start('killed', 'setInterval(() => {}, 1000);');
    expect(existsSync(join(dir, 'inner', 'file.txt'))).toBe(true);
    // Still there while the process lives: the watcher waits for its end, not a moment.
    await new Promise((r) => setTimeout(r, 300));
    expect(existsSync(dir)).toBe(true);
    child.kill('SIGKILL');
    expect(await goneSoon(dir)).toBe(true);
  });

  it('removes the folder when the process ends by itself, and does not keep it running', async () => {
    const { child, dir } = await start('ended', 'setTimeout(() => {}, 50);');
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(await goneSoon(dir)).toBe(true);
  });

  it('removes the folder when the process dies of an uncaught error', async () => {
    const { dir } = await start('thrown', 'setTimeout(() => { throw new Error("boom"); }, 50);');
    expect(await goneSoon(dir)).toBe(true);
  });

  it('leaves other folders alone', async () => {
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'keep.txt'), 'x');
    const { child, dir } = await start('beside', 'setInterval(() => {}, 1000);');
    child.kill('SIGKILL');
    expect(await goneSoon(dir)).toBe(true);
    expect(existsSync(join(other, 'keep.txt'))).toBe(true);
  });
});
