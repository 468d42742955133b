import { describe, expect, it } from 'vitest';
import { postSchema } from '../../src/content.config.ts';

const base = { title: 'タイトル', date: '2022-02-23', published: true };
const issues = (input: unknown) => {
  const r = postSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('post frontmatter schema', () => {
  it('accepts a minimal post and fills defaults', () => {
    const r = postSchema.parse(base);
    expect(r).toEqual({ title: 'タイトル', date: { day: '2022-02-23' }, published: true, tags: [], aliases: [] });
  });

  it('trims the title and rejects a missing or empty one', () => {
    expect(postSchema.parse({ ...base, title: '  題  ' }).title).toBe('題');
    expect(issues({ ...base, title: undefined })).toEqual(['title: title is required']);
    expect(issues({ ...base, title: null })).toEqual(['title: title is required']);
    expect(issues({ ...base, title: '   ' })).toEqual([expect.stringMatching(/^title: .*empty/)]);
  });

  it('says how to make a title YAML read as a number, a boolean or a date into text', () => {
    expect(issues({ ...base, title: 404 })).toEqual(['title: title must be text: put it in quotes, title: "404"']);
    expect(issues({ ...base, title: true })).toEqual(['title: title must be text: put it in quotes, title: "true"']);
    expect(issues({ ...base, title: new Date('2022-02-23T00:00:00Z') })).toEqual([
      'title: title must be text: put it in quotes, title: "2022-02-23"',
    ]);
    expect(issues({ ...base, title: ['a'] })).toEqual(['title: title must be text, not ["a"]']);
    expect(issues({ ...base, description: 2022 })).toEqual(['description: description must be text: put it in quotes, description: "2022"']);
    expect(issues({ ...base, tags: [2022] })).toEqual(['tags.0: each tag must be text: put it in quotes, "2022"']);
  });

  it('says a missing date is required, and what a date looks like', () => {
    expect(issues({ ...base, date: undefined })).toEqual(['date: date is required (YYYY-MM-DD)']);
    expect(issues({ ...base, date: null })).toEqual(['date: date is required (YYYY-MM-DD)']);
    expect(issues({ ...base, date: 20220223 })).toEqual(['date: date must be a date such as 2022-02-23 (YYYY-MM-DD), not 20220223']);
    expect(issues({ ...base, updated: null })).toEqual(['updated: updated must be a date such as 2022-02-23 (YYYY-MM-DD), not null']);
  });

  it('says the frontmatter must be a mapping of keys when it is a list or a single value', () => {
    expect(issues(['a', 'b'])).toEqual([expect.stringMatching(/^: the frontmatter must be a mapping of keys.*not a list$/)]);
    expect(issues('text')).toEqual([expect.stringMatching(/^: the frontmatter must be a mapping of keys.*not "text"$/)]);
  });

  it('gives every message in words of its own, never the validator’s', () => {
    const wrong = { title: 1, date: 1, updated: 1, published: 1, tags: [1], description: 1, aliases: [1], breaks: 1, heroImage: 1, lang: 1 };
    for (const issue of issues(wrong)) expect(issue).not.toMatch(/Invalid input|expected (string|object|boolean)|union/i);
    expect(issues(wrong)).toHaveLength(10);
  });

  it('reads calendar dates and date-times with offsets', () => {
    expect(postSchema.parse({ ...base, date: '2022-02-23' }).date).toEqual({ day: '2022-02-23' });
    expect(postSchema.parse({ ...base, date: '2022-02-23T10:00:00+09:00' }).date).toEqual({
      instant: new Date('2022-02-23T01:00:00Z'),
    });
    // A YAML date arrives as UTC midnight: it is that calendar day.
    expect(postSchema.parse({ ...base, date: new Date('2022-02-23T00:00:00Z') }).date).toEqual({ day: '2022-02-23' });
  });

  it.each(['not-a-date', '2022-13-45', '2022-02-30', '2023-02-29', '2022-2-3', '', '2022-02-23T25:00:00Z'])(
    'rejects the date %j',
    (date) => {
      expect(issues({ ...base, date })).toEqual([expect.stringMatching(/^date: /)]);
    },
  );

  it('accepts 29 February in a leap year', () => {
    expect(postSchema.parse({ ...base, date: '2024-02-29' }).date).toEqual({ day: '2024-02-29' });
  });

  it('requires published to be a boolean', () => {
    expect(issues({ ...base, published: 'yes' })).toEqual([expect.stringMatching(/^published: .*"yes"/)]);
    expect(issues({ ...base, published: undefined })).toEqual([expect.stringMatching(/^published: .*required/)]);
    expect(issues({ ...base, published: null })).toEqual([expect.stringMatching(/^published: .*required/)]);
    expect(postSchema.parse({ ...base, published: false }).published).toBe(false);
  });

  it('cleans tags: trimmed, duplicates (in any spelling of one tag) merged', () => {
    expect(postSchema.parse({ ...base, tags: [' Astro ', 'astro', 'ＡＳＴＲＯ', '日本語', 'C#', 'C'] }).tags).toEqual([
      'Astro',
      '日本語',
      'C#',
      'C',
    ]);
  });

  it('rejects a tag string, an empty tag and a non-string tag', () => {
    expect(issues({ ...base, tags: 'foo' })).toEqual([expect.stringMatching(/^tags: .*list/)]);
    expect(issues({ ...base, tags: ['a', ' '] })).toEqual([expect.stringMatching(/^tags\.1: .*empty/)]);
    expect(issues({ ...base, tags: ['a', 3] })).toEqual([expect.stringMatching(/^tags\.1: /)]);
  });

  it('takes an optional description and updated date, never before date', () => {
    const r = postSchema.parse({ ...base, description: ' 説明 ', updated: '2022-03-01' });
    expect(r.description).toBe('説明');
    expect(r.updated).toEqual({ day: '2022-03-01' });
    expect(issues({ ...base, updated: '2022-02-22' })).toEqual([expect.stringMatching(/^updated: .*before/)]);
    expect(issues({ ...base, updated: '2022-02-23' })).toEqual([]);
    expect(issues({ ...base, updated: 'soon' })).toEqual([expect.stringMatching(/^updated: /)]);
  });

  it('ignores keys it does not know', () => {
    const r = postSchema.parse({ ...base, layout: 'post', permalink: '/old/', author: 'x' });
    expect(r).not.toHaveProperty('layout');
    expect(r.title).toBe('タイトル');
  });
});

describe('heroImage', () => {
  it.each(['/media/hero.png', './hero.png', '../images/hero 1.png', 'https://example.com/a.png', 'http://example.com/a.jpg?w=2'])(
    'accepts %j',
    (heroImage) => {
      expect(postSchema.parse({ ...base, heroImage }).heroImage).toBe(heroImage);
    },
  );

  it('is optional, and trimmed', () => {
    expect(postSchema.parse(base).heroImage).toBeUndefined();
    expect(postSchema.parse({ ...base, heroImage: ' ./a.png ' }).heroImage).toBe('./a.png');
  });

  it.each(['hero.png', '//cdn.example.com/a.png', 'javascript:alert(1)', 'ftp://example.com/a.png', '/media/', './a\n.png'])(
    'rejects %j with a message naming the value',
    (heroImage) => {
      expect(issues({ ...base, heroImage })).toEqual([expect.stringMatching(/^heroImage: .*http\(s\)/)]);
    },
  );

  it('rejects an empty value and a non-string', () => {
    expect(issues({ ...base, heroImage: ' ' })).toEqual([expect.stringMatching(/^heroImage: .*empty/)]);
    expect(issues({ ...base, heroImage: 3 })).toEqual([expect.stringMatching(/^heroImage: .*path or URL/)]);
  });
});
