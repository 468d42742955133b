/**
 * Japanese writing, checked in the built site (pages, feed, summaries), not only in the plugins:
 * line joins, kept spaces, hard breaks, CJK-friendly emphasis, untouched code, GFM, reading times,
 * summaries, heading ids and the table of contents, and a post in English.
 */
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteProblems } from '../helpers/validity.ts';
import { fixturePosts, makeSite, type Site } from '../helpers/site.ts';

let site: Site;
let page: string;
const body = (html: string) => html.slice(html.indexOf('<div class="prose">'), html.indexOf('</article>'));

beforeAll(async () => {
  site = makeSite({ posts: fixturePosts('japanese') });
  const build = await site.astro(['build']);
  if (build.code !== 0) throw new Error(build.output);
  page = body(site.read('posts/joins/index.html'));
});
afterAll(() => site?.remove());

describe('line breaks', () => {
  it('joins lines between Japanese characters with nothing between them', () => {
    expect(page).toContain('ロックされ署名できなくなる。');
    expect(page).toContain('括弧の行（注）「引用」次の行。');
  });

  it('keeps a space between Japanese and English, English and English, and in Hangul', () => {
    expect(page).toMatch(/日本語の行と\sEnglish words\sand more English\sと日本語。/);
    expect(page).toMatch(/한국어 문장\s다음 줄/);
  });

  it('keeps hard breaks', () => {
    expect(page).toMatch(/ハード改行<br>\s*二行目<br>\s*三行目/);
  });

  it('never touches code', () => {
    // CommonMark turns a line ending in a code span into a space; the join rule must not remove it.
    expect(page).toContain('<code>コード の中</code>');
    expect(page).toMatch(/一行目<\/span><\/span>\n<span class="line"><span[^>]*>二行目/);
  });
});

describe('emphasis next to Japanese punctuation', () => {
  it('renders strong, emphasis and strikethrough', () => {
    expect(page).toContain('<strong>「強調」</strong>の後ろ');
    expect(page).toContain('<strong>強調。</strong>次');
    expect(page).toContain('<del>取り消し</del>です');
    expect(page).toContain('<em><span class="emphasis-marks">（斜体）</span></em>も');
    expect(page).not.toMatch(/\*\*|~~/);
    expect(page).not.toContain('\u2E4F');
  });
});

describe('GFM', () => {
  it('has task lists, tables, footnotes (in Japanese) and autolinked URLs', () => {
    expect(page).toMatch(/<input type="checkbox" checked disabled> ?完了/);
    expect(page).toMatch(/<td>表の<\/td>/);
    expect(page).toMatch(/<h2 class="sr-only" id="footnote-label">脚注<\/h2>/);
    expect(page).toContain('注釈の本文。');
    expect(page).toContain('<a href="https://example.com/ja">https://example.com/ja</a>');
  });
});

describe('headings', () => {
  it('get ids that keep Japanese, unique on the page, with a link anchor', () => {
    expect(page).toMatch(/<h2 id="手順">手順<a class="heading-anchor" href="#手順" aria-label="[^"]+"><\/a><\/h2>/);
    expect(page).toMatch(/<h3 id="手順-1">手順<a class="heading-anchor" href="#手順-1"/);
    expect(page).toMatch(/<h4 id="準備と確認">準備と<wbr>確認<a class="heading-anchor"/);
    const ids = [...site.read('posts/joins/index.html').matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('make a table of contents when there are three or more', () => {
    const html = site.read('posts/joins/index.html');
    const toc = html.slice(html.indexOf('<nav class="toc"'), html.indexOf('</nav>', html.indexOf('<nav class="toc"')));
    expect(toc).toMatch(/<a href="#手順">手順<\/a><ol><li><a href="#手順-1">手順<\/a><ol><li><a href="#準備と確認">準備と確認<\/a>/);
    expect(toc).not.toContain('細かい見出し'); // h5 is not listed
    expect(toc).not.toContain('脚注'); // nor GFM's footnotes heading
    expect(site.read('posts/tiny/index.html')).not.toContain('class="toc"');
  });

  it('break titles between phrases only', () => {
    expect(site.read('posts/long/index.html')).toMatch(/<h1><span class="phrases">長い<wbr>日本語の<wbr>記事は/);
    expect(site.read('archive/2024/index.html')).toMatch(/<span class="phrases">長い<wbr>日本語の<wbr>記事は/);
  });
});

describe('reading time', () => {
  it('counts Japanese characters, English words, not code; never 0', () => {
    expect(site.read('posts/long/index.html')).toContain('<span>約3分</span>');
    expect(site.read('posts/tiny/index.html')).toContain('<span>約1分</span>');
    expect(site.read('posts/english/index.html')).toContain('<span lang="en">2 min read</span>');
  });
});

describe('summaries', () => {
  const list = () => site.read('index.html');
  it('use the joined text, about 120 characters, ending at a sentence with …', () => {
    const summary = /<p>(今日は[^<]*)<\/p>/.exec(list())![1]!;
    expect(summary.endsWith('。…')).toBe(true);
    expect([...summary].length).toBeLessThanOrEqual(121);
    expect([...summary].length).toBeGreaterThan(80);
    expect(summary).not.toMatch(/\s/);
  });

  it('have no Markdown syntax or code', () => {
    const summary = /<p>(ロックされ[^<]*)<\/p>/.exec(list())![1]!;
    expect(summary).toContain('ロックされ署名できなくなる。');
    expect(summary).not.toMatch(/\*|~~|`|コード/);
  });

  it('count English in words', () => {
    const summary = /<p lang="en">([^<]*)<\/p>/.exec(list())![1]!;
    expect(summary.split(' ')).toHaveLength(55);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('language', () => {
  it('sets the page language of a post in English, keeping the interface in Japanese', () => {
    const html = site.read('posts/english/index.html');
    expect(html).toMatch(/^<!DOCTYPE html><html lang="en">/);
    expect(html).toContain('<header class="site-header" lang="ja">');
    expect(site.read('posts/joins/index.html')).toMatch(/^<!DOCTYPE html><html lang="ja">/);
  });

  it('marks the feed item of an English post and feeds the same joined text', () => {
    const items = new XMLParser().parse(site.read('rss.xml')).rss.channel.item as Array<Record<string, string>>;
    const english = items.find((i) => i.title === 'An English post')!;
    expect(english['content:encoded']).toMatch(/^<div lang="en">/);
    const joins = items.find((i) => i.title === '改行と強調のテスト')!;
    expect(joins['content:encoded']).toContain('ロックされ署名できなくなる。');
    expect(joins['content:encoded']).toContain('<strong>「強調」</strong>の後ろ');
    expect(joins.description).toContain('ロックされ署名できなくなる。');
  });
});

describe('validity', () => {
  it('has valid HTML on every page, working links and fragments, valid feeds and sitemap', async () => {
    expect(await siteProblems(site.dist, 'https://blog.example.com')).toEqual([]);
  });
});
