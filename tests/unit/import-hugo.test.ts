/**
 * The Hugo reader (scripts/import/hugo.ts) on small sites written into temporary folders: TOML, YAML and
 * JSON frontmatter, CRLF and BOM, page bundles, drafts in every spelling, nested sections, duplicate
 * slugs, permalinks and baseURL paths, Hugo's own shortcodes, and dates that cannot be read.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { markdownToHtml } from 'satteri';
import { afterEach, describe, expect, it } from 'vitest';
import { convertShortcodes, expandPermalink, hugoPath, read } from '../../scripts/import/hugo.ts';
import { Attention, readDate, tagList, uniqueSlugs } from '../../scripts/import/reader-kit.ts';
import { bySource, removeSourceTrees, schemaErrors, sourceTree } from '../helpers/source-files.ts';

afterEach(removeSourceTrees);

const site = (files: Record<string, string>) => sourceTree('hugo-', files);

const zone = { timeZone: 'Asia/Tokyo' };


describe('Hugo frontmatter', () => {
  it('reads TOML, YAML (CRLF, BOM) and JSON frontmatter into this blog keys', () => {
    const root = site({
      'hugo.toml': 'baseURL = "https://example.com/"\ntitle = "t"\n',
      'content/posts/toml.md': '+++\ntitle = "TOMLの記事"\ndate = 2020-01-02T10:00:00+09:00\nlastmod = 2020-02-01\nTags = ["Go", "hugo", "Hugo"]\nCategories = ["技術"]\ndescription = "概要"\n+++\n\n本文\n',
      'content/posts/yaml.md': '\uFEFF---\r\ntitle: "YAML &amp; CRLF"\r\ndate: 2021-03-04 09:30\r\ntags: [日記]\r\n---\r\n一行目\r\n二行目\r\n',
      'content/posts/json.md': '{\n  "title": "JSON",\n  "date": "2022-05-06",\n  "categories": "メモ"\n}\n\nJSON の本文\n',
    });
    const { kind, posts, failures } = read(root, zone);
    expect(kind).toBe('hugo');
    expect(failures).toEqual([]);
    expect(bySource(posts, 'content/posts/toml.md')).toMatchObject({
      slug: 'toml',
      title: 'TOMLの記事',
      date: '2020-01-02T10:00:00+09:00',
      updated: '2020-02-01',
      published: true,
      // `Tags` and `Categories` in any case; the same tag twice (hugo/Hugo) once.
      tags: ['Go', 'hugo', '技術'],
      description: '概要',
      aliases: ['/posts/toml/'],
      body: '\n本文\n',
    });
    const yaml = bySource(posts, 'content/posts/yaml.md');
    // Hugo themes write the title as HTML (safeHTML, markdownify): its entities are characters.
    expect(yaml).toMatchObject({ title: 'YAML & CRLF', date: '2021-03-04T09:30:00+09:00', tags: ['日記'] });
    expect(yaml.body).toBe('一行目\n二行目\n');
    expect(bySource(posts, 'content/posts/json.md')).toMatchObject({ date: '2022-05-06', tags: ['メモ'], body: '\nJSON の本文\n' });
    for (const post of posts) expect(schemaErrors(post)).toEqual([]);
  });

  it('keeps drafts drafts in every spelling', () => {
    const root = site({
      'config.toml': '',
      'content/posts/toml.md': '+++\ntitle = "a"\ndate = 2020-01-01\ndraft = true\n+++\n',
      'content/posts/yaml.md': '---\ntitle: b\ndate: 2020-01-01\ndraft: true\n---\n',
      'content/posts/quoted.md': '---\ntitle: c\ndate: 2020-01-01\ndraft: "true"\n---\n',
      'content/posts/yes.md': '---\ntitle: d\ndate: 2020-01-01\nDraft: yes\n---\n',
      'content/posts/json.md': '{ "title": "e", "date": "2020-01-01", "draft": true }\n',
      'content/posts/published-false.md': '---\ntitle: f\ndate: 2020-01-01\npublished: false\n---\n',
      'content/posts/expired.md': '---\ntitle: g\ndate: 2020-01-01\nexpiryDate: 2020-06-01\n---\n',
      'content/posts/odd.md': '---\ntitle: h\ndate: 2020-01-01\ndraft: maybe\n---\n',
      'content/posts/live.md': '---\ntitle: i\ndate: 2020-01-01\ndraft: false\n---\n',
    });
    const { posts } = read(root, zone);
    const published = Object.fromEntries(posts.map((p) => [p.source.replace('content/posts/', ''), p.published]));
    expect(published).toEqual({
      'expired.md': false,
      'json.md': false,
      'live.md': true,
      'odd.md': false,
      'published-false.md': false,
      'quoted.md': false,
      'toml.md': false,
      'yaml.md': false,
      'yes.md': false,
    });
    expect(bySource(posts, 'content/posts/odd.md').attention).toEqual(['draft: "maybe" is not true or false: kept as a draft']);
    expect(bySource(posts, 'content/posts/expired.md').attention[0]).toMatch(/^expired on 2020-06-01/u);
  });

  it('names the file and the value of a date it cannot read, and of a post with no date at all', () => {
    const root = site({
      'hugo.yaml': 'title: t\n',
      'content/posts/typo.md': '---\ntitle: a\ndate: 2020-12/01\n---\n',
      'content/posts/impossible.md': '+++\ntitle = "b"\ndate = "2022-13-45"\n+++\n',
      'content/posts/none.md': '---\ntitle: c\n---\n',
      'content/posts/2019-07-08-named.md': '---\ntitle: d\n---\n',
      'content/posts/broken.md': '+++\ntitle = "unterminated\n+++\n',
      'content/posts/fine.md': '---\ntitle: e\ndate: 2020-01-01\n---\n',
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual(
      expect.arrayContaining([
        { source: 'content/posts/typo.md', reason: 'date: "2020-12/01" is not a date: write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss' },
        { source: 'content/posts/impossible.md', reason: 'date: "2022-13-45" is not a date: write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss' },
        { source: 'content/posts/none.md', reason: 'no date: set date in the frontmatter (or commit the file to git)' },
      ]),
    );
    expect(failures.find((f) => f.source === 'content/posts/broken.md')?.reason).toMatch(/^broken TOML frontmatter: /u);
    expect(failures).toHaveLength(4);
    // The file name's date when the frontmatter has none.
    expect(bySource(posts, 'content/posts/2019-07-08-named.md').date).toBe('2019-07-08');
  });

  it("falls back on the file's first git commit when the site is a git repository", () => {
    const root = site({ 'hugo.toml': '', 'content/posts/undated.md': '---\ntitle: a\n---\n' });
    const env = { ...process.env, GIT_AUTHOR_DATE: '2018-05-06T07:08:09+09:00', GIT_COMMITTER_DATE: '2018-05-06T07:08:09+09:00' };
    const git = (...args: string[]) => execFileSync('git', ['-C', root, '-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { env, stdio: 'ignore' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual([]);
    expect(posts[0]).toMatchObject({ date: '2018-05-06T07:08:09+09:00' });
    expect(posts[0]!.attention).toEqual(["no date in the frontmatter: the file's first commit (2018-05-06T07:08:09+09:00) is used"]);
  });
});

describe('Hugo URLs and slugs', () => {
  it("gives each post the old URLs Hugo served: permalinks, baseURL path, slug, url and aliases", () => {
    const root = site({
      'hugo.toml': 'baseURL = "https://example.com/blog/"\n[permalinks]\n  posts = "/:year/:month/:slug/"\n  notes = "/:sections[1:]/:filename/"\n',
      'content/posts/a.md': '---\ntitle: Hello World, Again!\ndate: 2020-03-04T01:00:00+09:00\naliases: [/old/a/, "rel-a"]\n---\n',
      'content/posts/b.md': '---\ntitle: B\nslug: Bee Slug\ndate: 2020-03-04\n---\n',
      'content/notes/go/c.md': '---\ntitle: C\ndate: 2020-03-04\n---\n',
      'content/about.md': '---\ntitle: About\ndate: 2020-03-04\nurl: /About-Me.html\n---\n',
      'content/tech/Deep/Nested/Page.md': '---\ntitle: D\ndate: 2020-03-04\n---\n',
    });
    const { posts } = read(root, zone);
    expect(bySource(posts, 'content/posts/a.md')).toMatchObject({ slug: 'a', aliases: ['/blog/2020/03/hello-world-again/', '/blog/old/a/', '/blog/posts/rel-a'] });
    expect(bySource(posts, 'content/posts/b.md')).toMatchObject({ slug: 'Bee-Slug', aliases: ['/blog/2020/03/bee-slug/'] });
    expect(bySource(posts, 'content/notes/go/c.md')).toMatchObject({ slug: 'notes/go/c', aliases: ['/blog/go/c/'] });
    // `url` is used as written; a page outside any section is flagged.
    const about = bySource(posts, 'content/about.md');
    expect(about).toMatchObject({ slug: 'about', aliases: ['/blog/About-Me.html'] });
    expect(about.attention).toEqual(['a page at the top of content/, outside any section: check that it is a post']);
    // Hugo's default: the folders and the file name, lower-cased.
    expect(bySource(posts, 'content/tech/Deep/Nested/Page.md')).toMatchObject({ slug: 'tech/Deep/Nested/Page', aliases: ['/blog/tech/deep/nested/page/'] });
  });

  it('reads config/_default, uglyURLs and disablePathToLower', () => {
    const root = site({
      'config/_default/hugo.toml': 'uglyURLs = true\ndisablePathToLower = true\ntimeZone = "America/New_York"\n',
      'config/_default/permalinks.toml': 'post = "/:year/:title/"\n',
      'content/post/Mixed Case.md': '---\ntitle: Mixed Case\ndate: 2020-07-01T12:00:00\n---\n',
      'content/other/X.md': '---\ntitle: X\ndate: 2020-07-01\n---\n',
    });
    const { posts } = read(root, zone);
    // The config's timeZone reads dates without an offset.
    expect(bySource(posts, 'content/post/Mixed Case.md')).toMatchObject({ slug: 'Mixed-Case', date: '2020-07-01T12:00:00-04:00', aliases: ['/2020/Mixed-Case.html'] });
    expect(bySource(posts, 'content/other/X.md').aliases).toEqual(['/other/X.html']);
  });

  it('reads page bundles with their images, static images, and lists missing ones', () => {
    const root = site({
      'hugo.toml': 'baseURL = "https://example.com/sub/"\n',
      'content/posts/trip/index.md': '---\ntitle: 旅行\ndate: 2020-01-01\ncover:\n  image: cover.jpg\n---\n![海](sea.png)\n![山](./photos/mountain.jpg "山")\n![](/images/logo.png)\n![](/sub/images/logo.png)\n![](https://example.org/remote.png)\n![](nowhere.png)\n\n```md\n![](in-code.png)\n```\n',
      'content/posts/trip/sea.png': 'png',
      'content/posts/trip/cover.jpg': 'jpg',
      'content/posts/trip/photos/mountain.jpg': 'jpg',
      'content/posts/trip/notes.md': '---\ntitle: a resource, not a page\n---\n',
      'content/posts/_index.md': '---\ntitle: the list page\n---\n',
      'static/images/logo.png': 'png',
    });
    const { posts, failures } = read(root, zone);
    expect(failures).toEqual([]);
    expect(posts.map((p) => p.source)).toEqual(['content/posts/trip/index.md']);
    const trip = posts[0]!;
    expect(trip.slug).toBe('trip');
    expect(trip.aliases).toEqual(['/sub/posts/trip/']);
    const file = (...p: string[]) => join(root, ...p);
    expect(trip.images).toEqual([
      { ref: 'sea.png', file: file('content/posts/trip/sea.png') },
      { ref: './photos/mountain.jpg', file: file('content/posts/trip/photos/mountain.jpg') },
      { ref: '/images/logo.png', file: file('static/images/logo.png') },
      { ref: '/sub/images/logo.png', file: file('static/images/logo.png') },
      { ref: 'nowhere.png' },
      { ref: 'cover.jpg', file: file('content/posts/trip/cover.jpg') },
    ]);
    expect(trip.heroImage).toEqual({ ref: 'cover.jpg', file: file('content/posts/trip/cover.jpg') });
    expect(trip.attention).toEqual([]);
  });

  it('gives duplicate slugs distinct ones, keeping the short one where it is unique', () => {
    const root = site({
      'hugo.toml': '',
      'content/posts/2019/hello.md': '---\ntitle: a\ndate: 2019-01-01\nslug: same\n---\n',
      'content/posts/2020/hello.md': '---\ntitle: b\ndate: 2020-01-01\nslug: same\n---\n',
      'content/blog/x.md': '---\ntitle: c\ndate: 2020-01-01\n---\n',
      'content/posts/x.md': '---\ntitle: d\ndate: 2020-01-01\n---\n',
      'content/posts/unique.md': '---\ntitle: e\ndate: 2020-01-01\n---\n',
    });
    const { posts } = read(root, zone);
    const slugs = Object.fromEntries(posts.map((p) => [p.source, p.slug]));
    expect(slugs).toEqual({
      'content/blog/x.md': 'blog/x',
      'content/posts/2019/hello.md': '2019/same',
      'content/posts/2020/hello.md': '2020/same',
      'content/posts/x.md': 'posts/x',
      'content/posts/unique.md': 'unique',
    });
  });

  it('reads only a folder inside content/ when given one, and refuses a folder that is not a Hugo site', () => {
    const root = site({
      'hugo.toml': '',
      'content/posts/a.md': '---\ntitle: a\ndate: 2020-01-01\n---\n',
      'content/notes/b.md': '---\ntitle: b\ndate: 2020-01-01\n---\n',
      'content/notes/c.org': '#+TITLE: c\n',
    });
    const { posts, failures } = read(join(root, 'content', 'notes'), zone);
    expect(posts.map((p) => p.source)).toEqual(['b.md']);
    expect(failures).toEqual([{ source: 'c.org', reason: 'Hugo content written in .org, not Markdown: convert it to .md to import it' }]);
    const empty = sourceTree('not-hugo-', {});
    expect(() => read(empty, zone)).toThrow(/no Hugo site here/u);
  });
});

describe('Hugo shortcodes', () => {
  const convert = (body: string, refs: Record<string, string> = {}) => {
    const attention = new Attention();
    return { body: convertShortcodes(body, attention, (t) => refs[t]), attention: attention.list() };
  };

  it('turns figure, highlight, youtube, x, tweet and gist into this blog syntax', () => {
    const { body, attention } = convert(
      [
        '{{< figure src="/images/a b.png" alt="象" caption="キャプション *強調*" width="300px" >}}',
        '{{< highlight go "linenos=table,hl_lines=2 4-5,linenostart=10" >}}',
        'func main() {',
        '  fmt.Println("```")',
        '}',
        '{{< /highlight >}}',
        '動画 {{< youtube w7Ft2ymGmfc >}} と {{< youtube id="dQw4w9WgXcQ" autoplay="true" >}}',
        '{{< x user="SanDiegoZoo" id="1453110110599868418" >}}',
        '{{< tweet 1453110110599868418 >}}',
        '{{< gist spf13 7896402 "img.html" >}}',
        '{{% youtube w7Ft2ymGmfc %}}',
      ].join('\n'),
    );
    expect(attention).toEqual([]);
    expect(body).toBe(
      [
        '![象](</images/a b.png> =300x)',
        '*キャプション \\*強調\\**',
        '',
        '````go {2,4-5} showLineNumbers=10',
        'func main() {',
        '  fmt.Println("```")',
        '}',
        '````',
        '',
        '動画',
        '',
        '@[youtube](w7Ft2ymGmfc)',
        '',
        'と',
        '',
        '@[youtube](dQw4w9WgXcQ)',
        '',
        '@[tweet](https://x.com/SanDiegoZoo/status/1453110110599868418)',
        '',
        '@[tweet](https://x.com/i/status/1453110110599868418)',
        '',
        '@[gist](https://gist.github.com/spf13/7896402?file=img.html)',
        '',
        '@[youtube](w7Ft2ymGmfc)',
        '',
        '',
      ].join('\n'),
    );
  });

  it('turns details into a container longer than any inside it, and resolves ref and relref', () => {
    const { body, attention } = convert(
      '{{< details summary="詳しく" >}}\n:::message\n中身\n:::\n```sh\n{{< not-a-shortcode >}}\n```\n{{< /details >}}\n\n[前の記事]({{< ref "posts/a.md" >}}) と [節]({{< relref path="b#節" >}}) と [無い]({{< ref "missing" >}})',
      { 'posts/a.md': '/posts/a/', 'b#節': '/posts/b/#節' },
    );
    expect(body).toBe(
      '::::details 詳しく\n:::message\n中身\n:::\n```sh\n{{< not-a-shortcode >}}\n```\n::::\n\n[前の記事](/posts/a/) と [節](/posts/b/#節) と [無い]({{< ref "missing" >}})',
    );
    expect(attention).toEqual(['{{< ref >}} shortcode to "missing", a page not imported, left as text']);
  });

  it('leaves other shortcodes as written and lists them; escaped ones become the text Hugo showed', () => {
    const { body, attention } = convert(
      '{{< vimeo 146022717 >}}\n{{< vimeo 1 >}}\n{{< notice warning >}}\n注意\n{{< /notice >}}\n\n`{{< inline >}}` は {{</* youtube x */>}} と書く\n\n```md\n{{</* figure src="a.png" */>}}\n```\n',
    );
    expect(body).toBe('{{< vimeo 146022717 >}}\n{{< vimeo 1 >}}\n{{< notice warning >}}\n注意\n{{< /notice >}}\n\n`{{< inline >}}` は {{< youtube x >}} と書く\n\n```md\n{{< figure src="a.png" >}}\n```\n');
    expect(attention).toEqual(['{{< vimeo >}} shortcode left as text (2×)', '{{< notice >}} shortcode left as text']);
  });

  it('resolves ref to the new URL of a post read from the same site', () => {
    const root = site({
      'hugo.toml': '',
      'content/posts/first.md': '---\ntitle: 一\ndate: 2020-01-01\nslug: ichi\n---\n',
      'content/posts/second/index.md': '---\ntitle: 二\ndate: 2020-01-02\n---\n[一]({{< ref "first" >}}) [一]({{< relref "/posts/first.md#a" >}}) [自分]({{< ref "second" >}}) [三]({{< ref "third" >}})\n',
      'content/posts/third.md': '---\ntitle: 三\ndate: 2020-01-03\nslug: 三つ目\n---\n',
    });
    const { posts } = read(root, zone);
    // As the site's own links are written: each part of the path percent-encoded.
    expect(bySource(posts, 'content/posts/second/index.md').body).toBe(
      '[一](/posts/ichi/) [一](/posts/ichi/#a) [自分](/posts/second/) [三](/posts/%E4%B8%89%E3%81%A4%E7%9B%AE/)\n',
    );
  });

  it('gives Markdown that renders as the engine expects: a figure caption, a fence, embeds', () => {
    const { body } = convert('{{< figure src="a.png" caption="説明" >}}\n{{< highlight js >}}\nconst a = 1;\n{{< /highlight >}}\n');
    const html = markdownToHtml(body).html;
    expect(html).toContain('<img src="a.png" alt="">');
    expect(html).toContain('<em>説明</em>');
    expect(html).toContain('<code class="language-js">const a = 1;\n</code>');
  });
});

describe('reader kit', () => {
  it.each([
    ['2020-05-09', '2020-05-09'],
    ['2020/05/09', '2020-05-09'],
    ['2020-5-9 8:00', '2020-05-09T08:00:00+09:00'],
    ['2020-05-09 20:00', '2020-05-09T20:00:00+09:00'],
    ['2020-05-09 20:00:00 +0900', '2020-05-09T20:00:00+09:00'],
    ['2020-05-09T20:00:00Z', '2020-05-09T20:00:00+00:00'],
    ['2020-05-09T20:00:00-05:00', '2020-05-09T20:00:00-05:00'],
  ])('reads the date %s as %s', (written, expected) => {
    const read = readDate(written, 'Asia/Tokyo');
    expect('error' in read ? read.error : read.text).toBe(expected);
  });

  it.each(['2020-12/01 04:23:00', '2020-02-30', '20200101', 'yesterday'])('refuses %s, quoting it', (written) => {
    const read = readDate(written, 'Asia/Tokyo');
    expect('error' in read && read.error).toBe(`"${written}" is not a date: write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss`);
  });

  it('merges tags once whatever their case and width, and flattens nested lists', () => {
    expect(tagList(['Go', 'ｇｏ'], [['技術', 'go'], ' 技術 ', 2020, null], 'メモ')).toEqual(['Go', '技術', '2020', 'メモ']);
  });

  it('makes slugs unique, compared without case', () => {
    expect(uniqueSlugs([['a', 'x/a'], ['A', 'y/a'], ['b'], ['c', 'b'], ['c']])).toEqual(['x/a', 'y/a', 'b', 'c-2', 'c']);
  });

  it('makes Hugo path segments as Hugo does, and fills permalink patterns', () => {
    expect(hugoPath('Hugo入門、その1: Part 2!', true)).toBe('hugo入門その1-part-2');
    const date = readDate('2021-02-03T04:05:06+09:00', 'UTC');
    if ('error' in date) throw new Error(date.error);
    expect(expandPermalink('/:year/:month/:day/:monthname/:weekdayname/:yearday/:sections[last]/:slugorfilename/', { date, title: 'T', slug: undefined, fileName: 'file', sections: ['a', 'b'], lower: true })).toBe(
      '/2021/02/03/february/wednesday/34/b/file/',
    );
  });
});
