/**
 * The Hexo reader (scripts/import/hexo.ts) on small sites written into temporary folders: `_config.yml`'s
 * permalink, timezone and root, drafts in every spelling, CRLF and BOM, post asset folders, tag plugins,
 * and dates that cannot be read.
 */
import { join } from 'node:path';
import { markdownToHtml } from 'satteri';
import { afterEach, describe, expect, it } from 'vitest';
import { convertHexoTags, hexoSlugize, parseNewPostName, read } from '../../scripts/import/hexo.ts';
import { Attention } from '../../scripts/import/reader-kit.ts';
import { bySource, removeSourceTrees, schemaErrors, sourceTree } from '../helpers/source-files.ts';

afterEach(removeSourceTrees);

const site = (files: Record<string, string>) => sourceTree('hexo-', files);

const zone = { timeZone: 'Asia/Tokyo' };


describe('Hexo posts', () => {
  it("reads posts with _config.yml's timezone, permalink and root", () => {
    const root = site({
      '_config.yml': 'title: t\nurl: https://example.com/blog\nroot: /blog/\npermalink: :year/:month/:title/\ntimezone: America/New_York\n',
      'source/_posts/hello.md': '---\ntitle: こんにちは &amp; Hexo\ndate: 2020-05-09 20:00:00\nupdated: 2020-05-10 08:00\ntags:\n- Hexo\n- hexo\ncategories:\n- [日記, 旅行]\n- 技術\ndescription: 概要\n---\n本文\n<!-- more -->\n続き\n',
      'source/_posts/2019/nested.md': '---\ntitle: 入れ子\ndate: 2019-12-31\n---\n',
    });
    const { kind, posts, failures } = read(root, zone);
    expect(kind).toBe('hexo');
    expect(failures).toEqual([]);
    expect(bySource(posts, 'source/_posts/hello.md')).toEqual({
      source: 'source/_posts/hello.md',
      slug: 'hello',
      ext: '.md',
      // Hexo's themes write the title as HTML: its entities are the characters the reader saw.
      title: 'こんにちは & Hexo',
      date: '2020-05-09T20:00:00-04:00',
      updated: '2020-05-10T08:00:00-04:00',
      published: true,
      // Tags, then categories (the hierarchy flattened), each once.
      tags: ['Hexo', '日記', '旅行', '技術'],
      description: '概要',
      aliases: ['/blog/2020/05/hello/'],
      body: '本文\n<!-- more -->\n続き\n',
      images: [],
      attention: [],
    });
    expect(bySource(posts, 'source/_posts/2019/nested.md')).toMatchObject({ slug: '2019/nested', date: '2019-12-31', aliases: ['/blog/2019/12/2019/nested/'] });
    for (const post of posts) expect(schemaErrors(post)).toEqual([]);
  });

  it("uses Hexo's defaults without _config.yml: :year/:month/:day/:title/ in the zone passed in", () => {
    const root = site({
      'source/_posts/crlf.md': '\uFEFF---\r\ntitle: CRLF\r\ndate: 2020-03-28 13:00\r\ntags:\r\ncategory:\r\n - 雑記\r\n---\r\n一行目  \r\n二行目',
      'source/about/index.md': '---\ntitle: a page, not a post\n---\n',
    });
    const { posts } = read(root, zone);
    expect(posts).toHaveLength(1);
    // `category` (singular) is read as Hexo reads it; an empty `tags:` is no tags.
    expect(posts[0]).toMatchObject({ slug: 'crlf', date: '2020-03-28T13:00:00+09:00', tags: ['雑記'], aliases: ['/2020/03/28/crlf/'], body: '一行目  \n二行目' });
  });

  it('keeps drafts drafts in every spelling', () => {
    const root = site({
      'source/_posts/published-false.md': '---\ntitle: a\ndate: 2020-01-01\npublished: false\n---\n',
      'source/_posts/draft-true.md': '---\ntitle: b\ndate: 2020-01-01\ndraft: true\n---\n',
      'source/_posts/locked.md': '---\ntitle: c\ndate: 2020-01-01\npassword: secret\n---\n',
      'source/_posts/odd.md': '---\ntitle: d\ndate: 2020-01-01\npublished: someday\n---\n',
      'source/_posts/live.md': '---\ntitle: e\ndate: 2020-01-01\npublished: true\n---\n',
      'source/_drafts/unfinished.md': '---\ntitle: f\ndate: 2020-01-01\n---\n',
      'source/_posts/_hidden.md': '---\ntitle: skipped by Hexo\n---\n',
    });
    const { posts } = read(root, zone);
    expect(Object.fromEntries(posts.map((p) => [p.source, p.published]))).toEqual({
      'source/_posts/draft-true.md': false,
      'source/_posts/live.md': true,
      'source/_posts/locked.md': false,
      'source/_posts/odd.md': false,
      'source/_posts/published-false.md': false,
      'source/_drafts/unfinished.md': false,
    });
    expect(bySource(posts, 'source/_posts/locked.md').attention).toEqual(['password-protected on the old site: imported as a draft']);
    expect(bySource(posts, 'source/_posts/odd.md').attention).toEqual(['published: "someday" is not true or false: kept as a draft']);
  });

  it('names the file and the value of a typo in a date, and takes dates from new_post_name', () => {
    const root = site({
      '_config.yml': 'new_post_name: :year-:month-:day-:title.md\n',
      'source/_posts/2020-11-30-typo.md': '---\ntitle: a\ndate: 2020-12/01 04:23:00\n---\n',
      'source/_posts/2021-02-03-undated.md': '---\ntitle: b\n---\n',
      'source/_posts/undated.md': '---\ntitle: c\n---\n',
      'source/_posts/bad-updated.md': '---\ntitle: d\ndate: 2020-01-01\nupdated: soon\n---\n',
      'source/_posts/broken.md': '---\ntitle: [unclosed\n---\n',
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual(
      expect.arrayContaining([
        { source: 'source/_posts/2020-11-30-typo.md', reason: 'date: "2020-12/01 04:23:00" is not a date: write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss' },
        { source: 'source/_posts/undated.md', reason: 'no date: set date in the frontmatter (or commit the file to git)' },
        { source: 'source/_posts/bad-updated.md', reason: 'updated: "soon" is not a date: write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss' },
      ]),
    );
    expect(failures.find((f) => f.source === 'source/_posts/broken.md')?.reason).toMatch(/^broken YAML frontmatter/u);
    // The date from the file name; the slug without it.
    expect(posts).toEqual([expect.objectContaining({ slug: 'undated', date: '2021-02-03', aliases: ['/2021/02/03/undated/'] })]);
  });

  it('fills every permalink part Hexo knows, and honours a post permalink', () => {
    const root = site({
      '_config.yml': 'permalink: :category/:post_title-:id-:hash.html\ncategory_map:\n  日記: diary\npretty_urls:\n  trailing_html: false\n',
      'source/_posts/a.md': '---\ntitle: Hello World\ndate: 2020-01-02 03:04:05\nid: 42\ncategories: [日記]\n---\n',
      'source/_posts/b.md': '---\ntitle: B\ndate: 2020-01-02\n---\n',
      'source/_posts/own.md': '---\ntitle: own\ndate: 2020-01-02\npermalink: archives/own.html\n---\n',
    });
    const { posts } = read(root, zone);
    expect(bySource(posts, 'source/_posts/a.md').aliases).toEqual([expect.stringMatching(/^\/diary\/hello-world-42-[0-9a-f]{12}$/u)]);
    // No `id`: the pattern cannot be filled, and the post says so.
    expect(bySource(posts, 'source/_posts/b.md')).toMatchObject({ aliases: [], attention: ['the permalink pattern :category/:post_title-:id-:hash.html has a part this post does not set: no old URL'] });
    expect(bySource(posts, 'source/_posts/own.md').aliases).toEqual(['/archives/own']);
  });

  it('finds images in the post asset folder and source/, hero images, and lists missing ones', () => {
    const root = site({
      '_config.yml': 'post_asset_folder: true\nroot: /blog/\n',
      'source/_posts/trip.md': '---\ntitle: 旅\ndate: 2020-01-01\nthumbnail: ../img/info.png\n---\n{% asset_img sea.png 海の写真 %}\n![](/img/logo.png)\n![](/blog/img/logo.png)\n![](gone.png)\n<img src="mountain.jpg">\n',
      'source/_posts/trip/sea.png': 'png',
      'source/_posts/trip/mountain.jpg': 'jpg',
      'source/img/info.png': 'png',
      'source/img/logo.png': 'png',
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual([]);
    const trip = posts[0]!;
    const file = (p: string) => join(root, p);
    expect(trip.body).toBe('![海の写真](sea.png "海の写真")\n\n![](/img/logo.png)\n![](/blog/img/logo.png)\n![](gone.png)\n<img src="mountain.jpg">\n');
    expect(trip.images).toEqual([
      { ref: 'sea.png', file: file('source/_posts/trip/sea.png') },
      { ref: '/img/logo.png', file: file('source/img/logo.png') },
      { ref: '/blog/img/logo.png', file: file('source/img/logo.png') },
      { ref: 'gone.png' },
      { ref: 'mountain.jpg', file: file('source/_posts/trip/mountain.jpg') },
      { ref: '../img/info.png', file: file('source/img/info.png') },
    ]);
    expect(trip.heroImage).toEqual({ ref: '../img/info.png', file: file('source/img/info.png') });
    // A missing image is in `images` without a file: the importer reports it.
  });

  it('reads only _posts/ when given it, gives duplicate slugs distinct ones, and refuses other folders', () => {
    const root = site({
      'source/_posts/same.md': '---\ntitle: a\ndate: 2020-01-01\n---\n',
      'source/_posts/Same.markdown': '---\ntitle: b\ndate: 2020-01-02\n---\n',
      'source/_drafts/same.md': '---\ntitle: c\ndate: 2020-01-03\n---\n',
    });
    const all = read(root, zone).posts.map((p) => [p.source, p.slug]);
    expect(all).toEqual([
      ['source/_posts/Same.markdown', 'Same'],
      ['source/_posts/same.md', 'same-2'],
      ['source/_drafts/same.md', 'drafts/same'],
    ]);
    expect(read(join(root, 'source', '_posts'), zone).posts.map((p) => p.source)).toEqual(['Same.markdown', 'same.md']);
    const empty = sourceTree('not-hexo-', {});
    expect(() => read(empty, zone)).toThrow(/no Hexo site here/u);
  });
});

describe('Hexo tag plugins', () => {
  const convert = (body: string, posts: Record<string, { slug: string; title: string }> = {}) => {
    const attention = new Attention();
    return { body: convertHexoTags(body, attention, (s) => posts[s]), attention: attention.list() };
  };

  it('turns embeds, code blocks, quotes, images and links into this blog syntax', () => {
    const { body, attention } = convert(
      [
        '{% twitter https://twitter.com/nekozuki_2525/status/1180132599538151424 %}',
        '{% tweet 1180132599538151424 %}',
        '{% youtube dQw4w9WgXcQ %}',
        '{% codeblock app.js lang:javascript mark:2 https://example.com/app.js 出典 %}',
        'const a = 1;',
        'const b = `${a}`;',
        '{% endcodeblock %}',
        '{% code %}',
        'plain',
        '{% endcode %}',
        '{% blockquote 夏目漱石, 草枕 %}',
        '智に働けば角が立つ。',
        '',
        '情に棹させば流される。',
        '{% endblockquote %}',
        '{% img left /images/a.png 200 100 \'"タイトル" "代替"\' %}',
        '見て {% link 公式サイト https://hexo.io true 説明 %} と {% post_link other %} と [前回]({% post_path other %})',
        '{% raw %}{{ 生のまま }} {% youtube x %}{% endraw %}',
        '{% note warning %}',
        '気をつけて',
        '{% endnote %}',
        '{% jsfiddle abc123 %}',
        '{% gist octocat/6cad326836d38bd3a7ae %}',
        '{% iframe https://example.com/frame 640 360 %}',
      ].join('\n'),
      { other: { slug: '2019/other', title: '別の記事' } },
    );
    expect(attention).toEqual([]);
    expect(body).toBe(
      [
        '@[tweet](https://twitter.com/nekozuki_2525/status/1180132599538151424)',
        '',
        '@[tweet](https://x.com/i/status/1180132599538151424)',
        '',
        '@[youtube](dQw4w9WgXcQ)',
        '',
        '```javascript title="app.js" {2}',
        'const a = 1;',
        'const b = `${a}`;',
        '```',
        '',
        '[出典](https://example.com/app.js)',
        '',
        '```text',
        'plain',
        '```',
        '',
        '> 智に働けば角が立つ。',
        '>',
        '> 情に棹させば流される。',
        '>',
        '> — 夏目漱石, 草枕',
        '',
        '![代替](/images/a.png "タイトル" =200x)',
        '',
        '見て [公式サイト](https://hexo.io "説明") と [別の記事](/posts/2019/other/) と [前回](/posts/2019/other/)',
        '{{ 生のまま }} {% youtube x %}',
        '',
        ':::message alert',
        '気をつけて',
        ':::',
        '',
        '@[jsfiddle](https://jsfiddle.net/abc123/)',
        '',
        '@[gist](https://gist.github.com/octocat/6cad326836d38bd3a7ae)',
        '',
        '<iframe src="https://example.com/frame" width="640" height="360" frameborder="0" loading="lazy" allowfullscreen></iframe>',
        '',
        '',
      ].join('\n'),
    );
  });

  it('converts tags nested in a quote inside the quote', () => {
    const { body } = convert('{% blockquote %}\n見て\n{% twitter https://x.com/a/status/1 %}\nね\n{% endblockquote %}\n');
    expect(body).toBe('> 見て\n>\n> @[tweet](https://x.com/a/status/1)\n>\n> ね\n\n');
  });

  it('leaves other tags as written and lists them, and never touches code', () => {
    const { body, attention } = convert('{% vimeo 123 %}\n{% include_code lang:js a.js %}\n{% youtube PLx playlist %}\n{% post_link nowhere %}\n\n```liquid\n{% youtube inside %}\n```\n\n`{% twitter inline %}`\n{% endblockquote %}\n');
    expect(body).toBe('{% vimeo 123 %}\n{% include_code lang:js a.js %}\n{% youtube PLx playlist %}\n{% post_link nowhere %}\n\n```liquid\n{% youtube inside %}\n```\n\n`{% twitter inline %}`\n{% endblockquote %}\n');
    expect(attention).toEqual([
      '{% vimeo %} tag left as text',
      '{% include_code %} tag left as text',
      '{% youtube %} tag for a playlist left as text',
      '{% post_link %} tag to "nowhere", a post not imported, left as text',
      '{% endblockquote %} tag left as text',
    ]);
  });

  it('gives Markdown that renders as the engine expects', () => {
    const { body } = convert('前\n{% codeblock lang:js %}\nconst a = 1;\n{% endcodeblock %}\n後\n\n{% blockquote %}\n引用\n{% endblockquote %}\n');
    const html = markdownToHtml(body).html;
    expect(html).toContain('<p>前</p>');
    expect(html).toContain('<code class="language-js">const a = 1;\n</code>');
    expect(html).toContain('<blockquote>\n<p>引用</p>\n</blockquote>');
  });

  it('reads new_post_name and slugizes as hexo-util does', () => {
    expect(parseNewPostName(':year-:month-:day-:title.md', '2020-01-02-hello')).toEqual({ title: 'hello', date: '2020-01-02' });
    expect(parseNewPostName(':title.md', 'dir/hello')).toEqual({ title: 'dir/hello' });
    expect(parseNewPostName(':year/:title.md', 'notes/hello')).toEqual({ title: 'notes-hello' });
    expect(hexoSlugize('Héllo, World! 日本語', 1)).toBe('hello-world-日本語');
  });
});
