import { parse } from 'parse5';
import { describe, expect, it } from 'vitest';
import { searchIndexKey, searchIndexParts, searchPage, type SearchPage } from '../../src/search/search-pages.ts';

const post = { id: '2022/日本語', title: '<script>x</script> & "題"', lang: 'ja', date: '2022年2月23日', html: '<p>本文 <code>npm</code></p>' };

describe('search pages', () => {
  it('carry the post URL from the root, percent-encoded, without the base path', () => {
    expect(searchPage(post).url).toBe(`/posts/2022/${encodeURIComponent('日本語')}/`);
  });

  it('mark the title and body for Pagefind, with the date as metadata, and escape the title', () => {
    const { content } = searchPage(post);
    expect(content).toContain('<h1>&lt;script&gt;x&lt;/script&gt; &amp; "題"</h1>');
    expect(content).toContain('<p>本文 <code>npm</code></p>');
    expect(content).toMatch(/<article data-pagefind-body data-pagefind-meta="date:2022年2月23日">/);
    // Well-formed: the article holds the whole post, nothing escapes it.
    type Node = { nodeName: string; childNodes?: Node[] };
    const html = (parse(content) as Node).childNodes!.find((n) => n.nodeName === 'html')!;
    const body = html.childNodes!.find((n) => n.nodeName === 'body')!;
    expect(body.childNodes!.map((n) => n.nodeName)).toEqual(['article']);
  });

  it('name an index by everything it is made from', () => {
    const a = searchPage(post);
    const b = searchPage({ ...post, id: 'other', html: '<p>別の本文</p>' });
    const key = searchIndexKey([a, b], 'ja', '1.6.0');
    expect(searchIndexKey([{ ...a }, { ...b }], 'ja', '1.6.0')).toBe(key);
    const others = [
      searchIndexKey([b, a], 'ja', '1.6.0'), // order: Pagefind numbers the pages in it
      searchIndexKey([a], 'ja', '1.6.0'),
      searchIndexKey([a, { ...b, content: b.content.replace('別の', '別な') }], 'ja', '1.6.0'),
      searchIndexKey([a, { ...b, url: '/posts/moved/' }], 'ja', '1.6.0'),
      searchIndexKey([a, b], 'en', '1.6.0'),
      searchIndexKey([a, b], 'ja', '1.7.0'),
      // The same text cut at another place between URL and content.
      searchIndexKey([{ url: '/posts/ab', content: 'c' }], 'ja', '1.6.0'),
    ];
    expect(searchIndexKey([{ url: '/posts/a', content: 'bc' }], 'ja', '1.6.0')).not.toBe(others.at(-1));
    for (const other of others) expect(other).not.toBe(key);
    expect(new Set(others).size).toBe(others.length);
  });

  it('split into parts of about the given size, each page in one, in its order', () => {
    const pages: SearchPage[] = Array.from({ length: 1000 }, (_, i) => ({ url: `/posts/p${i}/`, content: String(i) }));
    expect(searchIndexParts(pages.slice(0, 300), 300)).toEqual([pages.slice(0, 300)]);
    const parts = searchIndexParts(pages, 300);
    expect(parts).toHaveLength(4); // the smallest power of two for 1,000 pages at 300 each
    expect(parts.flat().map((p) => p.url).sort()).toEqual(pages.map((p) => p.url).sort());
    for (const part of parts) {
      expect(part.length).toBeGreaterThan(150);
      expect(part.length).toBeLessThan(350);
      expect(part.map((p) => Number(p.content))).toEqual(part.map((p) => Number(p.content)).sort((a, b) => a - b));
    }
  });

  it('split so that adding, editing or removing a post changes only its own part', () => {
    const pages: SearchPage[] = Array.from({ length: 1000 }, (_, i) => ({ url: `/posts/p${i}/`, content: String(i) }));
    const key = (parts: SearchPage[][]) => parts.map((part) => searchIndexKey(part, 'ja', '1.6.0'));
    const before = key(searchIndexParts(pages, 300));
    const changes = [
      [...pages, { url: '/posts/new/', content: 'new' }],
      pages.map((p, i) => (i === 500 ? { ...p, content: 'edited' } : p)),
      pages.filter((_, i) => i !== 77),
    ];
    for (const changed of changes) {
      const after = key(searchIndexParts(changed, 300));
      expect(after).toHaveLength(before.length);
      expect(after.filter((k, i) => k !== before[i])).toHaveLength(1);
    }
  });
});
