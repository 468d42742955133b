/**
 * The browser tests' server (scripts/e2e-server.mjs) leaves no copy of the site behind, however it
 * ends: a bad argument, a failed build, SIGTERM, and SIGKILL to its whole process group (which is how
 * Playwright stops a web server unless its config asks for a graceful shutdown). Nor do the servers
 * started together (scripts/e2e-servers.mjs) when one of them fails. Each case stops the server early,
 * so no test here waits for a whole build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/site.ts';

interface Server {
  child: ChildProcess;
  /** The site copy the server announced. */
  dir: Promise<string>;
  exit: Promise<number | null>;
  output: () => string;
}

/**
 * Starts the server (or `script`) in its own process group, as Playwright does, with a stdin of its own
 * as Playwright gives.
 */
function startServer(args: string[], script = 'e2e-server.mjs'): Server {
  const child = spawn(process.execPath, [join(projectRoot, 'scripts', script), ...args], {
    cwd: projectRoot,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const dir = new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const found = /e2e-server: site copy in (\S+)/u.exec(output);
      if (found) resolve(found[1]!);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', () => reject(new Error(`the server ended without naming its copy:\n${output}`)));
  });
  dir.catch(() => undefined); // a server that must not make a copy is tested by its exit
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, dir, exit, output: () => output };
}

/** Whether `dir` is gone within `seconds`. */
async function goneWithin(dir: string, seconds: number): Promise<boolean> {
  for (let i = 0; i < seconds * 10 && existsSync(dir); i++) await new Promise((r) => setTimeout(r, 100));
  return !existsSync(dir);
}

describe('the e2e server', () => {
  it.each([
    ['a malformed --import', ['--import', 'no-kind-here']],
    ['a --build-niceness that is not a number', ['--build-niceness', 'low']],
  ])('refuses %s, making no copy', async (_case, args) => {
    const server = startServer(['--port', '1', ...args]);
    expect(await server.exit).toBe(2);
    expect(server.output()).toMatch(/usage: node scripts\/e2e-server\.mjs/u);
  });

  it('removes the copy when its posts cannot be put in place', async () => {
    const server = startServer(['--port', '1', '--fixture', 'no-such-fixture']);
    const dir = await server.dir;
    expect(await server.exit).toBe(1);
    expect(await goneWithin(dir, 10)).toBe(true);
  });

  it('removes the copy when the build fails', async () => {
    // Test files are not posts: the posts loader stops the build at the first.
    const server = startServer(['--port', '1', '--fixture', '../unit']);
    const dir = await server.dir;
    expect(await server.exit).not.toBe(0);
    expect(await goneWithin(dir, 30)).toBe(true);
  });

  it('removes the copy on SIGTERM during the build', async () => {
    const server = startServer(['--port', '1']);
    const dir = await server.dir;
    expect(existsSync(dir)).toBe(true);
    process.kill(server.child.pid!, 'SIGTERM');
    expect(await server.exit).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('builds at the niceness asked (how npm test builds the sites beside vitest), and stops on SIGTERM', async () => {
    const server = startServer(['--port', '1', '--build-niceness', '19']);
    const dir = await server.dir;
    // The build: the server's child process that runs in the copy (the other watches it). Field 19 of
    // /proc/PID/stat is its niceness, after the command's name in parentheses.
    const fields = (pid: string) => readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /su, '').split(' ');
    let niceness: string | undefined;
    for (let i = 0; i < 100 && niceness === undefined; i++) {
      for (const pid of readdirSync('/proc').filter((name) => /^\d+$/u.test(name))) {
        try {
          const stat = fields(pid);
          if (stat[1] === String(server.child.pid) && realpathSync(`/proc/${pid}/cwd`) === realpathSync(dir)) niceness = stat[16];
        } catch {
          // a process that ended meanwhile
        }
      }
      if (niceness === undefined) await new Promise((r) => setTimeout(r, 100));
    }
    expect(niceness).toBe('19');
    process.kill(server.child.pid!, 'SIGTERM');
    expect(await server.exit).toBe(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('removes the copy when its whole process group is killed outright', async () => {
    const server = startServer(['--port', '1']);
    const dir = await server.dir;
    expect(existsSync(dir)).toBe(true);
    process.kill(-server.child.pid!, 'SIGKILL');
    await server.exit;
    expect(await goneWithin(dir, 30)).toBe(true);
  });
});

describe('the e2e servers started together (scripts/e2e-servers.mjs)', () => {
  it('refuses a set of arguments without a port', async () => {
    const servers = startServer(['--', '--port', '1', '--', '--fixture', 'dialect'], 'e2e-servers.mjs');
    expect(await servers.exit).toBe(2);
    expect(servers.output()).toMatch(/usage: node scripts\/e2e-servers\.mjs/u);
  });

  it('refuses a port something already answers on, making no copy', async () => {
    const other = createServer((_request, response) => response.end('another server'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((other.address() as AddressInfo).port);
      const servers = startServer(['--', '--port', port], 'e2e-servers.mjs');
      expect(await servers.exit).toBe(1);
      expect(servers.output()).toContain(`something already answers on port ${port}`);
      expect(servers.output()).not.toContain('site copy in');
    } finally {
      other.close();
    }
  });

  it('stops the others when one cannot start, and every copy is removed', async () => {
    // The second server cannot put its posts in place. The first may have made its copy by then, or not
    // (it is stopped early either way): every copy named is checked.
    const servers = startServer(['--', '--port', '1', '--', '--port', '2', '--fixture', 'no-such-fixture'], 'e2e-servers.mjs');
    expect(await servers.exit).toBe(1);
    const copies = [...servers.output().matchAll(/e2e-server: site copy in (\S+)/gu)].map((m) => m[1]!);
    expect(copies.length).toBeGreaterThan(0);
    expect(servers.output()).toMatch(/the server on port 2 ended \(exit code 1\): stopping the others/u);
    expect(servers.output()).not.toContain('e2e servers ready');
    for (const dir of copies) expect(await goneWithin(dir, 30), dir).toBe(true);
  });
});
