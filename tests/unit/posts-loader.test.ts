import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { frontmatterShapeProblem, writtenDates } from '../../src/posts/posts-loader.ts';
import { checkPostFiles, checkPostFolder, listPostFolder, postIdFromPath } from '../../src/posts/post-files.ts';

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

  it('tells apart two names that differ only in Unicode normalisation, with their forms and code points', () => {
    // The two print alike: each is named with its form and how it writes が.
    expect(checkPostFiles(['が.md', 'か\u3099.md'], 'src/content/posts/')).toEqual([
      'src/content/posts/か\u3099.md (NFD: か\u3099 is U+304B U+3099) and src/content/posts/が.md (NFC: が is U+304C) ' +
        'are one name written in two Unicode forms, so both would be the post /posts/が/; keep one of them',
    ]);
    // In folders too, and beside a difference in case.
    expect(checkPostFiles(['日記/か\u3099.md', '日記/が.md'])).toEqual([expect.stringContaining('(NFD: か\u3099 is U+304B U+3099)')]);
    expect(checkPostFiles(['Aが.md', 'aか\u3099.md'])).toEqual([
      expect.stringMatching(/^aか\u3099\.md \(NFD: か\u3099 is U\+304B U\+3099\) and Aが\.md \(NFC: が is U\+304C\) would share one URL/u),
    ]);
    // Names in NFC alone are shown as they are.
    expect(checkPostFiles(['が.md', 'が.mdx'])).toEqual([expect.stringMatching(/^が\.md and が\.mdx are one post in two formats/u)]);
  });

  it('stops a post whose folder would be another post’s page or share image, naming both', () => {
    expect(checkPostFiles(['a.md', 'a/og.png.md', 'b/index.md', 'b/index.html.md'], 'src/content/posts/')).toEqual([
      'src/content/posts/a/og.png.md would be published in the folder /posts/a/og.png/, where src/content/posts/a.md has its ' +
        'share image (/posts/a/og.png), a file; rename src/content/posts/a/og.png.md',
      'src/content/posts/b/index.html.md would be published in the folder /posts/b/index.html/, where src/content/posts/b/index.md ' +
        'has its page (/posts/b/index.html), a file; rename src/content/posts/b/index.html.md',
    ]);
    expect(checkPostFiles(['A.md', 'a/OG.PNG/index.md'])).toEqual([expect.stringMatching(/^a\/OG\.PNG\/index\.md would be published .* where A\.md has its share image/u)]);
    // Without the post they would sit under, such names are posts like any other.
    expect(checkPostFiles(['a/og.png.md', 'index.html.md', 'og.png.md'])).toEqual([]);
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

describe('symbolic links in the posts folder', () => {
  let dir: string;
  let posts: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'post-links-'));
    posts = join(dir, 'posts');
    mkdirSync(join(posts, 'real'), { recursive: true });
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(posts, 'real', 'a.md'), '---\n---\n');
    writeFileSync(join(dir, 'elsewhere', 'b.md'), '---\n---\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('follows a link to a file outside the folder, as the loader does', () => {
    symlinkSync(join(dir, 'elsewhere', 'b.md'), join(posts, 'b.md'));
    expect(listPostFolder(posts).sort()).toEqual(['b.md', join('real', 'a.md')]);
    expect(checkPostFolder(posts, 'src/content/posts/')).toEqual([]);
  });

  it('names a link to a folder, a loop and a link to nothing, each for what it is, and lists none of them', () => {
    symlinkSync(join(dir, 'elsewhere'), join(posts, 'notes'));
    symlinkSync('loop.md', join(posts, 'loop.md'));
    symlinkSync('gone.md', join(posts, 'dangling.md'));
    symlinkSync('..', join(posts, 'real', 'up'));
    symlinkSync(join(dir, 'elsewhere'), join(posts, '.hidden-notes')); // skipped by the loader, as hidden files are
    expect(listPostFolder(posts)).toEqual([join('real', 'a.md')]);
    expect(checkPostFolder(posts, 'src/content/posts/')).toEqual([
      'src/content/posts/dangling.md: a symbolic link to gone.md, which does not exist; remove the link, or put back what it leads to',
      'src/content/posts/loop.md: a symbolic link loop (it leads to loop.md, which leads back to it) and no file; remove it',
      `src/content/posts/notes: a symbolic link to a folder (${join(dir, 'elsewhere')}), which the build does not follow: ` +
        'a clone of the repository, or the host that builds the site, may not have it; move the folder here in place of the link',
      'src/content/posts/real/up: a symbolic link to .., a folder whose posts are in the posts folder already; remove it',
    ]);
    // Never "not a post", which is for files of another kind.
    expect(checkPostFolder(posts).join('\n')).not.toContain('not a post');
  });

  it('names a link to another post of the folder, or to a folder of it, which would be published twice', () => {
    symlinkSync(join('real', 'a.md'), join(posts, 'copy.md'));
    symlinkSync('real', join(posts, 'again'));
    expect(checkPostFolder(posts, 'src/content/posts/')).toEqual([
      'src/content/posts/again: a symbolic link to real, a folder whose posts are in the posts folder already; remove it',
      'src/content/posts/copy.md: a symbolic link to src/content/posts/real/a.md, another post of this folder, which would be ' +
        "published twice; remove the link (to keep an old URL working, add it to that post's aliases)",
    ]);
  });

  it('says nothing of a folder that does not exist', () => {
    expect(checkPostFolder(join(dir, 'missing'))).toEqual([]);
    expect(listPostFolder(join(dir, 'missing'))).toEqual([]);
  });
});
