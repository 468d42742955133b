/**
 * The Hatena Blog reader (scripts/import/hatena.ts) on small Movable Type exports written into temporary
 * folders: fields and sections, Japan-time dates in both forms, drafts, `/entry/<BASENAME>` aliases,
 * HTML bodies that stay HTML (and render so through this blog's Markdown), Hatena's own notations.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertHatenaHtml, mtDate, parseMovableType, read } from '../../scripts/import/hatena.ts';
import { Attention } from '../../scripts/import/reader-kit.ts';
import { removeSourceTrees, schemaErrors, sourceFile } from '../helpers/source-files.ts';
import { localMarkdown } from '../../src/markdown/processor.ts';
import { astroMarkdownSettings } from '../helpers/markdown-settings.ts';

afterEach(removeSourceTrees);

function exportFile(text: string, name = 'example.hatenablog.com.export.txt'): string {
  return sourceFile('hatena-', name, text);
}

const entry = (fields: string, body: string, rest = '') => `${fields}\n-----\nBODY:\n${body}\n-----\n${rest}--------\n`;

const poem = entry(
  [
    'AUTHOR: someone',
    'TITLE: ポエム &amp; 詩',
    'BASENAME: poem',
    'STATUS: Publish',
    'ALLOW COMMENTS: 1',
    'CONVERT BREAKS: 0',
    'DATE: 04/22/2017 20:41:58',
    'PRIMARY CATEGORY: ブログ',
    'CATEGORY: ポエム',
    'CATEGORY: 技術系',
    'IMAGE: https://cdn-ak.f.st-hatena.com/images/fotolife/s/someone/20170422/20170422000000.png',
  ].join('\n'),
  [
    '<p>はじめに *強調ではない* と_下線_</p>',
    '[:contents]',
    '<h3 id="見出し">見出し <code>x</code></h3>',
    '    <p>字下げされた段落</p>',
    '',
    '<pre class="code lang-go" data-lang="go" data-unlink>func main() {',
    '',
    '    fmt.Println(&quot;hi&quot;)',
    '}</pre>',
    '<div class="box"><h4>箱の中の見出し</h4></div>',
    '<p>[https://example.com/a:embed:cite]</p>',
    '[f:id:someone:20170422123456p:plain:w300]',
    '<p>[https://example.com/b:title=リンク] と [https://example.com/c:embed] の文中</p>',
  ].join('\n'),
  'EXTENDED BODY:\n<p>続きの本文</p>\n-----\nEXCERPT:\nここに概要が表示されます。\n-----\nCOMMENT:\nAUTHOR: reader\nDATE: 04/23/2017 10:00:00\nコメント\n-----\n',
);

const cold = entry(
  ['AUTHOR: someone', 'TITLE: 風邪で声を失った話', 'BASENAME: 2017/04/09/194939', 'STATUS: Draft', 'CONVERT BREAKS: 0', 'DATE: 04/09/2017 07:49:39 PM', 'CATEGORY: 日常', 'TAGS: "two words",other'].join('\n'),
  '<p>本文</p>',
);


describe('Hatena Blog export', () => {
  it('reads entries: title, Japan-time dates, status, categories, alias, description', () => {
    const file = exportFile(poem + cold);
    // The zone passed in does not matter: Hatena writes Japan time.
    const { kind, posts, failures } = read(file, { timeZone: 'UTC' });
    expect(kind).toBe('hatena');
    expect(failures).toEqual([]);
    const [first, second] = posts;
    expect(first).toMatchObject({
      source: 'example.hatenablog.com.export.txt#1',
      slug: 'poem',
      ext: '.md',
      title: 'ポエム & 詩',
      date: '2017-04-22T20:41:58+09:00',
      published: true,
      tags: ['ブログ', 'ポエム', '技術系'],
      aliases: ['/entry/poem'],
      description: 'ここに概要が表示されます。',
      images: [],
    });
    expect(first!.breaks).toBeUndefined();
    expect(second).toMatchObject({
      slug: '2017/04/09/194939',
      date: '2017-04-09T19:49:39+09:00',
      published: false,
      tags: ['日常', 'two words', 'other'],
      aliases: ['/entry/2017/04/09/194939'],
      body: '<p>本文</p>\n',
    });
    for (const post of posts) expect(schemaErrors(post)).toEqual([]);
  });

  it('keeps the HTML body HTML, with top-level headings, [:contents] and embed cards as Markdown', () => {
    const { posts } = read(exportFile(poem), { timeZone: 'Asia/Tokyo' });
    expect(posts[0]!.body).toBe(
      [
        '<p>はじめに *強調ではない* と_下線_</p>',
        '',
        '[:contents]',
        '',
        '### 見出し <code>x</code>',
        '',
        '<p>字下げされた段落</p>',
        '<pre class="code lang-go" data-lang="go" data-unlink>func main() {',
        '&#10;    fmt.Println(&quot;hi&quot;)',
        '}</pre>',
        '<div class="box"><h4>箱の中の見出し</h4></div>',
        '',
        '[https://example.com/a:embed:cite]',
        '',
        '<div>',
        '<img src="https://cdn-ak.f.st-hatena.com/images/fotolife/s/someone/20170422/20170422123456.png" alt="" width="300">',
        '<p><a href="https://example.com/b">リンク</a> と [https://example.com/c:embed] の文中</p>',
        '</div>',
        '',
        '<!-- more -->',
        '',
        '<p>続きの本文</p>',
        '',
      ].join('\n'),
    );
    expect(posts[0]!.attention).toEqual(['Hatena notation [https://example.com/c:embed] left as text']);
  });

  it('renders through this blog: headings get ids, code keeps its blank line, prose marks stay text', async () => {
    const shared = astroMarkdownSettings;
    const renderer = await localMarkdown().createRenderer(shared);
    const { posts } = read(exportFile(poem), { timeZone: 'Asia/Tokyo' });
    const html = (await renderer.render(posts[0]!.body)).code;
    expect(html).toMatch(/<h3 id="見出し-x"[^>]*>/u);
    expect(html).toContain('<p>はじめに *強調ではない* と_下線_</p>');
    expect(html).toContain('func main() {\n&#10;    fmt.Println(&quot;hi&quot;)\n}</pre>');
    expect(html).toContain('<p>字下げされた段落</p>');
    expect(html).not.toContain('<code>&lt;p&gt;');
  });

  it('names entries whose date cannot be read, and gives duplicate basenames distinct slugs', () => {
    const text = [
      entry('TITLE: typo\nBASENAME: typo\nSTATUS: Publish\nDATE: 13/45/2017 07:49:39', '<p>x</p>'),
      entry('TITLE: no date\nBASENAME: nodate\nSTATUS: Publish', '<p>x</p>'),
      entry('TITLE: a\nBASENAME: Same\nSTATUS: Publish\nDATE: 01/02/2020 03:04:05', '<p>a</p>'),
      entry('TITLE: b\nBASENAME: same\nSTATUS: Publish\nDATE: 01/03/2020 03:04:05', '<p>b</p>'),
      entry('TITLE: \nSTATUS: Publish\nDATE: 01/04/2020 12:00:00 AM', '<p>c</p>'),
    ].join('');
    const { posts, failures } = read(exportFile(text), { timeZone: 'Asia/Tokyo' });
    expect(failures).toEqual([
      { source: 'example.hatenablog.com.export.txt#1 (typo)', reason: 'DATE: "13/45/2017 07:49:39" is not a date: Hatena writes MM/DD/YYYY hh:mm:ss' },
      { source: 'example.hatenablog.com.export.txt#2 (nodate)', reason: 'no DATE: line' },
    ]);
    // Basenames that differ only in case would share a URL here.
    expect(posts.map((p) => p.slug)).toEqual(['Same-3', 'same-4', 'entry-5']);
    expect(posts[2]).toMatchObject({ title: 'entry 5', date: '2020-01-04T00:00:00+09:00', aliases: [], attention: ['no title: the BASENAME is used', 'no BASENAME: the old URL is unknown'] });
  });

  it('reads CRLF and a BOM, finds the export in a folder, and refuses other files', () => {
    const file = exportFile(`\uFEFF${(poem + cold).replace(/\n/gu, '\r\n')}`);
    const { posts } = read(join(file, '..'), { timeZone: 'Asia/Tokyo' });
    expect(posts.map((p) => p.title)).toEqual(['ポエム & 詩', '風邪で声を失った話']);
    expect(posts[0]!.body).not.toContain('\r');
    expect(() => read(exportFile('just some text\n', 'notes.txt'), { timeZone: 'Asia/Tokyo' })).toThrow(/not a Hatena Blog/u);
  });

  it('reads a text body (CONVERT BREAKS: 1) with breaks', () => {
    const { posts } = read(exportFile(entry('TITLE: t\nBASENAME: t\nSTATUS: Publish\nCONVERT BREAKS: 1\nDATE: 01/02/2020 03:04:05', '一行目\n二行目', 'EXTENDED BODY:\n続き\n-----\n')), { timeZone: 'Asia/Tokyo' });
    expect(posts[0]).toMatchObject({ breaks: true, body: '一行目\n二行目\n\n<!-- more -->\n\n続き\n' });
  });

  it('parses the Movable Type format and both date forms', () => {
    const [e] = parseMovableType(poem);
    expect(e!.fields.get('CATEGORY')).toEqual(['ポエム', '技術系']);
    expect([...e!.sections.keys()]).toEqual(['BODY', 'EXTENDED BODY', 'EXCERPT', 'COMMENT']);
    expect(mtDate('04/09/2017 07:49:39 PM')).toBe('2017-04-09 19:49:39');
    expect(mtDate('04/09/2017 12:05:00 AM')).toBe('2017-04-09 00:05:00');
    expect(mtDate('4/9/2017 19:49')).toBe('2017-04-09 19:49:00');
    expect(mtDate('2017-04-09 19:49:39')).toBeUndefined();
  });

  it('converts headings only at the top level, and keeps <!-- more --> in the body', () => {
    const attention = new Attention();
    const body = convertHatenaHtml('<h2>大</h2>\n<blockquote><h3>引用の中</h3></blockquote>\n<p>a</p><!-- more --><p>b</p>\n<h5>小 * 星</h5>', '', attention);
    expect(body).toBe('## 大\n\n<blockquote><h3>引用の中</h3></blockquote>\n<p>a</p>\n\n<!-- more -->\n\n<p>b</p>\n\n##### 小 \\* 星\n');
  });
});
