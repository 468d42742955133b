/**
 * A build stopped half-way, or a page cache changed on disk, never puts stale pages into the next
 * build's dist/ (src/build-speed/page-cache-seal.ts); a half-built dist/ is marked and not served,
 * and two builds of one folder never run at once (src/integrations/build-guard.ts). Real builds of a
 * copy of the site, one killed while it renders pages.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, post, type Site } from '../helpers/site.ts';
import { fileTimes } from '../helpers/rewritten-files.ts';
import { testEnv } from '../../scripts/lib/temp-site.mjs';
import { UNFINISHED_MARK } from '../../src/integrations/build-guard.ts';

let site: Site;
const layout = () => join(site.dir, 'src', 'layouts', 'Base.astro');
let original = '';

const pagesWith = (text: string) =>
  site.files().filter((f) => f.endsWith('.html') && readFileSync(join(site.dist, f), 'utf8').includes(text));

/** How many pages of dist/ were written after `since` (ms): told from the files, not from Astro's log. */
function pagesWrittenAfter(since: number): number {
  return [...fileTimes(site.dist)].filter(([file, time]) => file.endsWith('.html') && Number(time / 1_000_000n) > since).length;
}

/** Starts `astro build` and kills it (SIGKILL) once it has written `pages` pages; resolves when it is gone. */
function buildKilledWhileRendering(pages: number): Promise<string> {
  return buildKilledWhen((started) => pagesWrittenAfter(started) >= pages);
}

/**
 * Starts `astro build` in `env` and kills it (SIGKILL) once `ready` (given when the build started, in
 * ms) is true; resolves when it is gone.
 */
function buildKilledWhen(ready: (started: number) => boolean, env = testEnv()): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(join(site.dir, 'node_modules', '.bin', 'astro'), ['build'], { cwd: site.dir, env });
    let output = '';
    const onData = (data: Buffer) => (output += data);
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const watch = setInterval(() => {
      if (child.exitCode !== null) return;
      try {
        if (ready(started)) child.kill('SIGKILL');
      } catch {
        // dist/ set aside or not made yet
      }
    }, 20);
    child.on('close', (code, signal) => {
      clearInterval(watch);
      if (signal !== 'SIGKILL') reject(new Error(`the build was meant to be killed; it ended with ${code}:\n${output}`));
      else resolve(output);
    });
  });
}

beforeAll(async () => {
  const posts: Record<string, string> = {};
  for (let i = 0; i < 60; i++) posts[`p${i}.md`] = post(`title: 記事${i}\ndate: 2024-01-${String((i % 28) + 1).padStart(2, '0')}\npublished: true\ntags: [t${i % 5}]`);
  site = makeSite({ posts });
  original = readFileSync(layout(), 'utf8');
  const first = await site.astro(['build']);
  if (first.code !== 0) throw new Error(first.output);
}, 240_000);
afterAll(() => site?.remove());

describe('a build stopped half-way', () => {
  it('leaves nothing of its content to the next build once the change is reverted', async () => {
    writeFileSync(layout(), original.replace('© {site.author}', '© {site.author} INTERRUPTED-EDIT'));
    await buildKilledWhileRendering(20);
    // The half-built dist/ says so, and is not served.
    expect(readFileSync(join(site.dist, UNFINISHED_MARK), 'utf8')).toContain('did not finish');
    const preview = await site.astro(['preview', '--port', '0']);
    expect(preview.code).not.toBe(0);
    expect(preview.output).toContain('is from a build that did not finish');
    writeFileSync(layout(), original);
    const next = await site.astro(['build']);
    expect(next.code, next.output).toBe(0);
    expect(pagesWith('INTERRUPTED-EDIT')).toEqual([]);
    expect(pagesWith('© ').length).toBeGreaterThan(60);
    expect(next.output).toContain('the last build did not finish');
    expect(existsSync(join(site.dist, UNFINISHED_MARK))).toBe(false);
  }, 480_000);

  it('leaves nothing in the temporary folder when killed while the search index is made', async () => {
    // A post whose text changed: its part of the search index is made again while the posts render.
    const changed = join(site.dir, 'src', 'content', 'posts', 'p3.md');
    const text = readFileSync(changed, 'utf8');
    writeFileSync(changed, `${text}\n新しい段落。\n`);
    const temp = join(site.dir, 'temp');
    mkdirSync(temp);
    // Killed once Pagefind has begun the changed part (src/build-speed/folder-cache.ts's partial folder).
    const parts = join(site.dir, 'node_modules', '.cache', 'search-index', 'parts');
    const indexing = () => existsSync(parts) && readdirSync(parts).some((name) => name.endsWith('.partial'));
    try {
      await buildKilledWhen(indexing, { ...testEnv(), TMPDIR: temp });
      // Node's compile cache is not there either: testEnv() keeps it in node_modules/.cache.
      expect(readdirSync(temp)).toEqual([]);
    } finally {
      writeFileSync(changed, text);
      rmSync(temp, { recursive: true, force: true });
    }
    // The half-made part left in the cache stops nothing.
    const next = await site.astro(['build']);
    expect(next.code, next.output).toBe(0);
  }, 240_000);
});

describe('two builds of one folder', () => {
  it('never run at once: the second stops naming the first, which finishes', async () => {
    const lock = join(site.dir, 'node_modules', '.cache', 'astro-build.lock');
    const first = site.astro(['build']);
    const deadline = Date.now() + 60_000;
    while (!existsSync(lock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const second = await site.astro(['build']);
    expect(second.code).not.toBe(0);
    expect(second.output).toMatch(/another build of this folder is running \(process \d+/u);
    const done = await first;
    expect(done.code, done.output).toBe(0);
    expect(existsSync(lock)).toBe(false);
    expect(existsSync(join(site.dist, UNFINISHED_MARK))).toBe(false);
  }, 480_000);

  it('take over the lock of a build that is gone', async () => {
    const lock = join(site.dir, 'node_modules', '.cache', 'astro-build.lock');
    writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, started: '2026-01-01T00:00:00Z' }));
    const build = await site.astro(['build']);
    expect(build.code, build.output).toBe(0);
  }, 480_000);
});

describe('a damaged page cache', () => {
  it('is not published: a truncated cached page is rendered again', async () => {
    const again = await site.astro(['build']);
    expect(again.code, again.output).toBe(0);
    expect(again.output).not.toContain('cannot be trusted');
    const copies = join(site.dir, 'node_modules', '.astro', 'dist');
    const cached = readdirSync(join(copies, 'posts', 'p7'));
    expect(cached).toContain('index.html');
    const file = join(copies, 'posts', 'p7', 'index.html');
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 200));
    // As on a CI machine that restores the cache but not dist/: the page comes from the cache.
    rmSync(site.dist, { recursive: true, force: true });
    const next = await site.astro(['build']);
    expect(next.code, next.output).toBe(0);
    expect(site.read('posts/p7/index.html')).toContain('</html>');
    expect(next.output).toContain('its files changed after the last build finished');
  }, 480_000);
});
