import { describe, expect, it } from 'vitest';
import { baseTagSlug, collectTags, tagKey } from '../../src/blog/tags.ts';

describe('tag slugs', () => {
  it.each([
    ['JavaScript', 'javascript'],
    ['Web Development', 'web-development'],
    ['  many   spaces ', 'many-spaces'],
    ['日本語', '日本語'],
    ['マイナンバー', 'マイナンバー'],
    ['C', 'c'],
    ['C#', 'csharp'],
    ['C++', 'cpp'],
    ['.NET', 'dotnet'],
    ['Node.js', 'node.js'],
    ['CI/CD', 'ci-cd'],
    ['R&D', 'r-and-d'],
    ['ＡＳＴＲＯ', 'astro'],
    ['?', 'u3f'],
  ])('%j -> %j', (tag, slug) => {
    expect(baseTagSlug(tag)).toBe(slug);
  });

  it('is never the name of a file the site writes in /tags/', () => {
    expect(baseTagSlug('index.html')).toBe('index-html');
    expect(baseTagSlug('INDEX.HTML')).toBe('index-html');
    expect(baseTagSlug('ｉｎｄｅｘ．ｈｔｍｌ')).toBe('index-html');
    // Other names with a dot are folders like any other.
    expect(baseTagSlug('rss.xml')).toBe('rss.xml');
  });

  it('is never empty', () => {
    for (const tag of ['!', '/', '...', '-', '💡']) expect(baseTagSlug(tag).length).toBeGreaterThan(0);
  });
});

describe('collectTags', () => {
  it('merges spellings of one tag, shows the most used spelling, counts posts once', () => {
    const tags = collectTags([['JavaScript'], ['javascript'], ['JavaScript', 'astro'], ['JAVASCRIPT']]);
    expect(tags).toEqual([
      { key: 'javascript', name: 'JavaScript', slug: 'javascript', count: 4 },
      { key: 'astro', name: 'astro', slug: 'astro', count: 1 },
    ]);
  });

  it('gives C, C# and C++ three pages', () => {
    const slugs = collectTags([['C'], ['C#'], ['C++']]).map((t) => t.slug);
    expect(new Set(slugs)).toEqual(new Set(['c', 'csharp', 'cpp']));
  });

  it('never puts two tags on one page, whatever the order of posts', () => {
    const posts = [['cpp'], ['C++'], ['cpp-2'], ['c plus plus'], ['c-plus-plus']];
    const a = collectTags(posts);
    const b = collectTags([...posts].reverse());
    expect(new Set(a.map((t) => t.slug)).size).toBe(a.length);
    expect(a).toEqual(b);
    // The tag whose own name is the slug keeps it.
    expect(a.find((t) => t.key === 'cpp')!.slug).toBe('cpp');
    expect(a.find((t) => t.key === 'c++')!.slug).toBe('cpp-3');
  });

  it('gives a tag named index.html a page of its own, beside a tag named index-html', () => {
    const tags = collectTags([['index.html'], ['index-html']]);
    expect(tags.map((t) => [t.key, t.slug])).toEqual([
      ['index-html', 'index-html'],
      ['index.html', 'index-html-2'],
    ]);
  });

  it('keys ignore case, width and spacing', () => {
    expect(tagKey(' Ｗｅｂ  Dev ')).toBe('web dev');
    expect(tagKey('ｶﾀｶﾅ')).toBe('カタカナ');
  });
});
