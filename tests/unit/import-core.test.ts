import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { detectKind, main } from '../../scripts/import.ts';
import { cleanTitle, htmlTitle, imageRefs, readDate, tagList } from '../../scripts/import/shared.ts';
import type { SourcePost, SourceReading } from '../../scripts/import/source-post.ts';
import { MANIFEST_NAME, cleanSlug, writePosts, type WriteOptions } from '../../scripts/import/write-posts.ts';
import { postSchema } from '../../src/content.config.ts';

let dir: string;
let src: string;
let out: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-core-'));
  src = join(dir, 'old-blog');
  out = join(dir, 'posts');
  mkdirSync(join(src, 'images'), { recursive: true });
  mkdirSync(join(src, 'other'), { recursive: true });
  writeFileSync(join(src, 'images', 'a.png'), 'png a');
  writeFileSync(join(src, 'other', 'a.png'), 'another png a');
  writeFileSync(join(src, 'images', 'hero.jpg'), 'jpg');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function post(overrides: Partial<SourcePost> = {}): SourcePost {
  return {
    source: 'posts/hello.md',
    slug: 'hello',
    ext: '.md',
    title: 'こんにちは',
    date: '2024-01-02',
    published: true,
    tags: ['a'],
    aliases: [],
    body: '本文\n',
    images: [],
    attention: [],
    ...overrides,
  };
}

const reading = (...posts: SourcePost[]): SourceReading => ({ kind: 'zenn', posts, failures: [] });
const options = (more: Partial<WriteOptions> = {}): WriteOptions => ({ out, from: src, ...more });
const read = (file: string) => readFileSync(join(out, file), 'utf8');
const frontmatter = (file: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(read(file))![1]!);

describe('writePosts', () => {
  it('writes this blog\'s keys in a fixed order, the source\'s other keys after them, and a note of where the post was first published', () => {
    const r = writePosts(
      reading(
        post({
          updated: '2024-02-01T10:00:00+09:00',
          description: '要約',
          lang: 'ja',
          aliases: ['/old/hello/'],
          breaks: true,
          originalUrl: 'https://zenn.dev/u/articles/hello',
          extra: { emoji: '👋', Title: 'ignored: spelled like one of ours' },
          body: '本文',
        }),
      ),
      options(),
    );
    expect(r.exitCode).toBe(0);
    const text = read('hello.md');
    expect(Object.keys(frontmatter('hello.md'))).toEqual(['title', 'date', 'updated', 'published', 'tags', 'description', 'lang', 'aliases', 'breaks', 'emoji']);
    expect(postSchema.safeParse(frontmatter('hello.md')).success).toBe(true);
    // At the end, so that the summary of a post without a description is its own first sentences.
    expect(text.endsWith('---\n本文\n\n:::message\nこの記事は https://zenn.dev/u/articles/hello で最初に公開されました。\n:::\n')).toBe(true);
  });

  it("writes the title as the reader gives it: decoding entities is the reader's call", () => {
    writePosts(reading(post({ title: '`&amp;` の書き方' })), options());
    expect(frontmatter('hello.md').title).toBe('`&amp;` の書き方');
  });

  it('copies images beside the post, rewrites their references, and lists those not found', () => {
    const body = [
      '![a](/images/a.png =250x)',
      '![again](/images/a.png "title")',
      '![other](../other/a.png)',
      '<img src="/images/a.png">',
      '![gone](/images/missing.png)',
      '![remote](https://example.com/x.png)',
      '```md',
      '![in code](/images/a.png)',
      '```',
      '',
    ].join('\n');
    const r = writePosts(
      reading(
        post({
          slug: '2024/hello',
          body,
          images: [
            { ref: '/images/a.png', file: join(src, 'images', 'a.png') },
            { ref: '../other/a.png', file: join(src, 'other', 'a.png') },
            { ref: '/images/missing.png' },
          ],
          heroImage: { ref: '/images/hero.jpg', file: join(src, 'images', 'hero.jpg') },
        }),
      ),
      options(),
    );
    const result = r.posts[0]!;
    expect(result.status).toBe('needs attention');
    expect(result.missingImages).toEqual(['/images/missing.png']);
    expect(result.reasons).toContain('image not found: /images/missing.png');
    expect(result.reasons.some((x) => x.startsWith('<img src="/images/a.png"> is HTML'))).toBe(true);
    expect(read('2024/hello/a.png')).toBe('png a');
    expect(read('2024/hello/a-2.png')).toBe('another png a'); // same name, another file
    expect(read('2024/hello/hero.jpg')).toBe('jpg');
    const text = read('2024/hello.md');
    expect(text).toContain('![a](./hello/a.png =250x)\n![again](./hello/a.png "title")\n![other](./hello/a-2.png)\n<img src="./hello/a.png">');
    expect(text).toContain('![gone](/images/missing.png)\n![remote](https://example.com/x.png)\n```md\n![in code](/images/a.png)\n```');
    expect(frontmatter('2024/hello.md').heroImage).toBe('./hello/hero.jpg');
    expect(r.report).toContain('1 images not found');
  });

  it('names image folders so that links need no escaping, and keeps two posts\' images apart', () => {
    const image = (file: string) => ({ ref: '/images/a.png', file: join(src, file) });
    writePosts(
      reading(
        post({ source: 'x.md', slug: 'a b', body: '![](/images/a.png)\n', images: [image('images/a.png')] }),
        post({ source: 'y.md', slug: 'a-b', body: '![](/images/a.png)\n', images: [image('other/a.png')] }),
      ),
      options(),
    );
    expect(read('a b.md')).toContain('![](./a-b/a.png)');
    expect(read('a-b.md')).toContain('![](./a-b/a-2.png)');
    expect([read('a-b/a.png'), read('a-b/a-2.png')]).toEqual(['png a', 'another png a']);
  });

  it('gives duplicate slugs distinct names and never overwrites a file it did not write', () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'Mine.md'), 'the author\'s own post');
    const r = writePosts(
      reading(post({ source: 'a.md', slug: 'hello' }), post({ source: 'b.md', slug: 'hello' }), post({ source: 'c.md', slug: 'mine' })),
      options(),
    );
    expect(r.posts.map((p) => [p.source, p.target, p.status])).toEqual([
      ['a.md', 'hello.md', 'imported'],
      ['b.md', 'hello-2.md', 'needs attention'],
      ['c.md', 'mine-2.md', 'needs attention'],
    ]);
    expect(r.posts[1]!.reasons[0]).toBe('hello.md is taken (by hello.md); it is hello-2.md, URL /posts/hello-2/');
    expect(read('Mine.md')).toBe('the author\'s own post');
    // The next run keeps each post in its file.
    const again = writePosts(
      reading(post({ source: 'b.md', slug: 'hello' }), post({ source: 'a.md', slug: 'hello' }), post({ source: 'c.md', slug: 'mine' })),
      options(),
    );
    expect(again.posts.map((p) => [p.source, p.target])).toEqual([
      ['a.md', 'hello.md'],
      ['b.md', 'hello-2.md'],
      ['c.md', 'mine-2.md'],
    ]);
  });

  it('changes nothing on a second run of the same import', () => {
    const input = reading(post({ images: [{ ref: '/images/a.png', file: join(src, 'images', 'a.png') }], body: '![](/images/a.png)\n' }));
    expect(writePosts(input, options()).posts[0]!.status).toBe('imported');
    const manifest = read(MANIFEST_NAME);
    const again = writePosts(input, options());
    expect(again.exitCode).toBe(0);
    expect(again.posts[0]).toMatchObject({ status: 'unchanged', written: false });
    expect(again.report).toContain('1 posts: 0 imported, 0 need attention, 1 unchanged');
    expect(read(MANIFEST_NAME)).toBe(manifest);
    expect(JSON.parse(manifest).files['hello.md']).toMatchObject({ from: src, source: 'posts/hello.md' });
    expect(Object.keys(JSON.parse(manifest).files)).toEqual(['hello.md', 'hello/a.png']);
  });

  it('updates a post whose source changed, but never one the author edited, unless --force', () => {
    writePosts(reading(post()), options());
    expect(writePosts(reading(post({ body: '直した本文\n' })), options()).posts[0]!.status).toBe('imported');
    expect(read('hello.md')).toContain('直した本文');

    writeFileSync(join(out, 'hello.md'), `${read('hello.md')}著者の追記\n`);
    const skipped = writePosts(reading(post({ body: 'また別の本文\n' })), options());
    expect(skipped.exitCode).toBe(0);
    expect(skipped.posts[0]).toMatchObject({ status: 'skipped', reasons: ['edited since the last import; --force overwrites it'] });
    expect(skipped.report).toContain('skipped: hello.md (from posts/hello.md) — edited since the last import; --force overwrites it');
    expect(read('hello.md')).toContain('著者の追記');

    const forced = writePosts(reading(post({ body: 'また別の本文\n' })), options({ force: true }));
    expect(forced.posts[0]!.status).toBe('needs attention');
    expect(read('hello.md')).toContain('また別の本文');
    expect(read('hello.md')).not.toContain('著者の追記');
    expect(writePosts(reading(post({ body: 'また別の本文\n' })), options()).posts[0]!.status).toBe('unchanged');
  });

  it('does not bring back a post the author deleted, unless --force', () => {
    writePosts(reading(post()), options());
    rmSync(join(out, 'hello.md'));
    expect(writePosts(reading(post()), options()).posts[0]!.status).toBe('skipped');
    expect(existsSync(join(out, 'hello.md'))).toBe(false);
    writePosts(reading(post()), options({ force: true }));
    expect(existsSync(join(out, 'hello.md'))).toBe(true);
  });

  it('takes back its own files when the manifest is gone, instead of importing them again as -2', () => {
    writePosts(reading(post()), options());
    rmSync(join(out, MANIFEST_NAME));
    const r = writePosts(reading(post()), options());
    expect(r.posts[0]).toMatchObject({ target: 'hello.md', status: 'unchanged' });
  });

  it('writes nothing in a dry run, and says what would happen', () => {
    const r = writePosts(
      reading(post({ images: [{ ref: '/images/a.png', file: join(src, 'images', 'a.png') }], body: '![](/images/a.png)\n' })),
      options({ dryRun: true, reportFile: join(dir, 'report.txt') }),
    );
    expect(r.posts[0]).toMatchObject({ status: 'imported', written: true });
    expect(r.report).toContain('dry run: nothing was written');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, 'report.txt'))).toBe(false);
  });

  it('fails only the posts that could not be read, names them and says what to do, and writes the report file', () => {
    const r = writePosts(
      { kind: 'zenn', posts: [post()], failures: [{ source: 'articles/bad.md', reason: 'published_at: "2020-12/01" is not a date' }] },
      options({ reportFile: join(dir, 'report.txt') }),
    );
    expect(r.exitCode).toBe(1);
    expect(r.report).toContain('failed: articles/bad.md — published_at: "2020-12/01" is not a date. Fix it in the source and run the import again');
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toBe(r.report);
    expect(read('hello.md')).toContain('本文');
  });

  it('keeps only valid, unshared old URLs, and names in which a URL can be written', () => {
    const r = writePosts(
      reading(
        post({ source: 'a.md', slug: 'a', aliases: ['/x/', '/x/', 'no-slash', '/a b/'] }),
        post({ source: 'b.md', slug: 'b#c', aliases: ['/x/'] }),
      ),
      options(),
    );
    expect(r.posts[0]!.aliases).toEqual(['/x/']);
    expect(r.posts[0]!.reasons).toHaveLength(2);
    expect(r.posts[1]).toMatchObject({ target: 'b-c.md', aliases: [] });
    expect(r.posts[1]!.reasons).toEqual([
      'its name "b#c" has characters a URL cannot carry; it is b-c.md',
      'old URL /x/ left out: a.md has it too',
    ]);
    expect(cleanSlug('../.hidden/ok\\x')).toBe('hidden/ok-x');
  });
});

describe('reader helpers', () => {
  it('reads dates in the source\'s zone and names a typo\'d one', () => {
    expect(readDate('2024-01-02', 'Asia/Tokyo', 'Asia/Tokyo')).toMatchObject({ date: '2024-01-02' });
    expect(readDate('2024-01-02 09:30', 'Asia/Tokyo', 'Asia/Tokyo')).toMatchObject({ date: '2024-01-02T09:30:00+09:00' });
    // A day in Tokyo on a site kept in UTC is that midnight, with its offset kept right.
    expect(readDate('2024-01-02', 'Asia/Tokyo', 'UTC')).toMatchObject({ date: '2024-01-01T15:00:00+00:00' });
    expect(readDate('2020-12/01', 'Asia/Tokyo', 'Asia/Tokyo')).toEqual({ error: expect.stringContaining('"2020-12/01"') });
  });

  it('reads titles as text or as HTML, as the old site showed them', () => {
    // Zenn, Qiita, Astro: a title is text, and `&amp;` is what the author wrote.
    expect(cleanTitle('  `&amp;` の書き方 ')).toBe('`&amp;` の書き方');
    // Jekyll, Hexo, Hugo, WordPress: a title is HTML, and `&#038;` showed as `&`.
    expect(htmlTitle('整理&#038;同時検索 &amp; &#8220;引用&#8221; &#8230;')).toBe('整理&同時検索 & “引用” …');
    expect(htmlTitle(2024)).toBe('2024');
    expect(htmlTitle('&#32;')).toBeUndefined();
    expect(cleanTitle(undefined)).toBeUndefined();
  });

  it('cleans tags from names, lists and Qiita objects, once each', () => {
    expect(tagList([['Python', 'python', ' ', { name: 'ＡＩ' }, 'AI'], 'x, y'])).toEqual(['Python', 'ＡＩ', 'x', 'y']);
    expect(tagList([[{ nope: 1 }]])).toEqual({ error: expect.stringContaining('tags must be a list of names') });
  });

  it('finds local image references outside code', () => {
    expect(imageRefs('![a](./a.png)\n![b](<b c.png>)\n![r](https://x/y.png)\n<img src="/i/d.png" alt="">\n[ref]: ./e.jpg\n`![no](f.png)`x\n~~~\n![no](g.png)\n~~~\n')).toEqual([
      './a.png',
      'b c.png',
      '/i/d.png',
      './e.jpg',
    ]);
  });
});

describe('npm run import', () => {
  const make = (files: Record<string, string>) => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, 'detect', path, '..'), { recursive: true });
      writeFileSync(join(dir, 'detect', path), text);
    }
    return join(dir, 'detect');
  };

  it.each([
    ['zenn', { 'articles/a.md': '---\ntitle: a\nemoji: 😀\ntopics: []\n---\n' }],
    ['qiita', { 'public/a.md': '---\ntitle: a\nprivate: false\nupdated_at: "2024-01-01T00:00:00+09:00"\n---\n' }],
    ['hugo', { 'hugo.toml': 'title = "x"\n', 'content/posts/a.md': '+++\n+++\n' }],
    ['hexo', { '_config.yml': 'title: x\n', 'source/_posts/a.md': '---\n---\n' }],
    ['astro', { 'src/content/blog/a.md': '---\n---\n' }],
    ['jekyll', { '_posts/2020-01-01-a.md': '---\n---\n' }],
    ['jekyll', { '2020/2020-01-01-a.md': '---\n---\n' }],
  ])('detects %s', (kind, files) => {
    expect(detectKind(make(files))).toMatchObject({ kind });
  });

  it('detects export files', () => {
    const wxr = join(dir, 'export.xml');
    writeFileSync(wxr, '<?xml version="1.0"?>\n<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel></channel></rss>\n');
    expect(detectKind(wxr)).toMatchObject({ kind: 'wordpress' });
    const hatena = join(dir, 'blog.export.txt');
    writeFileSync(hatena, 'AUTHOR: me\nTITLE: x\nBASENAME: 2020/01/01/000000\nSTATUS: Publish\nDATE: 01/01/2020 00:00:00\n-----\nBODY:\n<p>x</p>\n-----\n--------\n');
    expect(detectKind(hatena)).toMatchObject({ kind: 'hatena' });
    expect(detectKind(join(dir, 'nothing'))).toEqual({ error: expect.stringContaining('does not exist') });
    expect(detectKind(make({ 'README.md': 'hi' }))).toEqual({ error: expect.stringContaining('--from') });
  });

  it('says clearly when a kind has no reader yet, and exits 2 without writing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const blog = make({ '_posts/2020-01-01-a.md': '---\ntitle: a\n---\n' });
      expect(await main([blog, '--out', out], join(dir, 'no-readers'))).toBe(2);
      expect(error.mock.calls.flat().join('\n')).toContain('importing from jekyll is not available yet (scripts/import/jekyll.ts is missing)');
      expect(existsSync(out)).toBe(false);
      expect(await main([blog, '--from', 'blogger'])).toBe(2);
      expect(await main([blog, '--bogus'])).toBe(2);
      expect(await main([])).toBe(2);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
