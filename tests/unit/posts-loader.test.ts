import { describe, expect, it } from 'vitest';
import { writtenDates } from '../../src/lib/posts-loader.ts';
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
