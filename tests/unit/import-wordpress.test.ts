/**
 * The WordPress reader (scripts/import/wordpress.ts) on a small WXR export written into a temporary
 * folder: posts only, every status, dates with the blog's offset, entities in titles, categories and
 * tags, old URLs and old slugs, block-editor and classic-editor content, shortcodes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownToHtml } from 'satteri';
import { afterEach, describe, expect, it } from 'vitest';
import { Attention } from '../../scripts/import/reader-kit.ts';
import type { SourcePost } from '../../scripts/import/source-post.ts';
import { convertContent, embedFor, read, wordpressDate } from '../../scripts/import/wordpress.ts';
import { removeSourceTrees, schemaErrors, sourceFile, sourceTree } from '../helpers/source-files.ts';

afterEach(removeSourceTrees);

interface Item {
  id: number;
  title: string;
  name?: string;
  type?: string;
  status?: string;
  gmt?: string;
  local?: string;
  link?: string;
  content?: string;
  excerpt?: string;
  password?: string;
  categories?: [domain: string, name: string][];
  meta?: [key: string, value: string][];
  attachment?: string;
}

function item(i: Item): string {
  return `
  <item>
    <title>${i.title}</title>
    <link>${i.link ?? `https://example.wordpress.com/?p=${i.id}`}</link>
    <guid isPermaLink="false">https://example.wordpress.com/?p=${i.id}</guid>
    <content:encoded><![CDATA[${i.content ?? ''}]]></content:encoded>
    <excerpt:encoded><![CDATA[${i.excerpt ?? ''}]]></excerpt:encoded>
    <wp:post_id>${i.id}</wp:post_id>
    <wp:post_date><![CDATA[${i.local ?? '2020-01-02 09:00:00'}]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[${i.gmt ?? '2020-01-02 00:00:00'}]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[${i.name ?? ''}]]></wp:post_name>
    <wp:status><![CDATA[${i.status ?? 'publish'}]]></wp:status>
    <wp:post_type><![CDATA[${i.type ?? 'post'}]]></wp:post_type>
    <wp:post_password><![CDATA[${i.password ?? ''}]]></wp:post_password>
    ${i.attachment ? `<wp:attachment_url><![CDATA[${i.attachment}]]></wp:attachment_url>` : ''}
    ${(i.categories ?? []).map(([domain, name]) => `<category domain="${domain}" nicename="x"><![CDATA[${name}]]></category>`).join('\n    ')}
    ${(i.meta ?? []).map(([k, v]) => `<wp:postmeta><wp:meta_key><![CDATA[${k}]]></wp:meta_key><wp:meta_value><![CDATA[${v}]]></wp:meta_value></wp:postmeta>`).join('\n    ')}
  </item>`;
}

function wxr(items: Item[]): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress.com" created="2020-04-27 12:11"-->
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>テスト</title>
  <link>https://example.wordpress.com</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>http://wordpress.com/</wp:base_site_url>
  <wp:base_blog_url>https://example.wordpress.com</wp:base_blog_url>
${items.map(item).join('\n')}
</channel>
</rss>
`;
}

function exportFile(items: Item[], name = 'export.xml'): string {
  return sourceFile('wxr-', name, wxr(items));
}

const zone = { timeZone: 'Asia/Tokyo' };
const byId = (posts: SourcePost[], id: number) => {
  const post = posts.find((p) => p.source === `export.xml#${id}`);
  if (!post) throw new Error(`no post ${id} in ${posts.map((p) => p.source).join(', ')}`);
  return post;
};


const gutenberg = `<!-- wp:paragraph -->
<p>はじめに *強調ではない*</p>
<!-- /wp:paragraph -->

<!-- wp:heading {"level":3} -->
<h3>見出し &amp; <code>code</code></h3>
<!-- /wp:heading -->

<!-- wp:core-embed/twitter {"url":"https://twitter.com/jack/status/20","type":"rich","providerNameSlug":""} -->
<figure class="wp-block-embed-twitter wp-block-embed is-type-rich"><div class="wp-block-embed__wrapper">
https://twitter.com/jack/status/20
</div><figcaption>最初のツイート</figcaption></figure>
<!-- /wp:core-embed/twitter -->

<!-- wp:more -->
<!--more-->
<!-- /wp:more -->

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video","providerNameSlug":"youtube"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div></figure>
<!-- /wp:embed -->

<!-- wp:code -->
<pre class="wp-block-code"><code class="language-js">const a = 1;

if (a &lt; 2) {}</code></pre>
<!-- /wp:code -->

<!-- wp:preformatted -->
<pre class="wp-block-preformatted">一行目

    三行目</pre>
<!-- /wp:preformatted -->

<!-- wp:list -->
<ul>
    <li>項目</li>
</ul>
<!-- /wp:list -->`;

describe('WordPress posts', () => {
  it('reads an excerpt\'s HTML as a browser does: a `>` inside an attribute, Japanese lines joined', () => {
    const file = exportFile([
      {
        id: 7,
        title: '要約',
        name: 'excerpt',
        local: '2019-04-10 11:33:35',
        gmt: '2019-04-10 02:33:35',
        link: 'https://example.wordpress.com/2019/04/10/excerpt/',
        content: '<p>本文</p>',
        excerpt: '<p><a title="a > b" href="https://example.com/">リンク</a>の\n要約 &amp; まとめ</p>',
      },
    ]);
    expect(byId(read(file, zone).posts, 7).description).toBe('リンクの要約 & まとめ');
  });

  it('reads posts only, with titles, dates, tags, aliases and descriptions', () => {
    const file = exportFile([
      {
        id: 49,
        title: 'Tom &amp;#038; Jerry &amp;amp; 「仲間」',
        name: '%e4%bb%b2%e9%96%93',
        local: '2019-04-10 11:33:35',
        gmt: '2019-04-10 02:33:35',
        link: 'https://example.wordpress.com/2019/04/10/%e4%bb%b2%e9%96%93/',
        content: gutenberg,
        excerpt: '<p>要約 &amp; まとめ</p>',
        categories: [['category', '周辺環境'], ['post_tag', 'Tips &amp; Tricks'], ['post_tag', '周辺環境'], ['post_format', 'post-format-aside']],
        meta: [['_wp_old_slug', 'old-name'], ['_thumbnail_id', '10']],
      },
      { id: 10, title: 'a.png', type: 'attachment', status: 'inherit', attachment: 'https://example.files.wordpress.com/a.png' },
      { id: 2, title: 'About', type: 'page' },
    ]);
    const { kind, posts, failures } = read(file, zone);
    expect(kind).toBe('wordpress');
    expect(failures).toEqual([]);
    expect(posts).toHaveLength(1);
    const post = byId(posts, 49);
    expect(post).toMatchObject({
      slug: '仲間',
      // XML's escape and WordPress's own both decoded.
      title: 'Tom & Jerry & 「仲間」',
      // The GMT date, written with the blog's own offset at the time.
      date: '2019-04-10T11:33:35+09:00',
      published: true,
      tags: ['周辺環境', 'Tips & Tricks'],
      aliases: ['/2019/04/10/仲間/', '/2019/04/10/old-name/'],
      description: '要約 & まとめ',
      images: [],
      attention: [],
    });
    expect(post.breaks).toBeUndefined();
    expect(schemaErrors(post)).toEqual([]);
  });

  it('keeps every status but publish, and password-protected posts, drafts', () => {
    const statuses = ['publish', 'draft', 'pending', 'private', 'future', 'trash', 'auto-draft'];
    const file = exportFile([
      ...statuses.map((status, i) => ({ id: i + 1, title: status, name: status, status })),
      { id: 99, title: 'locked', name: 'locked', password: 'secret' },
    ]);
    const { posts } = read(file, zone);
    expect(Object.fromEntries(posts.map((p) => [p.title, p.published]))).toEqual({
      publish: true,
      draft: false,
      pending: false,
      private: false,
      future: false,
      trash: false,
      'auto-draft': false,
      locked: false,
    });
    expect(byId(posts, 6).attention).toEqual(['in the trash on WordPress: imported as a draft']);
    expect(byId(posts, 99).attention).toEqual(['password-protected on WordPress: imported as a draft']);
    // A draft's `?p=` link is not a path: no alias.
    expect(byId(posts, 2).aliases).toEqual([]);
  });

  it('reads a draft date in the zone given, names posts without a date, gives duplicate names distinct slugs', () => {
    const file = exportFile([
      { id: 1, title: '下書き', status: 'draft', local: '2020-05-06 07:08:09', gmt: '0000-00-00 00:00:00' },
      { id: 2, title: '日付なし', status: 'draft', local: '0000-00-00 00:00:00', gmt: '0000-00-00 00:00:00' },
      { id: 3, title: '壊れた日付', local: '2020-13-45 00:00:00', gmt: '2020-13-45 00:00:00' },
      { id: 4, title: 'a', name: 'same', link: 'https://example.wordpress.com/2020/01/02/same/' },
      { id: 5, title: 'b', name: 'same', link: 'https://example.wordpress.com/2021/01/02/same/' },
    ]);
    const { posts, failures } = read(file, zone);
    expect(byId(posts, 1)).toMatchObject({ slug: 'post-1', date: '2020-05-06T07:08:09+09:00', published: false });
    expect(failures).toEqual([
      { source: 'export.xml#2', reason: 'date: the post has no date (wp:post_date is empty)' },
      { source: 'export.xml#3', reason: 'date: wp:post_date_gmt "2020-13-45 00:00:00" is not a date' },
    ]);
    expect([byId(posts, 4).slug, byId(posts, 5).slug]).toEqual(['same-4', 'same-5']);
  });

  it('finds the export in a folder, and refuses a file that is not an export', () => {
    const file = exportFile([{ id: 1, title: 'a', name: 'a' }]);
    expect(read(join(file, '..'), zone).posts).toHaveLength(1);
    const dir = sourceTree('not-wxr-', {});
    writeFileSync(join(dir, 'feed.xml'), '<rss><channel><title>x</title></channel></rss>');
    expect(() => read(join(dir, 'feed.xml'), zone)).toThrow(/not a WordPress export/u);
  });
});

describe('WordPress content', () => {
  it('drops block comments and turns embed, code, more and heading blocks into this blog syntax', () => {
    const attention = new Attention();
    const { body, classic } = convertContent(gutenberg, attention);
    expect(classic).toBe(false);
    expect(attention.list()).toEqual([]);
    expect(body).toBe(
      [
        '<p>はじめに *強調ではない*</p>',
        '',
        '### 見出し &amp; <code>code</code>',
        '',
        '@[tweet](https://twitter.com/jack/status/20)',
        '',
        '<p>最初のツイート</p>',
        '',
        '<!-- more -->',
        '',
        '@[youtube](dQw4w9WgXcQ)',
        '',
        '```js',
        'const a = 1;',
        '',
        'if (a < 2) {}',
        '```',
        '',
        // Raw HTML that does not start with a block tag is wrapped, so that all of it stays HTML.
        '<div>',
        '<pre class="wp-block-preformatted">一行目',
        '&#10;    三行目</pre>',
        '<ul>',
        '    <li>項目</li>',
        '</ul>',
        '</div>',
        '',
      ].join('\n'),
    );
    // Read as Markdown, the HTML is the HTML WordPress served.
    const html = markdownToHtml(body).html;
    expect(html).toContain('<p>はじめに *強調ではない*</p>');
    expect(html).toContain('<h3>見出し &amp; <code>code</code></h3>');
    expect(html).toContain('<pre class="wp-block-preformatted">一行目\n&#10;    三行目</pre>');
    expect(html).toContain('<ul>\n    <li>項目</li>\n</ul>');
  });

  it('reads classic-editor content with breaks, converting shortcodes and WordPress.com math', () => {
    const attention = new Attention();
    const attachments = new Map([
      ['10', 'https://example.files.wordpress.com/a.jpg'],
      ['11', 'https://example.files.wordpress.com/b.jpg'],
    ]);
    const content = [
      '一行目',
      '二行目[1]<!--more-->',
      '',
      '    字下げ',
      '[caption id="attachment_10" align="alignnone" width="300"]<a href="https://example.files.wordpress.com/a.jpg"><img class="size-medium" src="https://example.files.wordpress.com/a.jpg?w=300" alt="猫 [黒]" width="300" height="200" /></a> 黒い猫[/caption]',
      '[embed]https://twitter.com/jack/status/20[/embed]',
      '[youtube=https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;w=640]',
      '[gallery ids="10,11"]',
      '[code lang="js"]if (a &lt; b) {}',
      '',
      'next();[/code]',
      '式 $latex e^{i\\pi} + 1 = 0$ です',
      '[audio src="a.mp3"]',
      '[gallery ids="12"]',
      '<pre>そのまま',
      '',
      '  字下げ</pre>',
    ].join('\n');
    const { body, classic } = convertContent(content, attention, attachments);
    expect(classic).toBe(true);
    expect(body).toBe(
      [
        '一行目',
        '二行目[1]',
        '',
        '<!-- more -->',
        '',
        '字下げ',
        '',
        '![猫 \\[黒\\]](https://example.files.wordpress.com/a.jpg?w=300 =300x)',
        '*黒い猫*',
        '',
        '@[tweet](https://twitter.com/jack/status/20)',
        '',
        '@[youtube](dQw4w9WgXcQ)',
        '',
        '![](https://example.files.wordpress.com/a.jpg)',
        '',
        '![](https://example.files.wordpress.com/b.jpg)',
        '',
        '```js',
        'if (a < b) {}',
        '',
        'next();',
        '```',
        '',
        '式 $e^{i\\pi} + 1 = 0$ です',
        '[audio src="a.mp3"]',
        '[gallery ids="12"]',
        '<pre>そのまま',
        '&#10;  字下げ</pre>',
        '',
      ].join('\n'),
    );
    expect(attention.list()).toEqual(['[audio] shortcode left as text', '[gallery] shortcode whose images are not in the export left as text']);
  });

  it('sets breaks on classic posts and lists images that cannot be found', () => {
    const file = exportFile([{ id: 1, title: 'classic', name: 'classic', content: '本文\n<img src="/wp-content/uploads/a.png">' }]);
    const post = read(file, zone).posts[0]!;
    expect(post).toMatchObject({ breaks: true, images: [{ ref: '/wp-content/uploads/a.png' }] });
  });

  it('writes dates with the offset WordPress had, and embeds for URLs', () => {
    expect(wordpressDate('2020-07-01 03:00:00', '2020-06-30 23:00:00', 'Asia/Tokyo')).toBe('2020-06-30T23:00:00-04:00');
    expect(wordpressDate('2020-07-01 03:00:00', '', 'Asia/Tokyo')).toBe('2020-07-01T12:00:00+09:00');
    expect(embedFor('https://youtu.be/dQw4w9WgXcQ')).toBe('@[youtube](dQw4w9WgXcQ)');
    expect(embedFor('https://x.com/jack/status/20')).toBe('@[tweet](https://x.com/jack/status/20)');
    expect(embedFor('https://speakerdeck.com/u/deck')).toBe('https://speakerdeck.com/u/deck');
  });

  it('keeps a captioned image link that goes elsewhere than the image', () => {
    const { body } = convertContent('[caption width="100"]<a href="https://example.com/page"><img src="https://x.example/a.jpg" alt="a"></a> 説明[/caption]', new Attention());
    expect(body).toBe('[![a](https://x.example/a.jpg =100x)](https://example.com/page)\n*説明*\n');
  });
});
