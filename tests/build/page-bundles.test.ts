/**
 * Page bundles: a folder with an `index.md` (or `index.mdx`) and the post's images beside it is the
 * post of the folder's name, `/posts/<folder>/`, everywhere a post's URL is made: its page, share
 * image, old URLs, feed, sitemap, search and related posts. Also: a build with the placeholder `url`
 * warns once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSite } from '../helpers/pagefind.ts';
import { makeSite, post, projectRoot, type Site } from '../helpers/site.ts';

const ORIGIN = 'https://blog.example.com';
const png = readFileSync(join(projectRoot, 'tests', 'fixtures', 'basic', 'images', 'pic.png'));

let site: Site;
let output: string;
beforeAll(async () => {
  site = makeSite({
    posts: {
      'my-trip/index.md': post(
        'title: 京都の旅\ndate: 2022-03-01\npublished: true\ntags: [旅行]\naliases: [/2022/03/kyoto.html]',
        '紅葉を見たBUNDLESEARCHMARK。\n\n![嵐山](./arashiyama.png)\n',
      ),
      'my-trip/arashiyama.png': png,
      'my-trip/day-2.md': post('title: 二日目\ndate: 2022-03-02\npublished: true\ntags: [旅行]', '二日目の記録。'),
      '2023/notes/index.mdx': post('title: MDXの束\ndate: 2023-01-01\npublished: true', 'MDXの本文。'),
      'plain.md': post('title: ふつうの記事\ndate: 2021-01-01\npublished: true', '本文。'),
    },
  });
  const result = await site.astro(['build']);
  output = result.output;
  expect(result.code, output).toBe(0);
}, 300_000);
afterAll(() => site?.remove());

describe('a page bundle', () => {
  it('is the post of its folder, with its image beside it', () => {
    const files = site.files();
    expect(files).toContain('posts/my-trip/index.html');
    expect(files).toContain('posts/my-trip/day-2/index.html');
    expect(files).toContain('posts/2023/notes/index.html');
    expect(files.some((f) => /(^|\/)index\/index\.html$/u.test(f))).toBe(false);
    const html = site.read('posts/my-trip/index.html');
    expect(html).toContain('京都の旅');
    // Optimized by Astro's image pipeline: found beside the index.md, as `./arashiyama.png` says.
    expect(html).toMatch(/<img [^>]*alt="嵐山"[^>]*src="\/_astro\/[^"]+\.webp"/u);
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/posts/my-trip/">`);
  });

  it('has its share image at /posts/<folder>/og.png', () => {
    expect(site.files()).toContain('posts/my-trip/og.png');
    expect(site.files()).toContain('posts/2023/notes/og.png');
    expect(site.read('posts/my-trip/index.html')).toContain(`content="${ORIGIN}/posts/my-trip/og.png"`);
  });

  it('is where its old URLs lead', () => {
    expect(site.read('_redirects')).toContain('/2022/03/kyoto.html /posts/my-trip/ 301');
    expect(site.read('2022/03/kyoto.html')).toContain('/posts/my-trip/');
  });

  it('is linked as its folder from lists, feeds, the sitemap and related posts', () => {
    expect(site.read('index.html')).toContain('href="/posts/my-trip/"');
    expect(site.read('rss.xml')).toContain(`<link>${ORIGIN}/posts/my-trip/</link>`);
    const sitemap = site.files().filter((f) => /^sitemap-\d+\.xml$/u.test(f)).map((f) => site.read(f)).join('');
    expect(sitemap).toContain(`<loc>${ORIGIN}/posts/my-trip/</loc>`);
    expect(sitemap).not.toContain('/index/</loc>');
    expect(site.read('posts/my-trip/day-2/index.html')).toContain('href="/posts/my-trip/"');
  });

  it('is found by search at its folder’s URL', async () => {
    const hits = await searchSite(site.dist, 'BUNDLESEARCHMARK');
    expect(hits.map((h) => h.url)).toEqual(['/posts/my-trip/']);
  });
});

it('a build with the placeholder url warns once, naming the setting', () => {
  const warnings = output.split('\n').filter((line) => line.includes('[placeholder-url]'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toContain('url in src/site.config.ts is still https://blog.example.com');
});
