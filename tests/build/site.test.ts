/**
 * Builds the `basic` fixture with the real `astro build` and reads dist/: pages, drafts, feeds,
 * sitemap, tags, pagination and dates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteProblems } from '../helpers/validity.ts';
import { siteProblems as deployProblems } from '../../scripts/check-site.mjs';
import { fixturePosts, makeSite, type Site } from '../helpers/site.ts';

const ORIGIN = 'https://blog.example.com';
const PUBLISHED = {
  // id: [title, day], newest first
  '日本語の記事': ['日本語のファイル名', '2022-03-05'],
  '2022/astro-start': ['Starting with Astro', '2022-03-01'],
  'jpki-reset': ['マイナンバーカードの署名用パスワードをリセットした', '2022-02-23'],
  'c-tags': ['C と C# と C++', '2021-06-01'],
  code: ['コードの例', '2021-01-15'],
  old: ['古い記事', '2019-12-31'],
} as const;
const ids = Object.keys(PUBLISHED);
const postUrl = (id: string) => `${ORIGIN}/posts/${id.split('/').map(encodeURIComponent).join('/')}/`;

let site: Site;
let build: { code: number; output: string };
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'category', 'url', 'sitemap'].includes(name) });

beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('basic'), settings: { pageSize: 2, feedSize: 4, url: ORIGIN } });
  build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(`build failed:\n${build.output}`);
});
afterAll(() => site?.remove());

/** The site's pages: HTML files, but not the redirect pages of old URLs. */
const htmlPages = () => site.files().filter((f) => f.endsWith('.html') && !site.read(f).includes('<meta http-equiv="refresh"'));

describe('post pages', () => {
  it('each published post has its page with title, date and body', () => {
    for (const [id, [title, day]] of Object.entries(PUBLISHED)) {
      const html = site.read(`posts/${id}/index.html`);
      // Titles carry <wbr> between Japanese phrases.
      expect(html.replaceAll('<wbr>', '')).toContain(`<h1><span class="phrases">${title.replace('&', '&amp;')}</span></h1>`);
      expect(html).toContain(`<time datetime="${day}">`);
    }
  });

  it('shows the calendar day in Japanese and the updated day', () => {
    expect(site.read('posts/jpki-reset/index.html')).toContain('<time datetime="2022-02-23">2022年2月23日</time>');
    expect(site.read('posts/2022/astro-start/index.html')).toContain('<time datetime="2022-04-01">2022年4月1日</time>');
  });

  it('links tags, and the newer and older posts', () => {
    const html = site.read('posts/jpki-reset/index.html');
    expect(html).toContain('href="/tags/jpki/"');
    expect(html).toContain(`href="/tags/${encodeURIComponent('マイナンバー')}/"`);
    expect(html).toMatch(/href="\/posts\/2022\/astro-start\/" rel="prev"/);
    expect(html).toMatch(/href="\/posts\/c-tags\/" rel="next"/);
  });

  it("highlights code in colours the page's scheme picks, and renders an unknown language as plain text", () => {
    const html = site.read('posts/code/index.html');
    expect(html).toMatch(/<pre class="astro-code code"/);
    expect(html).toContain('style="color:var(--code-token-keyword)"');
    const pre = /<pre class="astro-code[\s\S]*?<\/pre>/.exec(html)![0];
    expect(pre).not.toMatch(/style="[^"]*#/); // no fixed colour in the markup: light and dark come from the CSS
    expect(html).toContain('plain text stays');
  });

  it('serves an image that sits beside a post', () => {
    const html = site.read('posts/jpki-reset/index.html');
    const src = /<img[^>]+src="([^"]+)"/.exec(html)![1]!;
    expect(src).toMatch(/^\/_astro\/.+\.webp$/);
    expect(site.files()).toContain(src.slice(1));
  });
});

describe('drafts', () => {
  it('leave no trace in any built file', () => {
    for (const file of site.files()) {
      const text = readFileSync(join(site.dist, file), 'latin1');
      expect(text, file).not.toMatch(/DRAFTMARKER|draftonlytag/);
      expect(text, file).not.toContain('posts/draft/');
    }
    expect(site.files().some((f) => f.startsWith('posts/draft'))).toBe(false);
  });
});

describe('every page', () => {
  it('has lang, a title, a description, a canonical URL and the feed link', () => {
    for (const file of htmlPages()) {
      const html = site.read(file);
      expect(html, file).toMatch(/^<!DOCTYPE html><html lang="ja">/);
      expect(html, file).toMatch(/<title>[^<]+<\/title>/);
      expect(html, file).toMatch(/<meta name="description" content="[^"]+">/);
      expect(html, file).toContain('<link rel="alternate" type="application/rss+xml"');
      if (file !== '404.html') {
        const path = file.replace(/index\.html$/, '').split('/').map(encodeURIComponent).join('/');
        expect(html, file).toContain(`<link rel="canonical" href="${ORIGIN}/${path}">`);
      }
    }
  });
});

describe('lists', () => {
  it('paginates the home page newest first, page 1 at /', () => {
    const order = [...ids];
    const pages = [site.read('index.html'), site.read('page/2/index.html'), site.read('page/3/index.html')];
    pages.forEach((html, i) => {
      for (const id of order.slice(i * 2, i * 2 + 2)) expect(html).toContain(`href="${postUrl(id).slice(ORIGIN.length)}"`);
    });
    expect(site.files()).not.toContain('page/1/index.html');
    expect(site.files()).not.toContain('page/4/index.html');
    expect(pages[1]).toContain('href="/" rel="prev"');
    expect(pages[1]).toContain('href="/page/3/" rel="next"');
  });

  it('shows a summary for each entry: the description, else the body', () => {
    const page1 = site.read('index.html');
    expect(page1).toContain('Why this blog runs on Astro.');
    expect(page1).toContain('ファイル名が日本語でも URL は正しくエンコードされる。');
  });

});

describe('archive', () => {
  // The published posts by year, newest first (the only 2023 post is a draft).
  const byYear = Object.entries(PUBLISHED).reduce<Record<string, string[]>>((years, [id, [, day]]) => {
    (years[day.slice(0, 4)] ??= []).push(id);
    return years;
  }, {});
  const years = Object.keys(byYear).sort().reverse();
  const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  const postLinks = (html: string) => [...main(html).matchAll(/href="(\/posts\/[^"]+)"/g)].map((m) => m[1]);

  it('indexes the years newest first with their counts, which add up to every post', () => {
    const html = site.read('archive/index.html');
    const listed = [...main(html).matchAll(/<a href="\/archive\/(\d{4})\/">(\d{4})年<\/a>\s*<span class="muted">(\d+)件<\/span>/g)];
    expect(listed.map((m) => m[1])).toEqual(years);
    expect(listed.map((m) => m[2])).toEqual(years);
    expect(listed.map((m) => Number(m[3]))).toEqual(years.map((y) => byYear[y]!.length));
    expect(listed.reduce((n, m) => n + Number(m[3]), 0)).toBe(ids.length);
    expect(main(html)).toContain(`<p class="muted">${ids.length}件</p>`);
  });

  it('gives each year a page of exactly its posts, newest first, by month, each day once in one column', () => {
    expect(site.files().filter((f) => f.startsWith('archive/')).sort()).toEqual(
      ['archive/index.html', ...years.map((y) => `archive/${y}/index.html`)].sort(),
    );
    for (const year of years) {
      const html = site.read(`archive/${year}/index.html`);
      expect(html).toContain(`<h1>${year}年の記事</h1>`);
      expect(html).toContain(`<title>${year}年の記事 | ノート</title>`);
      expect(postLinks(html), year).toEqual(byYear[year]!.map((id) => postUrl(id).slice(ORIGIN.length)));
      // The year is said in the heading, not again on every row.
      expect(main(html).split(`${year}年`).length - 1, year).toBe(1);
    }
    const y2022 = main(site.read('archive/2022/index.html'));
    expect([...y2022.matchAll(/<h2 class="archive-month" id="(2022-\d\d)">([^<]+)<\/h2>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['2022-03', '3月'],
      ['2022-02', '2月'],
    ]);
    expect(y2022).toMatch(/<li><time datetime="2022-03-05">5日<\/time>\s*<span>\s*<a href="[^"]+"><span class="phrases">/);
    expect(y2022).toContain('<time datetime="2022-03-01">1日</time>');
  });

  it('links each year page to the nearest years that have posts', () => {
    const nav = (year: string) => site.read(`archive/${year}/index.html`).match(/<nav class="pager" aria-label="前後の年">[\s\S]*?<\/nav>/)?.[0] ?? '';
    expect(nav('2022')).not.toContain('rel="prev"');
    expect(nav('2022')).toContain('<a href="/archive/2021/" rel="next">2021年の記事 →</a>');
    expect(nav('2021')).toContain('<a href="/archive/2022/" rel="prev">← 2022年の記事</a>');
    expect(nav('2021')).toContain('<a href="/archive/2019/" rel="next">2019年の記事 →</a>');
    expect(nav('2019')).toContain('<a href="/archive/2021/" rel="prev">← 2021年の記事</a>');
    expect(nav('2019')).not.toContain('rel="next"');
    for (const year of years) expect(site.read(`archive/${year}/index.html`)).toContain('<a href="/archive/">すべての年</a>');
  });

  it('shows no draft and no year of drafts only', () => {
    for (const file of site.files().filter((f) => f.startsWith('archive/'))) {
      expect(site.read(file), file).not.toMatch(/DRAFTMARKER|posts\/draft\/|archive\/2023|2023年|下書き/);
    }
  });
});

describe('tags', () => {
  const expected = {
    javascript: ['JavaScript', 3],
    astro: ['Astro', 1],
    c: ['C', 1],
    csharp: ['C#', 1],
    cpp: ['C++', 1],
    jpki: ['JPKI', 1],
    'マイナンバー': ['マイナンバー', 1],
    '日本語': ['日本語', 1],
  } as const;

  it('lists every tag with its count, each on its own page', () => {
    const index = site.read('tags/index.html');
    for (const [slug, [name, count]] of Object.entries(expected)) {
      expect(index).toContain(`<a href="/tags/${encodeURIComponent(slug)}/">#${name}</a> <span class="muted">(${count})</span>`);
      expect(site.files()).toContain(`tags/${slug}/index.html`);
    }
    const tagPages = site.files().filter((f) => /^tags\/[^/]+\/index\.html$/.test(f));
    expect(tagPages).toHaveLength(Object.keys(expected).length);
  });

  it('paginates a tag’s posts and gives it a feed', () => {
    const p1 = site.read('tags/javascript/index.html');
    const p2 = site.read('tags/javascript/page/2/index.html');
    expect(p1).toContain(`href="${postUrl('日本語の記事').slice(ORIGIN.length)}"`);
    expect(p1).toContain('href="/posts/2022/astro-start/"');
    expect(p2).toContain('href="/posts/code/"');
    const feed = parser.parse(site.read('tags/javascript/rss.xml'));
    expect(feed.rss.channel.item.map((i: { link: string }) => i.link)).toEqual(
      ['日本語の記事', '2022/astro-start', 'code'].map(postUrl),
    );
  });
});

describe('RSS', () => {
  const feed = () => site.read('rss.xml');

  it('is well-formed RSS 2.0 with the channel fields', () => {
    expect(SyntaxValidator.validate(feed())).toBe(true);
    expect(SyntaxValidator.validate(site.read('tags/javascript/rss.xml'))).toBe(true);
    const { rss } = parser.parse(feed());
    expect(rss['@_version']).toBe('2.0');
    expect(rss.channel.title).toBe('ノート');
    expect(rss.channel.link).toBe(`${ORIGIN}/`);
    expect(rss.channel.language).toBe('ja');
    expect(rss.channel.description).toBeTruthy();
    expect(rss.channel['atom:link']['@_href']).toBe(`${ORIGIN}/rss.xml`);
    expect(rss.channel['atom:link']['@_rel']).toBe('self');
    // The newest change among the feed's posts (an \`updated\` of 2022-04-01 in Tokyo), not the build time.
    expect(rss.channel.lastBuildDate).toBe('Thu, 31 Mar 2022 15:00:00 GMT');
  });

  it('has exactly the newest posts, newest first, with absolute permalinks and dates', () => {
    const items = parser.parse(feed()).rss.channel.item;
    expect(items.map((i: { link: string }) => i.link)).toEqual(ids.slice(0, 4).map(postUrl));
    for (const item of items) {
      expect(item.guid['#text']).toBe(item.link);
      expect(item.guid['@_isPermaLink']).toBe('true');
      expect(item.description).toBeTruthy();
    }
    const jpki = items.find((i: { link: string }) => i.link === postUrl('jpki-reset'));
    expect(jpki.pubDate).toBe('Tue, 22 Feb 2022 15:00:00 GMT'); // midnight in Tokyo
    expect(jpki.category).toEqual(['マイナンバー', 'JPKI']);
  });

  it('carries the full post HTML with every link and image absolute', () => {
    const items = parser.parse(feed()).rss.channel.item;
    const jpki = items.find((i: { link: string }) => i.link === postUrl('jpki-reset'))['content:encoded'];
    expect(jpki).toContain('ロックされて署名できなくなる。');
    expect(jpki).toContain(`href="${ORIGIN}/posts/2022/astro-start/"`);
    expect(jpki).toContain(`href="${ORIGIN}/posts/old/"`);
    expect(jpki).toMatch(new RegExp(`src="${ORIGIN}/_astro/[^"]+\\.webp"`));
    for (const item of items) expect(item['content:encoded']).not.toMatch(/(?:href|src)="\/(?!\/)/);
  });
});

describe('old URLs', () => {
  it('each alias is a page that sends readers on to the post, with a canonical link', () => {
    for (const [file, target] of [
      ['2022/02/23/jpki-reset.html', '/posts/jpki-reset/'],
      ['old/jpki/index.html', '/posts/jpki-reset/'],
      ['2022/03/05/日本語の記事.html', postUrl('日本語の記事').slice(ORIGIN.length)],
    ] as const) {
      const html = site.read(file);
      expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${target}">`);
      expect(html).toContain(`<link rel="canonical" href="${ORIGIN}${target}">`);
    }
  });

  it('are listed in _redirects for Netlify and Cloudflare Pages, percent-encoded', () => {
    expect(site.read('_redirects').split('\n').filter(Boolean).sort()).toEqual(
      [
        '/2022/02/23/jpki-reset.html /posts/jpki-reset/ 301',
        `/2022/03/05/${encodeURIComponent('日本語の記事')}.html ${postUrl('日本語の記事').slice(ORIGIN.length)} 301`,
        '/old/jpki/ /posts/jpki-reset/ 301',
      ].sort(),
    );
  });

  it('_headers caches hashed assets for a year and revalidates pages', () => {
    const headers = site.read('_headers');
    expect(headers).toMatch(/^\/_astro\/\*\n {2}Cache-Control: public, max-age=31536000, immutable$/m);
    expect(headers).toMatch(/^\/posts\/\*\n {2}Cache-Control: public, max-age=0, must-revalidate$/m);
  });
});

describe('the check before publishing', () => {
  it('finds the built site whole (scripts/check-site.mjs, run by the deploy workflow)', () => {
    expect(deployProblems(site.dist, { origin: ORIGIN, base: '/' })).toEqual([]);
  });
});

describe('sitemap and robots.txt', () => {
  it('lists every HTML page and nothing else', () => {
    expect(SyntaxValidator.validate(site.read('sitemap-index.xml'))).toBe(true);
    const index = parser.parse(site.read('sitemap-index.xml'));
    const urls = index.sitemapindex.sitemap.flatMap((s: { loc: string }) =>
      parser.parse(site.read(s.loc.slice(ORIGIN.length + 1))).urlset.url.map((u: { loc: string }) => u.loc),
    );
    const pages = htmlPages()
      .filter((f) => f !== '404.html')
      .map((f) => `${ORIGIN}/${f.replace(/index\.html$/, '').split('/').map(encodeURIComponent).join('/')}`);
    expect([...urls].sort()).toEqual([...pages].sort());
    expect(urls).toContain(postUrl('日本語の記事'));
    for (const path of ['archive/', 'archive/2022/', 'archive/2021/', 'archive/2019/']) expect(urls).toContain(`${ORIGIN}/${path}`);
  });

  it('robots.txt points to the sitemap', () => {
    expect(site.read('robots.txt')).toContain(`Sitemap: ${ORIGIN}/sitemap-index.xml`);
  });

  it('has a 404 page', () => {
    expect(site.read('404.html')).toContain('ページが見つかりません');
  });
});

describe('validity', () => {
  it('has valid HTML on every page, working links and fragments, valid feeds and sitemap', async () => {
    expect(await siteProblems(site.dist, ORIGIN)).toEqual([]);
  });
});
