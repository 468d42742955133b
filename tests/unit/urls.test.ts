import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  absoluteUrl,
  aliasHref,
  archiveHref,
  archiveYearHref,
  encodePath,
  faviconHref,
  feedHref,
  hashedAssetsHrefPattern,
  homeHref,
  listHref,
  mathStylesheetHref,
  outputFile,
  pageHrefPatterns,
  postHref,
  postImageHref,
  postImagePath,
  postPath,
  searchHref,
  searchIndexHrefPattern,
  searchScriptHref,
  siteImageHref,
  siteImagePath,
  siteRootOf,
  sitemapHref,
  tagFeedHref,
  tagHref,
  tagsHref,
} from '../../src/blog/urls.ts';

afterEach(() => vi.unstubAllEnvs());

/** Every URL the site makes, by name, for a site at the base path in force. */
const everyHref = () => ({
  home: homeHref(),
  list: listHref(3),
  post: postHref('2024/京都'),
  postImage: postImageHref('2024/京都'),
  siteImage: siteImageHref(),
  tags: tagsHref(),
  tag: tagHref('c-sharp'),
  tagPage: tagHref('c-sharp', 2),
  tagFeed: tagFeedHref('c-sharp'),
  feed: feedHref(),
  archive: archiveHref(),
  archiveYear: archiveYearHref(999),
  search: searchHref(),
  searchScript: searchScriptHref(),
  sitemap: sitemapHref(),
  favicon: faviconHref(),
  math: mathStylesheetHref(),
  alias: aliasHref('/2014/08/19/名前.html'),
});

const KYOTO = encodeURIComponent('京都');

describe('URLs of a site at the root', () => {
  it('are made for every page and file, percent-encoded', () => {
    expect(everyHref()).toEqual({
      home: '/',
      list: '/page/3/',
      post: `/posts/2024/${KYOTO}/`,
      postImage: `/posts/2024/${KYOTO}/og.png`,
      siteImage: '/og.png',
      tags: '/tags/',
      tag: '/tags/c-sharp/',
      tagPage: '/tags/c-sharp/page/2/',
      tagFeed: '/tags/c-sharp/rss.xml',
      feed: '/rss.xml',
      archive: '/archive/',
      archiveYear: '/archive/0999/',
      search: '/search/',
      searchScript: '/pagefind/pagefind.js',
      sitemap: '/sitemap-index.xml',
      favicon: '/favicon.svg',
      math: '/math/katex.min.css',
      alias: `/2014/08/19/${encodeURIComponent('名前')}.html`,
    });
  });

  it('make page 1 of the list the home page, and page 1 of a tag its folder', () => {
    expect(listHref()).toBe(homeHref());
    expect(listHref(1)).toBe(homeHref());
    expect(tagHref('astro', 1)).toBe(tagHref('astro'));
  });

  it('list the header rules’ patterns of pages, assets and the search index', () => {
    expect(pageHrefPatterns()).toEqual(['/', '/*.html', '/posts/*', '/tags/*', '/page/*', '/archive/*', '/search/*']);
    expect(hashedAssetsHrefPattern()).toBe('/_astro/*');
    expect(searchIndexHrefPattern()).toBe('/pagefind/*');
  });
});

describe('URLs of a site under a base path', () => {
  it('all start with the base path, once, whether or not it ends with a slash', () => {
    for (const base of ['/blog/', '/blog']) {
      vi.stubEnv('BASE_URL', base);
      const hrefs = { ...everyHref(), patterns: pageHrefPatterns().join(' ') };
      for (const [name, href] of Object.entries(hrefs)) {
        expect(href, `${name} under ${base}`).toMatch(/^\/blog\/(?!blog\/)/u);
      }
      expect(homeHref()).toBe('/blog/');
      expect(postHref('a')).toBe('/blog/posts/a/');
    }
  });

  it('keep paths for the search index and the output folder free of it', () => {
    vi.stubEnv('BASE_URL', '/blog/');
    expect(postPath('a')).toBe('/posts/a/');
    expect(postImagePath('a')).toBe('/posts/a/og.png');
    expect(siteImagePath()).toBe('/og.png');
  });
});

describe('outputFile', () => {
  it('names the file of dist/ that serves a path: decoded, a folder’s index.html', () => {
    expect(outputFile(postImagePath('2024/京都'))).toBe('posts/2024/京都/og.png');
    expect(outputFile(postPath('2024/京都'))).toBe('posts/2024/京都/index.html');
    expect(outputFile(siteImagePath())).toBe('og.png');
    expect(outputFile('/')).toBe('index.html');
  });

  it('gives back a post id with characters that percent-encoding changes', () => {
    for (const id of ['a b', 'c#', '50%off', 'é', 'が'.normalize('NFD'), 'x+y&z']) {
      expect(outputFile(postImagePath(id)), id).toBe(`posts/${id}/og.png`);
    }
  });
});

describe('siteRootOf', () => {
  it('names the site’s own first segments in any case and Unicode form, and no other', () => {
    expect(siteRootOf('Posts')).toBe('posts');
    expect(siteRootOf('ARCHIVE')).toBe('archive');
    expect(siteRootOf('sitemap-0.xml')).toBe('sitemap-0.xml');
    expect(siteRootOf('Favicon.ico')).toBe('favicon.ico');
    expect(siteRootOf('index.html')).toBe('index.html');
    expect(siteRootOf('2014')).toBeUndefined();
    expect(siteRootOf('postscript')).toBeUndefined();
    expect(siteRootOf('blog')).toBeUndefined();
  });
});

describe('helpers', () => {
  it('encode each segment and keep the slashes', () => {
    expect(encodePath('a b/c?d')).toBe('a%20b/c%3Fd');
  });

  it('make absolute URLs against the site’s origin', () => {
    expect(absoluteUrl('/blog/posts/a/', 'https://user.github.io')).toBe('https://user.github.io/blog/posts/a/');
  });
});
