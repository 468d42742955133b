/** Cache keys of pages for incremental builds (src/build-speed/page-keys.ts). */
import type { AstroIntegration } from 'astro';
import { afterEach, describe, expect, it } from 'vitest';
import { pageCacheKey, pageCacheKeysInBuilds, withCacheKeys } from '../../src/build-speed/page-keys.ts';

const tag = (name: string, count: number) => ({ key: name.toLowerCase(), name, slug: name.toLowerCase(), count });
const post = (overrides: Record<string, unknown> = {}) => ({
  id: 'a',
  title: '題名',
  tags: [tag('Astro', 3), tag('日本語', 10)],
  entry: { id: 'a', digest: 'd1', rendered: { html: '<p>本文</p>' } },
  ...overrides,
});

describe('page cache keys', () => {
  it('change with what the page shows', () => {
    const key = pageCacheKey({ post: post() });
    expect(pageCacheKey({ post: post() })).toBe(key);
    expect(pageCacheKey({ post: post({ title: '別の題名' }) })).not.toBe(key);
    expect(pageCacheKey({ post: post({ tags: [tag('Astro', 3)] }) })).not.toBe(key);
    expect(pageCacheKey({ post: post({ tags: [tag('Astro', 3), tag('英語', 10)] }) })).not.toBe(key);
  });

  it("count a post's file by its entry's digest, and its rendered body", () => {
    const key = pageCacheKey({ post: post() });
    expect(pageCacheKey({ post: post({ entry: { id: 'a', digest: 'd2', rendered: { html: '<p>本文</p>' } } }) })).not.toBe(key);
    // The body counts too: the same file renders differently when the Markdown rules change.
    expect(pageCacheKey({ post: post({ entry: { id: 'a', digest: 'd1', rendered: { html: '<p>x</p>' } } }) })).not.toBe(key);
  });

  it("ignore how many posts carry a post's tags, which no page shows beside them", () => {
    const key = pageCacheKey({ post: post() });
    expect(pageCacheKey({ post: post({ tags: [tag('Astro', 4), tag('日本語', 11)] }) })).toBe(key);
  });

  it("count a tag page's own tag whole: the page shows how many posts carry it", () => {
    expect(pageCacheKey({ tag: tag('Astro', 3), posts: [] })).not.toBe(pageCacheKey({ tag: tag('Astro', 4), posts: [] }));
  });

  it("count the images next to a post by their content: a replaced image changes the key", () => {
    // Two posts alike but for the folder they sit in, each beside a different pic.png.
    const entry = (folder: string) => ({ id: 'a', digest: 'd1', filePath: `${folder}/a.md`, rendered: { html: '', metadata: { localImagePaths: ['./pic.png'] } } });
    const reader = pageCacheKey({ post: post({ entry: entry('tests/fixtures/reader') }) });
    expect(pageCacheKey({ post: post({ entry: entry('tests/fixtures/reader') }) })).toBe(reader);
    expect(pageCacheKey({ post: post({ entry: entry('tests/fixtures/basic/images') }) })).not.toBe(reader);
    // Written percent-encoded, with a query, the image is still found and read.
    const encoded = (folder: string) => ({ ...entry(folder), rendered: { html: '', metadata: { localImagePaths: ['./p%69c.png?v=1'] } } });
    expect(pageCacheKey({ post: post({ entry: encoded('tests/fixtures/reader') }) })).not.toBe(
      pageCacheKey({ post: post({ entry: encoded('tests/fixtures/basic/images') }) }),
    );
  });
});

describe('cache keys in builds only', () => {
  const flag = globalThis as { __PAGE_CACHE_KEYS__?: boolean };
  afterEach(() => {
    delete flag.__PAGE_CACHE_KEYS__;
  });
  /** What the integration tells the pages, for an Astro command. */
  const definedFor = (command: 'dev' | 'build') => {
    let define: Record<string, unknown> = {};
    const setup = pageCacheKeysInBuilds().hooks['astro:config:setup'] as (options: unknown) => void;
    setup({ command, updateConfig: (c: { vite: { define: Record<string, unknown> } }) => (define = c.vite.define) } as unknown as Parameters<NonNullable<AstroIntegration['hooks']['astro:config:setup']>>[0]);
    return define.__PAGE_CACHE_KEYS__;
  };

  it('are made in astro build, not in astro dev, which never reads them', () => {
    expect(definedFor('build')).toBe('true');
    expect(definedFor('dev')).toBe('false');
    const paths = [{ params: { slug: 'a' }, props: { post: post() } }];
    flag.__PAGE_CACHE_KEYS__ = true;
    expect(withCacheKeys(paths)[0]!.cacheKey).toBe(pageCacheKey({ post: post() }));
    flag.__PAGE_CACHE_KEYS__ = false;
    expect(withCacheKeys(paths)[0]).toEqual(paths[0]);
    expect(withCacheKeys(paths)[0]).not.toHaveProperty('cacheKey');
  });
});
