import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { convertPost, importJekyll } from '../../scripts/import-jekyll.ts';
import { postSchema } from '../../src/content.config.ts';
import { projectRoot } from '../helpers/site.ts';

const source = join(projectRoot, 'tests', 'fixtures', 'jekyll');
let out: string;
beforeEach(() => {
  out = mkdtempSync(join(tmpdir(), 'import-'));
});
afterEach(() => rmSync(out, { recursive: true, force: true }));

const frontmatter = (file: string) => parseYaml(/^---\n([\s\S]*?)\n---/.exec(readFileSync(join(out, file), 'utf8'))![1]!);

describe('npm run import', () => {
  it('converts posts into frontmatter the schema accepts, keeping other keys and the body', () => {
    const { imported } = importJekyll(source, out);
    const fm = frontmatter('2014/promises-book.md');
    expect(fm).toEqual({
      title: 'JavaScript Promiseの本Ver1.2',
      date: '2014-08-19T08:23:00+09:00', // read in the site's time zone
      published: true,
      tags: ['JavaScript', 'books'],
      aliases: ['/2014/08/19/promises-book.html'], // Jekyll's default URL
      author: 'azu',
      layout: 'post',
      categories: ['雑記'],
    });
    expect(readFileSync(join(out, '2014/promises-book.md'), 'utf8')).toContain('\n## Promise本\n\n本文はそのまま。  \n二行目。\n');
    for (const post of imported) expect(postSchema.safeParse(frontmatter(post.target)).success, post.target).toBe(true);
  });

  it('takes the date from the file name, keeps published: false, reads CRLF and .markdown', () => {
    importJekyll(source, out);
    expect(frontmatter('2014/no-date.md')).toMatchObject({ date: '2014-09-01', permalink: '/2014/0901/res1/', aliases: ['/2014/0901/res1/'] });
    const crlf = readFileSync(join(out, '2014/crlf.md'), 'utf8');
    expect(parseYaml(/^---\n([\s\S]*?)\n---/.exec(crlf)![1]!)).toMatchObject({ date: '2015-12-31T01:44:00+09:00', published: false });
    expect(crlf).toContain('CRLF body');
  });

  it('keeps folders apart when names would clash', () => {
    const { imported } = importJekyll(source, out);
    expect(imported.map((p) => p.id).filter((id) => id.startsWith('archive/')).sort()).toEqual(['archive/tools/index', 'archive/wiki/index']);
  });

  it('lists every post it cannot convert, with the reason, and drops none silently', () => {
    const { imported, failed } = importJekyll(source, out);
    expect(failed.map((f) => [f.source, f.reason.split(':')[0]])).toEqual([
      [join('2014', '2014-10-01-broken.md'), 'broken YAML frontmatter'],
      [join('2014', '2014-10-02-no-title.md'), 'no title'],
      [join('2014', '2014-10-03-bad-date.md'), 'date'],
    ]);
    expect(imported.length + failed.length).toBe(8); // every file of the fixture
  });

  it('never overwrites a file, and exits non-zero when a post failed', () => {
    const run = () =>
      spawnSync(process.execPath, [join(projectRoot, 'scripts/import-jekyll.ts'), source, '--out', out], { encoding: 'utf8' });
    const first = run();
    expect(first.status).toBe(1);
    expect(first.stdout).toContain('Imported 5 posts');
    expect(first.stderr).toMatch(/3 posts could not be imported:\n {2}2014\/2014-10-01-broken\.md: broken YAML/);
    const again = run();
    expect(again.stderr).toContain('already exists in the output folder');
    expect(again.stdout).toContain('Imported 0 posts');
  });

  it('records the old URL from a permalink with placeholders, in the site time zone', () => {
    const r = convertPost('2014-01-01-名前.md', '---\ntitle: x\ndate: 2013-12-31T20:00:00Z\npermalink: /:year/:month/:day/:title/\n---\n');
    // 20:00 UTC on the 31st is already 1 January in Tokyo.
    expect('text' in r && r.text).toContain('aliases:\n  - /2014/01/01/名前/');
  });

  it('reads Jekyll date-times with a zone, too', () => {
    const r = convertPost('2014-01-01-x.md', '---\ntitle: x\ndate: 2014-01-01 10:00:00 +0000\n---\nbody\n');
    expect('text' in r && r.text).toContain('date: 2014-01-01T19:00:00+09:00');
  });
});
