/**
 * A build stopped half-way, or a page cache changed on disk, never puts stale pages into the next
 * build's dist/ (src/integrations/page-cache-seal.ts). Real builds of a copy of the site, one killed
 * while it renders pages.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSite, post, type Site } from '../helpers/site.ts';
import { userEnv } from '../../scripts/lib/temp-site.mjs';

let site: Site;
const layout = () => join(site.dir, 'src', 'layouts', 'Base.astro');
let original = '';

const pagesWith = (text: string) =>
  site.files().filter((f) => f.endsWith('.html') && readFileSync(join(site.dist, f), 'utf8').includes(text));

/** Starts `astro build` and kills it (SIGKILL) once it has written `pages` pages; resolves when it is gone. */
function buildKilledWhileRendering(pages: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(site.dir, 'node_modules', '.bin', 'astro'), ['build'], { cwd: site.dir, env: userEnv() });
    let output = '';
    let written = 0;
    const onData = (data: Buffer) => {
      output += data;
      written = (output.match(/index\.html \(\+/gu) ?? []).length;
      if (written >= pages && child.exitCode === null) child.kill('SIGKILL');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code, signal) => {
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
    writeFileSync(layout(), original);
    const next = await site.astro(['build']);
    expect(next.code, next.output).toBe(0);
    expect(pagesWith('INTERRUPTED-EDIT')).toEqual([]);
    expect(pagesWith('© ').length).toBeGreaterThan(60);
    expect(next.output).toContain('the last build did not finish');
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
