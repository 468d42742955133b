/**
 * Every bad input stops `astro build` with a non-zero exit and names the file and what is wrong, in
 * plain words (no validator jargon, no Markdown marks); one build names every bad post.
 *
 * Problems found at the same stage of a build share one build (the build names every one of them),
 * and each is checked in the report that stops it; the builds run side by side, a build a core.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSite, post } from '../helpers/site.ts';

const good = 'title: 良い記事\ndate: 2022-01-01\npublished: true';
/**
 * Frontmatter problems, a post each: the file it is in, its text, and what the author must read under
 * that file's name. They share one build, since one build names every bad post (checked below).
 */
const frontmatterCases: Array<[string, string, string, RegExp[]]> = [
  ['missing title', 'no-title.md', post('date: 2022-01-01\npublished: true'), [/^  title is required$/m]],
  ['missing date', 'no-date.md', post('title: x\npublished: true'), [/^  date is required \(YYYY-MM-DD\)$/m]],
  ['a title YAML reads as a number', 'number.md', post('title: 404\ndate: 2022-01-01\npublished: true'), [/^  title must be text: put it in quotes, title: "404"$/m]],
  ['frontmatter that is a list', 'list.md', '---\n- title\n- date\n---\n本文\n', [/^  the frontmatter must be a mapping of keys, .*not a list$/m]],
  ['frontmatter that is one value', 'one-value.md', '---\nタイトル\n---\n本文\n', [/^  the frontmatter must be a mapping of keys, .*not a single value \("タイトル"\)$/m]],
  ['empty title', 'empty-title.md', post('title: "  "\ndate: 2022-01-01\npublished: true'), [/^  title must not be empty$/m]],
  ['date: not-a-date', 'not-a-date.md', post('title: x\ndate: not-a-date\npublished: true'), [/date: "not-a-date" is not a date/]],
  ['date: 2022-13-45', 'no-such-day.md', post('title: x\ndate: 2022-13-45\npublished: true'), [/date: "2022-13-45" is not a real calendar date/]],
  ['published: "yes"', 'published-yes.md', post('title: x\ndate: 2022-01-01\npublished: "yes"'), [/^  published must be true or false \(without quotes\), not "yes"$/m]],
  ['published missing', 'no-published.md', post('title: x\ndate: 2022-01-01'), [/^  published is required/m]],
  ['tags: foo', 'tags-text.md', post('title: x\ndate: 2022-01-01\npublished: true\ntags: foo'), [/tags: must be a list/]],
  ['an empty tag', 'empty-tag.md', post('title: x\ndate: 2022-01-01\npublished: true\ntags: [a, ""]'), [/tags\.1: a tag must not be empty/]],
  ['updated before date', 'updated-before.md', post('title: x\ndate: 2022-01-02\nupdated: 2022-01-01\npublished: true'), [/^  updated must not be before date$/m]],
  ['broken YAML', 'broken-yaml.md', post('title: [x\ndate: 2022-01-01\npublished: true'), [/^  line \d+: the frontmatter cannot be read: /m]],
];

/** What the build says of one file: the lines indented under its name. */
function problemsOf(output: string, file: string): string {
  const at = output.indexOf(`src/content/posts/${file}:\n`);
  if (at < 0) return '';
  const lines = output.slice(at).split('\n');
  const own = lines.slice(1).findIndex((line) => !line.startsWith('  '));
  return lines.slice(0, own < 0 ? undefined : own + 1).join('\n');
}

describe('frontmatter problems, all in one build', () => {
  let build: { code: number; output: string };
  beforeAll(async () => {
    const site = makeSite({ posts: { 'fine.md': post(good), ...Object.fromEntries(frontmatterCases.map(([, file, text]) => [file, text])) } });
    try {
      build = await site.astro(['build']);
    } finally {
      site.remove();
    }
  });

  it('fail the build', () => {
    expect(build.code, build.output).not.toBe(0);
    // Astro's Markdown marks and the validator's own words stay out of what the author reads.
    expect(build.output).not.toMatch(/\*\*|Did not match union|Invalid input|Expected type/u);
  });

  it.each(frontmatterCases)('%s: names the file and the problem, and nothing else', (_name, file, _text, patterns) => {
    const said = problemsOf(build.output, file);
    for (const pattern of patterns) expect(said, build.output).toMatch(pattern);
    // Each line under the file's name is one of the problems expected: whatever the validator or Astro
    // would add in words of their own (a headline, a union's alternatives) would be a line more.
    const lines = said.split('\n').slice(1);
    expect(lines.length, said).toBeGreaterThan(0);
    for (const line of lines) expect(patterns.some((pattern) => pattern.test(`${line}\n`)), `unexpected line under ${file}: ${line}`).toBe(true);
  });
});

/**
 * Problems of files and names, found when the posts load: they share one build, like the frontmatter
 * problems, and each must be in the report that stops the build.
 */
const fileCases: Array<[string, Record<string, string | Uint8Array>, RegExp[]]> = [
  [
    'two files for one URL',
    { 'dir/Same.md': post(good), 'dir/same.md': post(good) },
    [/src\/content\/posts\/dir\/same\.md and src\/content\/posts\/dir\/Same\.md would share one URL/],
  ],
  [
    'two names that differ only in Unicode normalisation',
    { 'が.md': post(good), 'か\u3099.md': post(good) },
    [
      /src\/content\/posts\/か\u3099\.md \(NFD: か\u3099 is U\+304B U\+3099\) and src\/content\/posts\/が\.md \(NFC: が is U\+304C\) are one name written in two Unicode forms, so both would be the post \/posts\/が\//u,
    ],
  ],
  [
    'a post in the folder of another post’s share image',
    { 'a.md': post(good), 'a/og.png.md': post(good) },
    [/src\/content\/posts\/a\/og\.png\.md would be published in the folder \/posts\/a\/og\.png\/, where src\/content\/posts\/a\.md has its share image/],
  ],
  [
    'a post in the folder of another post’s page',
    { 'b/index.md': post(good), 'b/index.html.md': post(good) },
    [/src\/content\/posts\/b\/index\.html\.md would be published in the folder \/posts\/b\/index\.html\/, where src\/content\/posts\/b\/index\.md has its page/],
  ],
  ['a file that is not a post', { 'notes.txt': 'メモ' }, [/src\/content\/posts\/notes\.txt: not a post/]],
  [
    'a post beside a page bundle of its name',
    { 'trip.md': post(good), 'trip/index.md': post(good), 'trip/photo.png': new Uint8Array([0]) },
    [/src\/content\/posts\/trip\.md and src\/content\/posts\/trip\/index\.md are both the post \/posts\/trip\//],
  ],
  ['an index.md at the top of the posts folder', { 'index.md': post(good) }, [/src\/content\/posts\/index\.md: an index\.md stands for the folder it is in/]],
  ['a post with an upper-case extension', { 'Loud.MD': post(good) }, [/Loud\.MD: .*lower case/]],
  ['a hidden post', { '.hidden.md': post(good) }, [/\.hidden\.md: hidden post/]],
  [
    'an alias that is not a path',
    { 'not-a-path.md': post(`${good}\naliases: [old.html]`) },
    [/src\/content\/posts\/not-a-path\.md:\n  aliases\.0: an alias is a path from the site root/],
  ],
];

/** Problems of aliases, found once every post has loaded: they share a build of their own. */
const aliasCases: Array<[string, Record<string, string | Uint8Array>, RegExp[]]> = [
  [
    'two posts with one alias',
    { 'one.md': post(`${good}\naliases: [/old.html]`), 'two.md': post(`${good}\naliases: [/OLD.html]`) },
    [/src\/content\/posts\/(one|two)\.md and src\/content\/posts\/(one|two)\.md both have the alias/],
  ],
  ['an alias over a page of the site', { 'three.md': post(`${good}\naliases: [/tags/x/]`) }, [/three\.md: alias \/tags\/x\/ would replace the site's own \/tags\//]],
];

/**
 * The report under `heading` in a build's output: the lines after it that name a file (`src/content/...:`),
 * list a problem (`- `), go on one (indented) or part two files' problems (blank). What comes after the
 * report (a warning, Astro's own lines) is not part of it.
 */
function reportOf(output: string, heading: string): string {
  const at = output.indexOf(heading);
  if (at < 0) return '';
  const lines = output.slice(at).split('\n').slice(1);
  const end = lines.findIndex((line) => !/^(?:$| {2}|- |src\/content\/)/u.test(line));
  return lines.slice(0, end < 0 ? undefined : end).join('\n');
}

describe.concurrent.each([
  ['problems of files and names, all in one build', fileCases, 'Posts that cannot be published'],
  ['problems of aliases, all in one build', aliasCases, 'Aliases that cannot be published'],
] as const)('%s', (_name, cases, heading) => {
  let build: { code: number; output: string };
  beforeAll(async () => {
    const posts = Object.assign({ 'fine.md': post(good) }, ...cases.map(([, files]) => files)) as Record<string, string | Uint8Array>;
    // The cases' files are told apart by name: none may replace another case's.
    expect(Object.keys(posts)).toHaveLength(1 + cases.reduce((n, [, files]) => n + Object.keys(files).length, 0));
    const site = makeSite({ posts });
    try {
      build = await site.astro(['build']);
    } finally {
      site.remove();
    }
  });

  it('fail the build, in plain words', () => {
    expect(build.code, build.output).not.toBe(0);
    // Astro's Markdown marks and the validator's own words stay out of what the author reads.
    expect(build.output).not.toMatch(/\*\*|Did not match union|Invalid input|Expected type/u);
  });

  it.each(cases)('%s: named in the report that stops the build', (_case, _files, patterns) => {
    const report = reportOf(build.output, heading);
    expect(report, build.output).not.toBe('');
    for (const pattern of patterns) expect(report, build.output).toMatch(pattern);
  });
});

it.concurrent('one build names every bad post and every bad file, each with its problems', async () => {
  const site = makeSite({
    posts: {
      'fine.md': post(good),
      'no-date.md': post('title: x\npublished: true'),
      '2022/number.md': post('title: 2022\ndate: 2022-01-01\npublished: true'),
      'broken-yaml.md': post('title: [x\ndate: 2022-01-01\npublished: true'),
      'several.md': post('date: 2022-13-45\npublished: "yes"'),
      'list.md': '---\n- a\n---\n本文\n',
      'notes.txt': 'メモ',
      'a.md': post(good),
      'a.mdx': post(good),
    },
  });
  try {
    const { code, output } = await site.astro(['build']);
    expect(code).not.toBe(0);
    const report = output.slice(output.indexOf('Posts that cannot be published'));
    expect(report).toMatch(/src\/content\/posts\/no-date\.md:\n  date is required \(YYYY-MM-DD\)\n/);
    expect(report).toMatch(/src\/content\/posts\/2022\/number\.md:\n  title must be text: put it in quotes, title: "2022"\n/);
    expect(report).toMatch(/src\/content\/posts\/broken-yaml\.md:\n  line \d+: the frontmatter cannot be read: /);
    expect(report).toMatch(
      /src\/content\/posts\/several\.md:\n  title is required\n  date: "2022-13-45" is not a real calendar date\n  published must be true or false \(without quotes\), not "yes"\n/,
    );
    expect(report).toMatch(/src\/content\/posts\/list\.md:\n  the frontmatter must be a mapping of keys/);
    expect(report).toMatch(/src\/content\/posts\/notes\.txt: not a post/);
    expect(report).toMatch(/src\/content\/posts\/a\.md and src\/content\/posts\/a\.mdx are one post in two formats/);
    expect(report).not.toContain('fine.md');
    // Said once, without a stack trace of the loader.
    expect(output.split('Posts that cannot be published')).toHaveLength(2);
    expect(output).not.toContain('Stack trace');
  } finally {
    site.remove();
  }
});

it.concurrent('symbolic links that lead to no post are named for what they are, in one build', async () => {
  const site = makeSite({ posts: { 'fine.md': post(good) } });
  const posts = join(site.dir, 'src/content/posts');
  // A folder of posts kept elsewhere (here beside the posts folder, as another checkout might be).
  mkdirSync(join(site.dir, 'elsewhere'));
  writeFileSync(join(site.dir, 'elsewhere', 'b.md'), post(good));
  symlinkSync(join(site.dir, 'elsewhere'), join(posts, 'notes'));
  symlinkSync('loop.md', join(posts, 'loop.md'));
  symlinkSync('gone.md', join(posts, 'dangling.md'));
  try {
    const { code, output } = await site.astro(['build']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/src\/content\/posts\/notes: a symbolic link to a folder \([^)]*elsewhere\), which the build does not follow: .*move the folder here/);
    expect(output).toMatch(/src\/content\/posts\/loop\.md: a symbolic link loop \(it leads to loop\.md, which leads back to it\)/);
    expect(output).toMatch(/src\/content\/posts\/dangling\.md: a symbolic link to gone\.md, which does not exist/);
    expect(output).not.toContain('not a post');
  } finally {
    site.remove();
  }
});

it.concurrent('good posts build: one with a tag named index.html, one with unknown keys and a date-time', async () => {
  const site = makeSite({
    posts: {
      'ok.md': post(`${good}\ntags: [index.html, 日記]`),
      'jekyll.md': post(`${good}\nlayout: post\npermalink: /2022/01/01/ok.html\ncomments: true`),
    },
  });
  try {
    const { code, output } = await site.astro(['build']);
    expect(code, output).toBe(0);
    // The tag gets a page of its own, beside the list of tags.
    expect(site.read('tags/index.html')).toContain('href="/tags/index-html/"');
    expect(site.read('tags/index-html/index.html')).toContain('index.html');
    expect(site.read('posts/ok/index.html')).toContain('href="/tags/index-html/"');
    expect(site.files()).toContain('posts/jekyll/index.html');
  } finally {
    site.remove();
  }
});

it.concurrent('a site with no posts yet builds, with an empty feed', async () => {
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
