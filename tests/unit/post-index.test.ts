import { describe, expect, it } from 'vitest';
import { buildPostIndex, derivedTextKey, type DerivedText, type PostEntry } from '../../src/blog/post-index.ts';
import { relatedIndex, relatedPosts } from '../../src/blog/related.ts';
import { postSchema } from '../../src/content.config.ts';

function entry(id: string, fm: Record<string, unknown>, html = '<p>本文</p>'): PostEntry {
  return { id, data: postSchema.parse({ title: id, published: true, ...fm }), rendered: { html } };
}

const entries = [
  entry('old', { date: '2020-05-01', tags: ['Astro'] }),
  entry('draft', { date: '2023-01-01', published: false, tags: ['secret', 'astro'] }),
  entry('b', { date: '2022-02-23', tags: ['astro', 'JPKI'] }),
  entry('a', { date: '2022-02-23' }),
  entry('late', { date: '2022-02-23T23:00:00+09:00' }),
  entry('new', { date: '2022-12-31' }),
];
const options = { includeDrafts: false, timeZone: 'Asia/Tokyo', lang: 'ja' };

describe('buildPostIndex', () => {
  it('leaves drafts out of posts, tags and tag counts in a build', () => {
    const index = buildPostIndex(entries, options);
    expect(index.posts.map((p) => p.id)).not.toContain('draft');
    expect(index.tags.map((t) => t.key)).not.toContain('secret');
    expect(index.tags.find((t) => t.key === 'astro')!.count).toBe(2);
    expect(index.postsByTag.has('secret')).toBe(false);
  });

  it('includes drafts, marked, when asked (astro dev)', () => {
    const index = buildPostIndex(entries, { ...options, includeDrafts: true });
    expect(index.posts.find((p) => p.id === 'draft')!.draft).toBe(true);
    expect(index.tags.find((t) => t.key === 'astro')!.count).toBe(3);
  });

  it('orders newest first, same instant by id', () => {
    expect(buildPostIndex(entries, options).posts.map((p) => p.id)).toEqual(['new', 'late', 'a', 'b', 'old']);
  });

  it('lists a tag’s posts newest first under its slug', () => {
    const { postsByTag } = buildPostIndex(entries, options);
    expect(postsByTag.get('astro')!.map((p) => p.id)).toEqual(['b', 'old']);
    expect(postsByTag.get('jpki')!.map((p) => p.id)).toEqual(['b']);
  });

  it('summarizes from the description, else the body', () => {
    const index = buildPostIndex(
      [entry('d', { date: '2022-01-01', description: '説明文' }), entry('e', { date: '2022-01-01' }, '<p>本文の<strong>最初</strong></p><pre><code>code()</code></pre>')],
      options,
    );
    expect(index.posts.find((p) => p.id === 'd')!.summary).toBe('説明文');
    expect(index.posts.find((p) => p.id === 'e')!.summary).toBe('本文の最初');
    const codeOnly = buildPostIndex([entry('f', { date: '2022-01-01' }, '<pre><code>x</code></pre>')], options);
    expect(codeOnly.posts[0]!.summary).toBe('f');
  });
});

describe('derived text cache', () => {
  it('reuses a post’s summary while what it is made from stays, and makes it again when that changes', () => {
    const kept = new Map<string, DerivedText>();
    const cache = { key: derivedTextKey, get: (k: string) => kept.get(k), set: (k: string, v: DerivedText) => kept.set(k, v) };
    const one = { ...entry('x', { date: '2022-01-01' }, '<p>最初の本文</p>'), digest: 'd1' };
    const summary = (e: typeof one) => buildPostIndex([e], { ...options, textCache: cache }).posts[0]!.summary;
    expect(summary(one)).toBe('最初の本文');
    cache.set(derivedTextKey(one, 'ja'), { summary: 'from the cache', readingMinutes: 1 });
    expect(summary({ ...one, digest: 'other' })).toBe('from the cache'); // a file saved unchanged
    // The same file rendered differently (the Markdown rules changed): made again.
    expect(summary({ ...one, rendered: { html: '<p>新しい本文</p>' } })).toBe('新しい本文');
  });

  it('keys derived text by the HTML, description, title and language', () => {
    const one = entry('x', { date: '2022-01-01' }, '<p>本文</p>');
    const keys = [
      one,
      { ...one, rendered: { html: '<p>別の本文</p>' } },
      { ...one, data: { ...one.data, description: '説明' } },
      { ...one, data: { ...one.data, title: '別の題' } },
    ].map((e) => derivedTextKey(e, 'ja'));
    expect(new Set([...keys, derivedTextKey(one, 'en')]).size).toBe(5);
    expect(derivedTextKey({ ...one, id: 'y', digest: 'z' }, 'ja')).toBe(keys[0]);
  });
});

describe('related posts', () => {
  const posts = buildPostIndex(entries, options).posts;
  it('computes every post’s related posts through the tag index, as one by one', () => {
    const index = relatedIndex(posts);
    for (const post of posts) expect(index.get(post.id)).toEqual(relatedPosts(post, posts));
    expect(index.get('b')!.map((p) => p.id)).toEqual(['old']);
  });
  it('agrees with the one-by-one ranking on a large site with ties in tags and dates, drafts included', () => {
    // A fixed pseudo-random site: 400 posts, 12 tags, many on the same days, some drafts (as in dev).
    let seed = 7;
    const next = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    const many = Array.from({ length: 400 }, (_, i) =>
      entry(`p${String(i).padStart(3, '0')}`, {
        date: `2022-0${1 + next(9)}-1${next(10)}`,
        published: next(10) !== 0,
        tags: Array.from({ length: next(4) }, () => `t${next(12)}`),
      }),
    );
    const site = buildPostIndex(many, { ...options, includeDrafts: true }).posts;
    const index = relatedIndex(site);
    for (const post of site) expect(index.get(post.id)!.map((p) => p.id), post.id).toEqual(relatedPosts(post, site).map((p) => p.id));
    expect([...index.values()].some((r) => r.length === 4)).toBe(true);
  });
});
