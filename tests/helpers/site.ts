/**
 * Temporary copies of the site for built-site tests: the project's own code with a test's posts and
 * settings, built with the real `astro build`. Each copy has its own node_modules folder of links to
 * the project's packages, so Astro's and Vite's caches (node_modules/.astro, .vite) are its own.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { listFiles } from '../../scripts/lib/site-checks.mjs';
import { freePort, makeSiteCopy, projectRoot, testEnv } from '../../scripts/lib/temp-site.mjs';
import { dirname, join } from 'node:path';

export { projectRoot };

export interface SiteOptions {
  /** Posts by path under src/content/posts (e.g. `2022/foo.md`): text, or bytes for images. */
  posts: Record<string, string | Uint8Array>;
  /** Overrides for src/site.config.ts. */
  settings?: Record<string, unknown>;
}

export interface Site {
  dir: string;
  dist: string;
  /** Runs `astro build` (or another astro command); resolves with its exit code and output. */
  astro(args?: string[], env?: Record<string, string>): Promise<{ code: number; output: string }>;
  /** Starts `astro dev` on a free port; resolves once it answers, with its URL, its output so far and a way to stop it. */
  dev(): Promise<{ url: string; output: () => string; stop: () => Promise<void> }>;
  /** A file of dist/, as text. */
  read(path: string): string;
  /** Every file of dist/, relative, sorted. */
  files(): string[];
  remove(): void;
}

export function makeSite({ posts, settings = {} }: SiteOptions): Site {
  const { dir, postsDir, astroBin } = makeSiteCopy();
  for (const [path, content] of Object.entries(posts)) {
    mkdirSync(dirname(join(postsDir, path)), { recursive: true });
    writeFileSync(join(postsDir, path), content);
  }
  if (Object.keys(settings).length > 0) {
    const file = join(dir, 'src', 'site.config.ts');
    writeFileSync(file, `${readFileSync(file, 'utf8')}\nObject.assign(site, ${JSON.stringify(settings)});\n`);
  }
  const dist = join(dir, 'dist');
  return {
    dir,
    dist,
    astro: (args = ['build'], env = {}) => run(astroBin, args, dir, env),
    dev: () => startDev(astroBin, dir),
    read: (path) => readFileSync(join(dist, path), 'utf8'),
    files: () => listFiles(dist),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { ...testEnv(), ...env } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

async function startDev(cmd: string, cwd: string) {
  const port = await freePort();
  const child = spawn(cmd, ['dev', '--host', '127.0.0.1', '--port', String(port)], {
    cwd,
    env: testEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`astro dev exited:\n${output}`);
    try {
      await fetch(url);
      return { url, stop, output: () => output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`astro dev did not answer on ${url} within 60 s:\n${output}`);
}

/** A post file with frontmatter from `fields` (written as given: YAML source lines) and a body. */
export function post(fields: string, body = '本文。'): string {
  return `---\n${fields.trim()}\n---\n${body}\n`;
}

/** The posts of a fixture under tests/fixtures/<name>/, by path, for `makeSite`. */
export function fixturePosts(name: string): Record<string, Uint8Array> {
  const root = join(projectRoot, 'tests', 'fixtures', name);
  return Object.fromEntries(listFiles(root).map((f: string) => [f, readFileSync(join(root, f))]));
}
