/** Every bad input stops `astro build` with a non-zero exit and names the file and what is wrong. */
import { describe, expect, it } from 'vitest';
import { makeSite, post } from '../helpers/site.ts';

const good = 'title: 良い記事\ndate: 2022-01-01\npublished: true';
const cases: Array<[string, Record<string, string>, RegExp[]]> = [
  ['missing title', { 'bad.md': post('date: 2022-01-01\npublished: true') }, [/bad\.md/, /title: title is required/]],
  ['empty title', { 'bad.md': post('title: "  "\ndate: 2022-01-01\npublished: true') }, [/bad\.md/, /title: .*empty/]],
  ['date: not-a-date', { 'bad.md': post('title: x\ndate: not-a-date\npublished: true') }, [/bad\.md/, /date: "not-a-date" is not a date/]],
  ['date: 2022-13-45', { 'bad.md': post('title: x\ndate: 2022-13-45\npublished: true') }, [/bad\.md/, /date: "2022-13-45" is not a real calendar date/]],
  ['published: "yes"', { 'bad.md': post('title: x\ndate: 2022-01-01\npublished: "yes"') }, [/bad\.md/, /published: .*"yes"/]],
  ['published missing', { 'bad.md': post('title: x\ndate: 2022-01-01') }, [/bad\.md/, /published: published is required/]],
  ['tags: foo', { 'bad.md': post('title: x\ndate: 2022-01-01\npublished: true\ntags: foo') }, [/bad\.md/, /tags: must be a list/]],
  ['an empty tag', { 'bad.md': post('title: x\ndate: 2022-01-01\npublished: true\ntags: [a, ""]') }, [/bad\.md/, /tags\.1: a tag must not be empty/]],
  ['updated before date', { 'bad.md': post('title: x\ndate: 2022-01-02\nupdated: 2022-01-01\npublished: true') }, [/bad\.md/, /updated: .*before/]],
  ['broken YAML', { 'bad.md': post('title: [x\ndate: 2022-01-01\npublished: true') }, [/bad\.md/, /YAML|frontmatter/i]],
  [
    'two files for one URL',
    { 'dir/Same.md': post(good), 'dir/same.md': post(good) },
    [/src\/content\/posts\/dir\/same\.md and src\/content\/posts\/dir\/Same\.md would share one URL/],
  ],
  ['a file that is not a post', { 'ok.md': post(good), 'notes.txt': 'メモ' }, [/src\/content\/posts\/notes\.txt: not a post/]],
  ['a post with an upper-case extension', { 'ok.md': post(good), 'Loud.MD': post(good) }, [/Loud\.MD: .*lower case/]],
  ['a hidden post', { 'ok.md': post(good), '.hidden.md': post(good) }, [/\.hidden\.md: hidden post/]],
  [
    'two posts with one alias',
    { 'one.md': post(`${good}\naliases: [/old.html]`), 'two.md': post(`${good}\naliases: [/OLD.html]`) },
    [/src\/content\/posts\/(one|two)\.md and src\/content\/posts\/(one|two)\.md both have the alias/],
  ],
  ['an alias over a page of the site', { 'one.md': post(`${good}\naliases: [/tags/x/]`) }, [/one\.md: alias \/tags\/x\/ would replace the site's own \/tags\//]],
  ['an alias that is not a path', { 'one.md': post(`${good}\naliases: [old.html]`) }, [/one\.md/, /aliases\.0: an alias is a path from the site root/]],
];

describe.each(cases)('%s', (_name, posts, patterns) => {
  it('fails the build, naming the file and the problem', async () => {
    const site = makeSite({ posts: { 'fine.md': post(good), ...posts } });
    try {
      const { code, output } = await site.astro(['build']);
      expect(code).not.toBe(0);
      for (const pattern of patterns) expect(output).toMatch(pattern);
    } finally {
      site.remove();
    }
  });
});

it('a good post with unknown keys and a date-time builds', async () => {
  const site = makeSite({
    posts: { 'ok.md': post(`${good}\nlayout: post\npermalink: /2022/01/01/ok.html\ncomments: true`) },
  });
  try {
    const { code, output } = await site.astro(['build']);
    expect(code, output).toBe(0);
    expect(site.files()).toContain('posts/ok/index.html');
  } finally {
    site.remove();
  }
});

it('a site with no posts yet builds, with an empty feed', async () => {
  const site = makeSite({ posts: {} });
  try {
    const { code, output } = await site.astro(['build']);
    expect(code, output).toBe(0);
    expect(site.read('index.html')).toContain('まだ記事がありません。');
    expect(site.read('rss.xml')).not.toContain('<item>');
    // No index to search: the search page says there are no posts rather than offering a search.
    expect(site.read('search/index.html')).toContain('まだ記事がありません。');
    expect(site.read('search/index.html')).not.toContain('pagefind');
    expect(site.files().some((f) => f.startsWith('pagefind/'))).toBe(false);
  } finally {
    site.remove();
  }
});
