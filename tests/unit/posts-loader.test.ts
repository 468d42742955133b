import { sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frontmatterShapeProblem, writtenDates } from '../../src/lib/posts-loader.ts';
import { checkPostFiles, postIdFromPath } from '../../src/lib/post-files.ts';

describe('post files', () => {
  it('makes ids from paths without .md, in NFC', () => {
    expect(postIdFromPath('jpki-reset.md')).toBe('jpki-reset');
    expect(postIdFromPath('2022/foo.md')).toBe('2022/foo');
    // が written as か + combining mark (macOS file names) is the same post as the composed form.
    expect(postIdFromPath('か\u3099.md')).toBe('が');
  });

  it('accepts posts and images beside them', () => {
    expect(checkPostFiles(['a.md', '2022/b.md', '2022/b.png', 'img/c.JPG', '.DS_Store', '日本語.md'])).toEqual([]);
  });

  it('names files that are not posts, hidden posts and upper-case extensions', () => {
    const problems = checkPostFiles(['notes.txt', 'x.markdown', '.hidden.md', 'Y.MD', 'W.Mdx', '.drafts/z.md', '.drafts/.keep'], 'src/content/posts/');
    expect(problems).toEqual([
      expect.stringMatching(/^src\/content\/posts\/\.drafts\/z\.md: hidden/),
      expect.stringMatching(/^src\/content\/posts\/\.hidden\.md: hidden/),
      expect.stringMatching(/^src\/content\/posts\/W\.Mdx: .*lower case \(\.mdx\)/),
      expect.stringMatching(/^src\/content\/posts\/Y\.MD: .*lower case/),
      expect.stringMatching(/^src\/content\/posts\/notes\.txt: not a post\. Posts are \.md or \.mdx files/),
      expect.stringMatching(/^src\/content\/posts\/x\.markdown: not a post/),
    ]);
  });

  it('accepts .mdx posts, with the same ids as .md ones', () => {
    expect(checkPostFiles(['a.mdx', '2022/b.mdx', 'c.md'])).toEqual([]);
    expect(postIdFromPath('2022/b.mdx')).toBe('2022/b');
  });

  it('stops a post written twice, as .md and .mdx, naming both files', () => {
    expect(checkPostFiles(['a.mdx', 'a.md'], 'src/content/posts/')).toEqual([
      'src/content/posts/a.md and src/content/posts/a.mdx are one post in two formats (/posts/a/); keep one of them',
    ]);
  });

  it('names two files that would share one URL, in any case or Unicode form', () => {
    expect(checkPostFiles(['Foo.md', 'foo.md'])).toEqual([expect.stringMatching(/foo\.md and Foo\.md would share/)]);
    expect(checkPostFiles(['が.md', 'か\u3099.md'])).toHaveLength(1);
  });

  it('rejects names that cannot be part of a URL', () => {
    expect(checkPostFiles(['c#.md', 'what?.md', '100%.md'])).toHaveLength(3);
  });
});

describe('page bundles', () => {
  it('an index.md or index.mdx stands for its folder', () => {
    expect(postIdFromPath('my-trip/index.md')).toBe('my-trip');
    expect(postIdFromPath('2024/my-trip/index.mdx')).toBe('2024/my-trip');
    expect(postIdFromPath(['2024', 'my-trip', 'index.md'].join(sep))).toBe('2024/my-trip');
    // Only a file named exactly index: these are posts of their own name.
    expect(postIdFromPath('my-trip/Index.md')).toBe('my-trip/Index');
    expect(postIdFromPath('my-trip/reindex.md')).toBe('my-trip/reindex');
    expect(postIdFromPath('index-of-things.md')).toBe('index-of-things');
  });

  it('accepts a bundle with its images and other posts inside', () => {
    expect(checkPostFiles(['my-trip/index.md', 'my-trip/photo.jpg', 'my-trip/day-2.md', 'other.md'])).toEqual([]);
  });

  it('stops a post file beside a bundle of its name, naming both', () => {
    expect(checkPostFiles(['my-trip/index.md', 'my-trip.md'], 'src/content/posts/')).toEqual([
      'src/content/posts/my-trip.md and src/content/posts/my-trip/index.md are both the post /posts/my-trip/ (an index.md stands for its folder); keep one of them',
    ]);
    expect(checkPostFiles(['a/b.mdx', 'a/b/index.md'])).toEqual([expect.stringMatching(/^a\/b\.mdx and a\/b\/index\.md are both the post \/posts\/a\/b\//)]);
    // The same bundle in two formats is the .md/.mdx rule.
    expect(checkPostFiles(['a/index.md', 'a/index.mdx'])).toEqual([expect.stringMatching(/one post in two formats \(\/posts\/a\/\)/)]);
    // In another case it is two posts for one URL on case-insensitive hosts.
    expect(checkPostFiles(['My-Trip.md', 'my-trip/index.md'])).toEqual([expect.stringMatching(/would share one URL/)]);
  });

  it('refuses an index.md at the top of the posts folder', () => {
    expect(checkPostFiles(['index.md'], 'src/content/posts/')).toEqual([
      expect.stringMatching(/^src\/content\/posts\/index\.md: an index\.md stands for the folder it is in.*about\/index\.md\)$/),
    ]);
  });
});

describe('frontmatterShapeProblem', () => {
  it('accepts a mapping, an empty frontmatter and one of only comments', () => {
    expect(frontmatterShapeProblem({ title: 'x' }, 'title: x')).toBeUndefined();
    expect(frontmatterShapeProblem({}, '')).toBeUndefined();
    expect(frontmatterShapeProblem({}, '# nothing yet\n')).toBeUndefined();
    expect(frontmatterShapeProblem({}, '{}')).toBeUndefined();
  });

  it('names a list and a single value, which Astro passes on as a list or as no keys', () => {
    expect(frontmatterShapeProblem(['a', 'b'], '- a\n- b')).toMatch(/^the frontmatter must be a mapping of keys.*not a list$/);
    expect(frontmatterShapeProblem({}, 'just text')).toMatch(/mapping of keys.*not a single value \("just text"\)$/);
    expect(frontmatterShapeProblem({}, '404')).toMatch(/not a single value \(404\)$/);
  });

  it('leaves YAML that does not parse to Astro, which names its line', () => {
    expect(frontmatterShapeProblem({}, 'title: [x')).toBeUndefined();
  });
});

describe('writtenDates', () => {
  it('returns the date keys as written, not as js-yaml would roll them over', () => {
    expect(writtenDates('title: x\ndate: 2022-13-45\nupdated: 2022-02-23T10:00:00+09:00\n')).toEqual({
      date: '2022-13-45',
      updated: '2022-02-23T10:00:00+09:00',
    });
    expect(writtenDates('')).toEqual({});
    expect(writtenDates('title: [broken')).toEqual({});
    expect(writtenDates('title = "TOML"\ndate = 2022-01-01\n')).toEqual({});
  });

  it('reads quoted dates, comments and unusual layouts the way YAML does', () => {
    expect(writtenDates(`date: "2022-02-23" # quoted\nupdated: '2022-03-01'`)).toEqual({ date: '2022-02-23', updated: '2022-03-01' });
    expect(writtenDates('date : 2022-02-23')).toEqual({ date: '2022-02-23' });
    expect(writtenDates('date:\n  2022-02-23')).toEqual({ date: '2022-02-23' });
    expect(writtenDates('date: [2022-02-23]')).toEqual({ date: ['2022-02-23'] });
    expect(writtenDates('meta:\n  date: 2022-02-23')).toEqual({}); // not the post's date
    expect(writtenDates('date: 2022-02-23\ndate: 2022-02-24')).toEqual({}); // YAML rejects duplicate keys; Astro says where
  });
});
