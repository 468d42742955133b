import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { newPost } from '../../scripts/new-post.ts';
import { postSchema } from '../../src/content.config.ts';
import { listPostFolder } from '../../src/posts/post-files.ts';
import { projectRoot } from '../helpers/site.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'new-post-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The files under the posts folder, relative to it, sorted. */
const listFiles = () => listPostFolder(join(root, 'src', 'content', 'posts')).map((p) => p.split(sep).join('/')).sort();

/** The frontmatter as YAML 1.2 reads it (dates stay text, as the loader gives them). */
const frontmatter = (text: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]!);

describe('npm run new', () => {
  it('writes a draft dated today in the site time zone, that the schema accepts', () => {
    // 2022-02-22T16:00Z is already the 23rd in Tokyo.
    const path = newPost({ root, slug: 'jpki-reset', title: '署名用パスワード: "リセット"', now: new Date('2022-02-22T16:00:00Z') });
    expect(path).toBe(join('src', 'content', 'posts', 'jpki-reset.md'));
    const text = readFileSync(join(root, path), 'utf8');
    expect(text).toContain('date: 2022-02-23\npublished: false\ntags: []');
    const parsed = postSchema.parse(frontmatter(text));
    expect(parsed).toEqual({ title: '署名用パスワード: "リセット"', date: { day: '2022-02-23' }, published: false, tags: [], aliases: [] });
  });

  it('makes folders for a nested slug and titles it from the name', () => {
    const path = newPost({ root, slug: '2024/trip' });
    expect(readFileSync(join(root, path), 'utf8')).toContain('title: "trip"');
  });

  it('refuses to overwrite, to take another post’s URL, or a bad name', () => {
    newPost({ root, slug: 'a' });
    expect(() => newPost({ root, slug: 'a' })).toThrow(/already exists/);
    expect(() => newPost({ root, slug: 'A' })).toThrow(/share one URL/);
    expect(() => newPost({ root, slug: '../escape' })).toThrow(/cannot be a post's URL/);
    expect(() => newPost({ root, slug: 'c#' })).toThrow(/cannot be a post's URL/);
    expect(() => newPost({ root, slug: '' })).toThrow(/cannot be a post's URL.*e\.g\. my-first-post/);
  });

  it.each([
    ['my post', 'npm run new -- my-post "my post"'],
    ['京都 旅行', 'npm run new -- 京都-旅行 "京都 旅行"'],
    ['京都、旅行', 'npm run new -- 京都-旅行'],
    ['2024/my trip!', 'npm run new -- 2024/my-trip "2024/my trip!"'],
    ['what?', 'npm run new -- what'],
  ])('refuses the slug %j, suggesting a name it would take', (slug, suggestion) => {
    expect(() => newPost({ root, slug })).toThrow(suggestion);
    expect(listFiles()).toEqual([]);
  });

  it('suggests no title when one is given', () => {
    expect(() => newPost({ root, slug: 'my post', title: '題' })).toThrow(/npm run new -- my-post$/);
  });

  it('takes Japanese, digits, - and _ as they are', () => {
    for (const slug of ['日本語の記事', 'ジャーナル_2024-01', 'カ\u3099ス', 'notes/ｆｕｌｌ']) newPost({ root, slug });
    expect(listFiles()).toEqual(['notes/ｆｕｌｌ.md', 'ガス.md', 'ジャーナル_2024-01.md', '日本語の記事.md']);
  });

  it('starts a page bundle, titled by its folder, and refuses one beside a post of that name', () => {
    const path = newPost({ root, slug: 'my-trip/index' });
    expect(path).toBe(join('src', 'content', 'posts', 'my-trip', 'index.md'));
    expect(readFileSync(join(root, path), 'utf8')).toContain('title: "my-trip"');
    expect(() => newPost({ root, slug: 'my-trip' })).toThrow(/my-trip\.md and .*my-trip\/index\.md are both the post \/posts\/my-trip\//);
    expect(() => newPost({ root, slug: 'index' })).toThrow(/index\.md stands for the folder/);
  });

  it('runs from the command line', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [join(projectRoot, 'scripts', 'new-post.ts'), '--root', root, ...args], { encoding: 'utf8' });
    const ok = run('日本語の記事', 'タイトル');
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('the post /posts/日本語の記事/');
    expect(readFileSync(join(root, 'src/content/posts/日本語の記事.md'), 'utf8')).toContain('title: "タイトル"');
    const again = run('日本語の記事');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
    expect(run().status).toBe(2);
    const spaced = run('my post');
    expect(spaced.status).toBe(1);
    expect(spaced.stderr).toContain('npm run new -- my-post "my post"');
    const bundle = run('my-trip/index');
    expect(bundle.stdout).toContain('src/content/posts/my-trip/index.md, the post /posts/my-trip/');
  });
});
