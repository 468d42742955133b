import { describe, expect, it, vi } from 'vitest';
import { collectRedirects, redirectFile, redirectsFile } from '../../src/blog/redirects.ts';
import {
  archiveHref,
  archiveYearHref,
  faviconHref,
  feedHref,
  hashedAssetsHrefPattern,
  listHref,
  mathStylesheetHref,
  pageHrefPatterns,
  postHref,
  postImageHref,
  searchHref,
  searchIndexHrefPattern,
  searchScriptHref,
  siteImageHref,
  sitemapHref,
  tagFeedHref,
  tagHref,
  tagsHref,
} from '../../src/blog/urls.ts';

describe('redirects', () => {
  it('write a page where the old URL is served from', () => {
    expect(redirectFile('/2014/08/19/promises.html')).toBe('2014/08/19/promises.html');
    expect(redirectFile('/2008/0105/res15/')).toBe('2008/0105/res15/index.html');
    expect(redirectFile('/old/name')).toBe('old/name/index.html');
  });

  it('stop on an alias two posts claim, in any case, or one over the site’s own pages', () => {
    expect(() => collectRedirects([{ id: 'a', aliases: ['/x.html'], file: 'a.md' }, { id: 'b', aliases: ['/X.html'], file: 'b.md' }])).toThrow(
      /b\.md and a\.md both have the alias \/X\.html/,
    );
    expect(() => collectRedirects([{ id: 'a', aliases: ['/posts/b/'], file: 'a.md' }])).toThrow(/a\.md: alias \/posts\/b\/ would replace the site's own \/posts\//);
    expect(collectRedirects([{ id: 'a', aliases: ['/x.html', '/x.html'], file: 'a.md' }])).toHaveLength(1);
  });

  it('read dot segments and repeated slashes as a browser does', () => {
    expect(redirectFile('/.')).toBe('index.html');
    expect(redirectFile('/./')).toBe('index.html');
    expect(redirectFile('//a/./b/')).toBe('a/b/index.html');
    expect(redirectFile('/a/.')).toBe('a/index.html');
  });

  it('stop on an alias whose file is one of the site’s own, however it is written', () => {
    const cases: Array<[string, RegExp]> = [
      ['/index.html', /would replace the home page/],
      ['/.', /would replace the home page/],
      ['/./', /would replace the home page/],
      ['/tags', /would replace the site's own \/tags\/ \(it becomes tags\/index\.html\)/],
      ['/Tags/', /would replace the site's own \/tags\//],
      ['/archive', /would replace the site's own \/archive\//],
      ['/ARCHIVE/2024/', /would replace the site's own \/archive\//],
      ['/og.png/', /would replace the site's own \/og\.png/],
      ['/rss.xml/', /would replace the site's own \/rss\.xml/],
      ['/sitemap-index.xml/', /would replace the site's own \/sitemap-index\.xml/],
      ['/Favicon.svg/', /would replace the site's own \/favicon\.svg/],
    ];
    for (const [alias, message] of cases) {
      expect(() => collectRedirects([{ id: 'al', aliases: [alias], file: 'posts/al.md' }]), alias).toThrow(message);
    }
  });

  it('stop on two aliases whose files differ only in Unicode normalization, or a file where another needs a folder', () => {
    const nfc = '/が.html';
    const nfd = nfc.normalize('NFD');
    expect(nfc).not.toBe(nfd);
    expect(() => collectRedirects([{ id: 'a', aliases: [nfc], file: 'a.md' }, { id: 'b', aliases: [nfd], file: 'b.md' }])).toThrow(/b\.md and a\.md both have the alias/);
    expect(() => collectRedirects([{ id: 'a', aliases: ['/x.html'], file: 'a.md' }, { id: 'b', aliases: ['/x.html/y'], file: 'b.md' }])).toThrow(
      /b\.md: alias \/x\.html\/y needs a folder where a\.md's alias \/x\.html is a file/,
    );
  });

  it('name every problem at once', () => {
    const error = (() => {
      try {
        collectRedirects([{ id: 'a', aliases: ['/tags', '/index.html'], file: 'a.md' }, { id: 'b', aliases: ['/og.png/'], file: 'b.md' }]);
      } catch (e) {
        return String(e);
      }
      return '';
    })();
    expect(error.match(/^- /gmu)).toHaveLength(3);
  });

  it('list percent-encoded lines under the base path', () => {
    vi.stubEnv('BASE_URL', '/blog/');
    try {
      const redirects = collectRedirects([{ id: '日本語', aliases: ['/2022/日本語.html'], file: 'x.md' }]);
      expect(redirectsFile(redirects)).toBe(`/blog/2022/${encodeURIComponent('日本語')}.html /blog/posts/${encodeURIComponent('日本語')}/ 301\n`);
    } finally {
      vi.unstubAllEnvs();
    }
    expect(redirectsFile([])).toBe('');
  });

  it('stop on an alias at any URL the site makes itself (src/blog/urls.ts)', () => {
    const own = [
      listHref(),
      listHref(2),
      postHref('a'),
      postImageHref('a'),
      siteImageHref(),
      tagsHref(),
      tagHref('astro', 2),
      tagFeedHref('astro'),
      feedHref(),
      archiveHref(),
      archiveYearHref(2024),
      searchHref(),
      searchScriptHref(),
      sitemapHref(),
      faviconHref(),
      mathStylesheetHref(),
      hashedAssetsHrefPattern().replace('*', 'x.css'),
      searchIndexHrefPattern().replace('*', 'x.pf_meta'),
      // Every folder of pages (`/*.html` at the root is where old URLs' pages go too).
      ...pageHrefPatterns()
        .filter((pattern) => pattern !== '/*.html')
        .map((pattern) => pattern.replace('*', 'x')),
    ];
    for (const href of own) {
      expect(() => collectRedirects([{ id: 'al', aliases: [href], file: 'al.md' }]), href).toThrow(/would replace (the home page|the site's own)/);
    }
  });
});
