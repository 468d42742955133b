import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { convertLiquid, convertPost, read } from '../../scripts/import/jekyll.ts';
import { writePosts } from '../../scripts/import/write-posts.ts';
import { postSchema } from '../../src/content.config.ts';
import { projectRoot } from '../helpers/site.ts';

const source = join(projectRoot, 'tests', 'fixtures', 'jekyll');
const timeZone = 'Asia/Tokyo';
let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'import-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const frontmatter = (file: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(out, file), 'utf8'))![1]!);

function importJekyll() {
  const { posts } = writePosts(read(source, { timeZone }), { out, from: source });
  return { imported: posts.filter((p) => p.status !== 'failed'), failed: posts.filter((p) => p.status === 'failed') };
}

describe('npm run import (Jekyll)', () => {
  it('converts posts into frontmatter the schema accepts, keeping other keys and the body', () => {
    const { imported } = importJekyll();
    const fm = frontmatter('2014/promises-book.md');
    expect(fm).toEqual({
      title: 'JavaScript Promiseの本Ver1.2',
      date: '2014-08-19T08:23:00+09:00', // read in the site's time zone
      published: true,
      tags: ['JavaScript', 'books', '雑記'], // tags, then categories
      aliases: ['/2014/08/19/promises-book.html'], // Jekyll's default URL
      author: 'azu',
      layout: 'post',
      categories: ['雑記'],
    });
    expect(readFileSync(join(out, '2014/promises-book.md'), 'utf8')).toContain('\n## Promise本\n\n本文はそのまま。  \n二行目。\n');
    for (const post of imported) expect(postSchema.safeParse(frontmatter(post.target!)).success, post.target).toBe(true);
  });

  it('takes the date from the file name, keeps published: false, reads CRLF and .markdown', () => {
    importJekyll();
    expect(frontmatter('2014/no-date.md')).toMatchObject({ date: '2014-09-01', permalink: '/2014/0901/res1/', aliases: ['/2014/0901/res1/'] });
    const crlf = readFileSync(join(out, '2014/crlf.md'), 'utf8');
    expect(parseYaml(/^---\n([\s\S]*?)\n---/.exec(crlf)![1]!)).toMatchObject({ date: '2015-12-31T01:44:00+09:00', published: false });
    expect(crlf).toContain('CRLF body');
    expect(crlf).not.toContain('\r');
  });

  it('keeps folders apart when names would clash, and gives a shared old URL to one post only', () => {
    const { imported } = importJekyll();
    const archive = imported.filter((p) => p.id!.startsWith('archive/'));
    expect(archive.map((p) => p.target).sort()).toEqual(['archive/tools/index.md', 'archive/wiki/index.md']);
    // Each index.md is a page bundle: its URL is its folder's, as the loader gives it.
    expect(archive.map((p) => p.id).sort()).toEqual(['archive/tools', 'archive/wiki']);
    // Both were /2013/07/06/index.html on the old site; the build refuses an alias used twice.
    expect(archive.map((p) => p.aliases)).toEqual([['/2013/07/06/index.html'], []]);
    expect(archive[1]!.status).toBe('needs attention');
  });

  it('lists every post it cannot convert, with the reason, and drops none silently', () => {
    const { imported, failed } = importJekyll();
    expect(failed.map((f) => [f.source, f.reasons[0]!.split(':')[0]])).toEqual([
      [join('2014', '2014-10-01-broken.md'), 'broken YAML frontmatter'],
      [join('2014', '2014-10-02-no-title.md'), 'no title'],
      [join('2014', '2014-10-03-bad-date.md'), 'date'],
    ]);
    expect(failed[2]!.reasons[0]).toContain('"2014-13-45T10:00"'); // the value, named
    expect(imported.length + failed.length).toBe(8); // every file of the fixture
  });

  it('exits non-zero when a post failed, naming it; a second run changes nothing', () => {
    const report = join(out, 'report.txt');
    const run = () =>
      spawnSync(process.execPath, [join(projectRoot, 'scripts/import.ts'), source, '--out', join(out, 'posts'), '--report', report], { encoding: 'utf8' });
    const first = run();
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('Detected jekyll');
    expect(first.stdout).toContain('8 posts: 4 imported, 1 need attention, 0 unchanged, 0 skipped, 3 failed');
    expect(first.stdout).toMatch(/^failed: 2014\/2014-10-01-broken\.md — broken YAML.*Fix it in the source and run the import again/mu);
    expect(readFileSync(report, 'utf8')).toContain('8 posts: 4 imported');
    const again = run();
    expect(again.stdout).toContain('8 posts: 0 imported, 1 need attention, 4 unchanged, 0 skipped, 3 failed');
  });

  it('the old entry point still runs the importer, as Jekyll', () => {
    const r = spawnSync(process.execPath, [join(projectRoot, 'scripts/import.ts'), source, '--from', 'jekyll', '--out', join(out, 'posts'), '--dry-run'], { encoding: 'utf8' });
    expect(r.stdout).toContain('as jekyll (--from)');
    expect(r.stdout).toContain('dry run');
    expect(r.status).toBe(1);
  });

  it('records the old URL from a permalink with placeholders, in the site time zone', () => {
    const r = convertPost('2014-01-01-名前.md', '---\ntitle: x\ndate: 2013-12-31T20:00:00Z\npermalink: /:year/:month/:day/:title/\n---\n', timeZone);
    // 20:00 UTC on the 31st is already 1 January in Tokyo.
    expect('aliases' in r && r.aliases).toEqual(['/2014/01/01/名前/']);
  });

  it('reads Jekyll date-times with a zone, capitalised keys, redirect_from and entities in titles', () => {
    const r = convertPost('2014-01-01-x.md', '---\nTitle: A &amp; B\ndate: 2014-01-01 10:00:00 +0000\nTags: a b\nredirect_from: /old/\n---\nbody\n', timeZone);
    expect(r).toMatchObject({ title: 'A & B', date: '2014-01-01T19:00:00+09:00', tags: ['a', 'b'], aliases: ['/old/', '/2014/01/01/x.html'] });
  });

  it.each([
    // Titles of efcl's posts brought from WordPress: Jekyll's templates showed their entities as characters.
    ["'Firefoxの検索エンジンを整理&#038;同時検索を行える「ConQuery改造版」'", 'Firefoxの検索エンジンを整理&同時検索を行える「ConQuery改造版」'],
    ["'KeySnailからCan I use&#8230;を検索するプラグイン'", 'KeySnailからCan I use…を検索するプラグイン'],
    ["'クリッカブルなボタンとWAI-ARIAのrole=&#8221;button&#8221;について'", 'クリッカブルなボタンとWAI-ARIAのrole=”button”について'],
    ["'Firefox4でcan&#8217;t wrap XML objectsというエラーが出る件について'", 'Firefox4でcan’t wrap XML objectsというエラーが出る件について'],
  ])('decodes the entities of the title %s', (written, shown) => {
    const r = convertPost('2009-01-01-x.md', `---\ntitle: ${written}\ndate: 2009-01-01\n---\nbody\n`, timeZone);
    expect('title' in r && r.title).toBe(shown);
  });

  it('turns Liquid highlight blocks into fences, drops raw markers and lists other Liquid', () => {
    const r = convertLiquid('{% highlight js linenos %}\nvar a;\n{% endhighlight %}\n\n{% raw %}{{ secrets.X }}{% endraw %}\n\n{% include foo.html %}\n');
    expect(r.body).toBe('```js showLineNumbers\nvar a;\n```\n\n{{ secrets.X }}\n\n{% include foo.html %}\n');
    expect(r.attention).toEqual(['Liquid tag {% include %} left as text']);
  });
});
