/** The interface follows the site's language: every string comes from src/blog/ui.ts, in English here. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePosts, makeSite, type Site } from '../helpers/site.ts';

let site: Site;
beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('reader'), settings: { lang: 'en', title: 'Notes', description: 'A blog.', pageSize: 3 } });
  const build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(build.output);
});
afterAll(() => site?.remove());

// Japanese interface strings that must not appear when the site is in English.
const JAPANESE_UI = /本文へ移動|検索|タグ|アーカイブ|新しい記事|古い記事|次のページ|前のページ|下書き|約\d+分|目次|関連する記事|ページが見つかりません|配色/;

describe('an English site', () => {
  it('has English navigation, dates, reading times and post navigation', () => {
    const html = site.read('posts/a/index.html');
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain('>Skip to content</a>');
    expect(html).toContain('<nav class="site-nav" aria-label="Site">');
    for (const label of ['>Search<', '>Tags<', '>Archive<', 'Updated: ', 'May 10, 2023', '1 min read', 'Related posts', 'Newer post', 'Older post']) {
      expect(html).toContain(label);
    }
    expect(html).toContain('aria-label="Colour scheme: system (click for light)"');
  });

  it('has English lists, tag pages, archive, search and 404 pages', () => {
    expect(site.read('index.html')).toContain('Next page →');
    expect(site.read('tags/共通/index.html')).toContain('Posts tagged “共通”');
    expect(site.read('archive/index.html')).toContain('<h1>Archive</h1>');
    expect(site.read('archive/index.html')).toMatch(/<a href="\/archive\/2023\/">2023<\/a>\s*<span class="muted">5 posts<\/span>/);
    const year = site.read('archive/2023/index.html');
    expect(year).toContain('<h1>Posts from 2023</h1>');
    expect(year).toContain('<h2 class="archive-month" id="2023-05">May</h2>');
    expect(year).toContain('<time datetime="2023-05-20">20</time>');
    expect(year).toContain('<a href="/archive/2022/" rel="next">Posts from 2022 →</a>');
    expect(year).toContain('<a href="/archive/">All years</a>');
    expect(site.read('search/index.html')).toContain('Search needs JavaScript.');
    expect(site.read('404.html')).toContain('Page not found');
  });

  it('shows no Japanese interface string on any page (the posts’ own text aside)', () => {
    for (const page of site.files().filter((f) => f.endsWith('.html'))) {
      // The posts' own text (titles, bodies, summaries, tag names) may be Japanese; the interface not.
      const html = site
        .read(page)
        .replace(/<span class="phrases">[\s\S]*?<\/span>/g, '')
        .replace(/<div class="prose">[\s\S]*?<\/div><\/article>/g, '')
        .replace(/<p( lang="[^"]+")?>[^<]*<\/p>/g, '')
        .replace(/#[^<]+<\/a>|「[^」]*」|“[^”]*”/g, '')
        .replace(/<(title|meta|script)[^>]*>[^<]*(<\/\1>)?/g, '');
      expect(html, page).not.toMatch(JAPANESE_UI);
    }
    expect(site.read('rss.xml')).toContain('<language>en</language>');
  });
});
