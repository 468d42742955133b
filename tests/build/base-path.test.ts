/**
 * The site hosted under a sub-path (https://user.github.io/blog/): every internal link, asset, feed URL,
 * sitemap URL, share image, canonical URL and the search index work under that path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchSite } from '../helpers/pagefind.ts';
import { fixturePosts, makeSite, post, type Site } from '../helpers/site.ts';
import { siteProblems } from '../helpers/validity.ts';

const ORIGIN = 'https://user.github.io';
let site: Site;

beforeAll(async () => {
  site = makeSite({
    posts: {
      ...fixturePosts('reader'),
      // A link written from the site's root, as authors do.
      'links.md': post('title: リンクの記事\ndate: 2021-01-01\npublished: true', '[別の記事](/posts/a/)と[RSS](/rss.xml)と[外部](https://example.com/)。'),
    },
    settings: { url: `${ORIGIN}/blog` },
  });
  const build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => site?.remove());

describe('under a base path', () => {
  it('every internal link, asset and fragment resolves under /blog/; feeds and sitemap are valid', async () => {
    expect(await siteProblems(site.dist, ORIGIN, '/blog/')).toEqual([]);
  });

  it('pages link, share and declare themselves under /blog/', () => {
    const html = site.read('posts/a/index.html');
    expect(html).toContain(`<link rel="canonical" href="${ORIGIN}/blog/posts/a/">`);
    expect(html).toContain(`<meta property="og:image" content="${ORIGIN}/blog/posts/a/og.png">`);
    expect(html).toContain('href="/blog/rss.xml"');
    expect(html).toMatch(/src="\/blog\/_astro\/[^"]+\.webp"/);
    expect(html).not.toMatch(/(?:href|src)="\/(?!blog\/|\/)/);
    const links = site.read('posts/links/index.html');
    expect(links).toContain('<a href="/blog/posts/a/">別の記事</a>');
    expect(links).toContain('<a href="https://example.com/">外部</a>');
  });

  it('feeds, sitemap and robots.txt use absolute URLs under /blog/', () => {
    const feed = site.read('rss.xml');
    expect(feed).toContain(`<link>${ORIGIN}/blog/posts/`);
    expect(feed).toContain(`href=&quot;${ORIGIN}/blog/posts/a/&quot;`); // inside content:encoded
    expect(site.read('sitemap-index.xml')).toContain(`<loc>${ORIGIN}/blog/sitemap-0.xml</loc>`);
    expect(site.read('robots.txt')).toContain(`Sitemap: ${ORIGIN}/blog/sitemap-index.xml`);
  });

  it('search results link under /blog/', async () => {
    const hits = await searchSite(site.dist, '署名', '/blog/');
    expect(hits.map((h) => h.url)).toContain('/blog/posts/a/');
    expect(site.read('search/index.html')).toContain('data-pagefind="/blog/pagefind/pagefind.js" data-base="/blog/"');
  });
});
