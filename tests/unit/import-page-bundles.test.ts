/** `npm run import` into a posts folder that holds a page bundle: the bundle's URL is taken. */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SourcePost } from '../../scripts/import/source-post.ts';
import { writePosts } from '../../scripts/import/write-posts.ts';
import { checkPostFiles, listPostFolder } from '../../src/posts/post-files.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-bundles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('an imported post never takes the URL of a page bundle already there', () => {
  const out = join(dir, 'posts');
  mkdirSync(join(out, 'my-trip'), { recursive: true });
  writeFileSync(join(out, 'my-trip', 'index.md'), '---\ntitle: 旅\ndate: 2022-01-01\npublished: true\n---\n');
  const post: SourcePost = {
    source: 'posts/my-trip.md',
    slug: 'my-trip',
    ext: '.md',
    title: '別の旅',
    date: '2020-01-01',
    published: true,
    tags: [],
    aliases: [],
    body: '本文\n',
    images: [],
    attention: [],
  };
  const result = writePosts({ kind: 'jekyll', posts: [post], failures: [] }, { out, from: join(dir, 'old') });
  expect(result.posts[0]!.reasons).toContain('my-trip.md is taken (by my-trip/index.md); it is my-trip-2.md, URL /posts/my-trip-2/');
  expect(existsSync(join(out, 'my-trip.md'))).toBe(false);
  expect(checkPostFiles(listPostFolder(out))).toEqual([]);
});
