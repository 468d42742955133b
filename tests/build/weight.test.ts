/**
 * Page weight budgets (bytes are deterministic, so these are tests): a post page ships no external
 * JavaScript and at most 2 KB of inline script; CSS is at most 10 KB gzipped on any page; a 5 KB
 * Japanese post with its CSS is at most 14 KB gzipped, so its first screen arrives in one round trip;
 * only /search/ loads more script, and only Pagefind's.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'parse5';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../../scripts/lib/site-checks.mjs';
import { fixturePosts, makeSite, projectRoot, type Site } from '../helpers/site.ts';

const KB = 1024;
let site: Site;

beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('weight') });
  const build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => site?.remove());

type N = { nodeName: string; attrs?: Array<{ name: string; value: string }>; childNodes?: N[]; value?: string };
function elements(html: string, name: string): N[] {
  const found: N[] = [];
  const visit = (n: N) => {
    if (n.nodeName === name) found.push(n);
    n.childNodes?.forEach(visit);
  };
  visit(parse(html) as unknown as N);
  return found;
}
const attr = (n: N, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const text = (n: N) => (n.childNodes ?? []).map((c) => c.value ?? '').join('');
/** Scripts that run: not JSON-LD data. */
const runnable = (html: string) => elements(html, 'script').filter((s) => (attr(s, 'type') ?? 'module').match(/^(module|text\/javascript)$/));
const gzip = (s: string) => gzipSync(Buffer.from(s)).length;
const pages = () => listFiles(site.dist).filter((f: string) => f.endsWith('.html'));

describe('page weight', () => {
  it('the 5 KB fixture post is about 5 KB of Japanese Markdown', () => {
    const size = statSync(join(projectRoot, 'tests/fixtures/weight/five-kb.md')).size;
    expect(size).toBeGreaterThan(4.5 * KB);
    expect(size).toBeLessThan(5.5 * KB);
  });

  it('a post page ships no external JavaScript and at most 2 KB of inline script', () => {
    const html = site.read('posts/five-kb/index.html');
    const scripts = runnable(html);
    expect(scripts.filter((s) => attr(s, 'src'))).toEqual([]);
    const inline = scripts.reduce((n, s) => n + Buffer.byteLength(text(s)), 0);
    expect(inline).toBeGreaterThan(0); // the colour scheme script, at least
    expect(inline).toBeLessThanOrEqual(2 * KB);
  });

  it('no page but /search/ loads a script file, and /search/ only Pagefind', () => {
    for (const page of pages()) {
      const html = site.read(page);
      const files = runnable(html).map((s) => attr(s, 'src')).filter(Boolean);
      const imports = runnable(html).flatMap((s) => [...text(s).matchAll(/import\(([^)]*)\)/g)].map((m) => m[1]));
      if (page === 'search/index.html') {
        expect(files).toEqual([]);
        expect(imports).toEqual(['form.dataset.pagefind']);
        expect(html).toContain('data-pagefind="/pagefind/pagefind.js"');
      } else {
        expect([...files, ...imports], page).toEqual([]);
      }
    }
  });

  it('CSS is at most 10 KB gzipped on every page', () => {
    for (const page of pages()) {
      const html = site.read(page);
      expect(elements(html, 'link').filter((l) => attr(l, 'rel') === 'stylesheet'), page).toEqual([]);
      const css = elements(html, 'style').map(text).join('');
      expect(css.length, page).toBeGreaterThan(1000);
      expect(gzip(css), page).toBeLessThanOrEqual(10 * KB);
    }
  });

  it('the page of a 5 KB Japanese post, CSS included, is at most 14 KB gzipped', () => {
    const html = site.read('posts/five-kb/index.html');
    expect(html).toContain('<h1><span class="phrases">五キロバイトの');
    expect(gzip(html)).toBeLessThanOrEqual(14 * KB);
  });
});

describe('without JavaScript', () => {
  it('a post page has its whole content in the HTML', () => {
    const html = site.read('posts/five-kb/index.html');
    const source = readFileSync(join(projectRoot, 'tests/fixtures/weight/five-kb.md'), 'utf8');
    for (const heading of source.match(/^## .+$/gm)!) expect(html).toContain(`>${heading.slice(3)}<`);
    expect(html).toContain('const</span>');
  });
});
