import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { main } from '../../scripts/import.ts';
import { firstPublishedInBody, read as readQiita } from '../../scripts/import/qiita.ts';
import { read as readZenn } from '../../scripts/import/zenn.ts';
import { postSchema } from '../../src/content.config.ts';

const options = { timeZone: 'Asia/Tokyo' };
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'import-zq-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function make(root: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const fm = (text: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(text)![1]!);

/** Runs `npm run import` in-process, quietly; returns its status and what it printed. */
async function run(args: string[]): Promise<{ status: number; output: string }> {
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a) => void lines.push(a.join(' ')));
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => !!lines.push(String(chunk)));
  try {
    return { status: await main(args), output: lines.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
    write.mockRestore();
  }
}

const ZENN = {
  'articles/a.md': '---\ntitle: "A &amp; B"\nemoji: "😀"\ntype: tech\nTopics: [Python, python, zenn]\npublished: true\npublished_at: 2023-05-01 09:30\n---\n![fig](/images/a/fig.png)\n![gone](/images/a/gone.png)\n本文\n',
  'articles/b.md': '\uFEFF---\r\ntitle: CRLF\r\nemoji: "📝"\r\ntype: idea\r\ntopics: []\r\npublished: true\r\n---\r\n一行目\r\n二行目',
  'articles/c.md': '---\ntitle: 下書き\nemoji: "🚧"\ntype: tech\ntopics: [draft]\npublished: false\n---\n書きかけ\n',
  'articles/d.md': '---\ntitle: 日付の誤記\nemoji: "❌"\ntype: tech\ntopics: []\npublished: true\npublished_at: 2020-12/01\n---\nx\n',
  'articles/e.md': '---\ntitle: 日付なし\nemoji: "❓"\ntype: tech\ntopics: []\npublished: true\n---\nx\n',
  'articles/nested/test.md': 'not an article: zenn-cli reads articles/*.md only\n',
  'images/a/fig.png': 'png',
  'GIT_DATES.tsv':
    'path\tfirst_commit_date\tlast_commit_date\narticles/b.md\t2022-08-29T16:59:39+09:00\t2025-03-13T17:44:25+09:00\narticles/c.md\t2022-09-21T14:26:47+09:00\t2022-09-21T18:00:00+09:00\n',
};

describe('Zenn', () => {
  it('reads articles/*.md: dates from published_at (Tokyo) or GIT_DATES.tsv, topics, drafts, images, CRLF and BOM', () => {
    const root = make(join(dir, 'zenn'), ZENN);
    const reading = readZenn(root, { ...options, user: 'me' });
    expect(reading.posts.map((p) => p.source)).toEqual(['articles/a.md', 'articles/b.md', 'articles/c.md']);
    const [a, b, c] = reading.posts;
    expect(a).toMatchObject({
      slug: 'a',
      // Zenn shows titles as text: an entity is what the author wrote.
      title: 'A &amp; B',
      date: '2023-05-01T09:30:00+09:00',
      published: true,
      tags: ['Python', 'zenn'],
      breaks: true,
      extra: { emoji: '😀', type: 'tech' },
      originalUrl: 'https://zenn.dev/me/articles/a',
      images: [{ ref: '/images/a/fig.png', file: join(root, 'images/a/fig.png') }, { ref: '/images/a/gone.png' }],
    });
    expect(a!.updated).toBeUndefined();
    // The file's first commit is its date, its last (on a later day) the update.
    expect(b).toMatchObject({ date: '2022-08-29T16:59:39+09:00', updated: '2025-03-13T17:44:25+09:00', body: '一行目\n二行目' });
    // A draft never had a Zenn address; a same-day last commit is no update.
    expect(c).toMatchObject({ published: false, date: '2022-09-21T14:26:47+09:00' });
    expect(c!.originalUrl).toBeUndefined();
    expect(c!.updated).toBeUndefined();
    expect(reading.failures).toEqual([
      { source: 'articles/d.md', reason: expect.stringMatching(/^published_at: "2020-12\/01" is not a date/u) },
      { source: 'articles/e.md', reason: expect.stringMatching(/^no date: .*GIT_DATES\.tsv/u) },
    ]);
    // Without the account, no address is guessed.
    expect(readZenn(root, options).posts[0]!.originalUrl).toBeUndefined();
  });

  it('takes dates from git when the folder is a repository', () => {
    const root = make(join(dir, 'repo'), {
      'articles/g.md': '---\ntitle: git\nemoji: "🌱"\ntype: tech\ntopics: []\npublished: true\n---\nv1\n',
      // GIT_DATES.tsv counts only for files git has not seen.
      'GIT_DATES.tsv': 'path\tfirst_commit_date\tlast_commit_date\narticles/g.md\t2000-01-01T00:00:00+09:00\t2000-01-01T00:00:00+09:00\n',
    });
    const git = (args: string[], date?: string) => {
      const env = { ...process.env, ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
      const r = spawnSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { env, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    };
    git(['init', '-q']);
    git(['add', 'articles/g.md']);
    git(['commit', '-q', '-m', 'first'], '2021-03-04T05:06:07+09:00');
    writeFileSync(join(root, 'articles/g.md'), '---\ntitle: git\nemoji: "🌱"\ntype: tech\ntopics: []\npublished: true\n---\nv2\n');
    git(['commit', '-q', '-am', 'second'], '2021-06-01T12:00:00+09:00');
    writeFileSync(join(root, 'articles/new.md'), '---\ntitle: new\nemoji: "🆕"\ntype: tech\ntopics: []\npublished: true\n---\nx\n');
    const reading = readZenn(root, options);
    expect(reading.posts[0]).toMatchObject({ source: 'articles/g.md', date: '2021-03-04T05:06:07+09:00', updated: '2021-06-01T12:00:00+09:00' });
    expect(reading.failures.map((f) => f.source)).toEqual(['articles/new.md']); // not committed yet
  });

  it('imports with one command: images beside the post, a note of the Zenn address, the same result on a second run', async () => {
    const root = make(join(dir, 'zenn'), ZENN);
    const out = join(dir, 'posts');
    const report = join(dir, 'report.txt');
    const first = await run([root, '--out', out, '--report', report, '--user', 'me']);
    expect(first.status).toBe(1); // d.md and e.md
    expect(first.output).toContain('Detected zenn');
    expect(first.output).toContain('5 posts: 2 imported, 1 need attention, 0 unchanged, 0 skipped, 2 failed; 1 images not found');
    expect(first.output).toContain('needs attention (written): a.md (from articles/a.md) — image not found: /images/a/gone.png');
    const a = readFileSync(join(out, 'a.md'), 'utf8');
    expect(a).toContain('![fig](./a/fig.png)\n![gone](/images/a/gone.png)\n');
    expect(a).toContain('この記事は https://zenn.dev/me/articles/a で最初に公開されました。');
    expect(readFileSync(join(out, 'a/fig.png'), 'utf8')).toBe('png');
    for (const name of ['a.md', 'b.md', 'c.md']) {
      expect(postSchema.safeParse(fm(readFileSync(join(out, name), 'utf8'))).success, name).toBe(true);
    }
    const again = await run([root, '--out', out, '--report', report, '--user', 'me']);
    expect(again.output).toContain('5 posts: 0 imported, 1 need attention, 2 unchanged, 0 skipped, 2 failed');
    // Once the failed posts are fixed, the run succeeds and the rest stays as it was.
    writeFileSync(join(root, 'articles/d.md'), ZENN['articles/d.md'].replace('2020-12/01', '2020-12-01'));
    rmSync(join(root, 'articles/e.md'));
    const fixed = await run([root, '--out', out, '--report', report, '--user', 'me']);
    expect(fixed.status).toBe(0);
    expect(fixed.output).toContain('4 posts: 1 imported, 1 need attention, 2 unchanged, 0 skipped, 0 failed');
    expect(fm(readFileSync(join(out, 'd.md'), 'utf8')).date).toBe('2020-12-01');
  });
});

const QIITA = {
  'public/a.md':
    '---\ntitle: OGP&#038;SEO\ntags:\n  - JavaScript\n  - name: TypeScript\n    versions: []\nprivate: false\nupdated_at: "2024-03-11T21:30:21+09:00"\nid: 1d73fee09ebfb8f0ec9f\norganization_url_name: null\nslide: false\nignorePublish: false\n---\n:::note warn\n※ これは2016-10-29に[個人ブログ](https://example.com)で公開した記事を移植しました。\n:::\n本文\n',
  'public/b.md': '\uFEFF---\r\ntitle: 限定共有\r\ntags: [x]\r\nprivate: true\r\nupdated_at: "2024-03-14T15:16:07+09:00"\r\nid: 3f9f0202729f31371a55\r\nignorePublish: false\r\n---\r\n本文\r\n',
  'public/c.md': '---\ntitle: 公開しない\ntags: []\nprivate: false\nupdated_at: "2024-03-09T16:08:27+09:00"\nid: null\nignorePublish: true\n---\n本文\n',
  'public/d.md': '---\ntitle: 日付の誤記\ntags: []\nprivate: false\nupdated_at: "2024-13-01T00:00:00+09:00"\nid: null\nignorePublish: false\n---\n本文\n',
  'public/e.md': '---\ntitle: 日付なし\ntags: []\nprivate: false\nid: null\nignorePublish: false\n---\n本文\n',
  'public/.remote/a.md': '---\ntitle: Qiita CLI\'s own copy\n---\n',
  'GIT_DATES.tsv':
    'path\tfirst_commit_date\tlast_commit_date\npublic/a.md\t2024-04-08T02:00:57+00:00\t2024-04-08T02:00:57+00:00\npublic/b.md\t2024-03-09T16:08:27+09:00\t2024-03-14T15:16:07+09:00\npublic/c.md\t2024-03-09T16:08:27+09:00\t2024-03-09T16:08:27+09:00\n',
};

describe('Qiita', () => {
  it('reads public/*.md: drafts from private and ignorePublish, dates from history and updated_at, tags as names or objects', () => {
    const root = make(join(dir, 'qiita'), QIITA);
    const reading = readQiita(root, options);
    expect(reading.posts.map((p) => p.source)).toEqual(['public/a.md', 'public/b.md', 'public/c.md']);
    const [a, b, c] = reading.posts;
    // Updated on Qiita before the folder's first commit: the post is at least as old as that update.
    expect(a).toMatchObject({
      title: 'OGP&#038;SEO',
      date: '2024-03-11T21:30:21+09:00',
      published: true,
      tags: ['JavaScript', 'TypeScript'],
      breaks: true,
      originalUrl: 'https://qiita.com/items/1d73fee09ebfb8f0ec9f',
      extra: { id: '1d73fee09ebfb8f0ec9f', organization_url_name: null, slide: false },
    });
    expect(a!.updated).toBeUndefined();
    expect(a!.attention).toEqual([
      'the body says it was first published on 2016-10-29; its date is 2024-03-11 (first on Qiita): set date: 2016-10-29 to keep the first one',
    ]);
    // A 限定共有 post is a draft, and its address is not published.
    expect(b).toMatchObject({ published: false, date: '2024-03-09T16:08:27+09:00', updated: '2024-03-14T15:16:07+09:00', body: '本文\n' });
    expect(b!.originalUrl).toBeUndefined();
    expect(c).toMatchObject({ published: false, date: '2024-03-09T16:08:27+09:00' });
    expect(reading.failures).toEqual([
      { source: 'public/d.md', reason: expect.stringMatching(/^updated_at: "2024-13-01T00:00:00\+09:00" is not a real date/u) },
      { source: 'public/e.md', reason: expect.stringMatching(/^no date: /u) },
    ]);
  });

  it('finds the first-publication day a body states', () => {
    expect(firstPublishedInBody('※ これは2022/12/13に[個人ブログ](https://x)で公開した記事')).toBe('2022-12-13');
    expect(firstPublishedInBody('2020年1月2日に note で最初に公開しました')).toBe('2020-01-02');
    expect(firstPublishedInBody('2020-01-02に書いた')).toBeUndefined();
  });

  it('imports with one command, and a dry run writes nothing', async () => {
    const root = make(join(dir, 'qiita'), QIITA);
    const out = join(dir, 'posts');
    const report = join(dir, 'report.txt');
    const dry = await run([join(root, 'public'), '--out', out, '--report', report, '--dry-run']);
    expect(dry.output).toContain('Detected qiita');
    expect(dry.output).toContain('dry run: nothing was written');
    expect(() => readFileSync(report)).toThrow();
    expect(() => readFileSync(join(out, 'a.md'))).toThrow();
    const real = await run([root, '--out', out, '--report', report]);
    expect(real.status).toBe(1);
    expect(real.output).toMatch(/^failed: public\/d\.md — updated_at: "2024-13-01T00:00:00\+09:00"/mu);
    const a = readFileSync(join(out, 'a.md'), 'utf8');
    expect(a.endsWith('本文\n\n:::message\nこの記事は https://qiita.com/items/1d73fee09ebfb8f0ec9f で最初に公開されました。\n:::\n')).toBe(true);
    expect(fm(readFileSync(join(out, 'b.md'), 'utf8'))).toMatchObject({ published: false, tags: ['x'] });
    for (const name of ['a.md', 'b.md', 'c.md']) {
      expect(postSchema.safeParse(fm(readFileSync(join(out, name), 'utf8'))).success, name).toBe(true);
    }
  });
});
