import { describe, expect, it } from 'vitest';
import { describeProblem, describeProblems, problemText, unreadableFrontmatterText } from '../../src/blog/post-problems.ts';

/** An error as Astro makes it when a post does not match the schema (InvalidContentEntryDataError). */
function schemaError(...issues: string[]): Error {
  const error = new Error(['**posts → a** data does not match collection schema.\n', ...issues.map((i) => `  ${i}`), ''].join('\n'));
  return Object.assign(error, { name: 'InvalidContentEntryDataError', loc: { file: '/x/a.md', line: 3, column: 0 } });
}

describe('problemText', () => {
  it('gives each schema issue once, in plain text, without Astro’s headline or line', () => {
    const error = schemaError('**date**: date is required (YYYY-MM-DD)', '**title**: title must be text: put it in quotes, title: "404"', '**tags.1**: a tag must not be empty');
    expect(problemText(error)).toBe(
      'date is required (YYYY-MM-DD)\ntitle must be text: put it in quotes, title: "404"\ntags.1: a tag must not be empty',
    );
  });

  it('gives a key Astro’s own message repeats once', () => {
    const error = schemaError('**aliases.0**: **aliases.0**: Expected type `string`, received `number`');
    expect(problemText(error)).toBe('aliases.0: Expected type `string`, received `number`');
  });

  it('keeps a key the message does not start with, and drops an empty one', () => {
    expect(problemText(schemaError('**date**: "2022-13-45" is not a real calendar date'))).toBe('date: "2022-13-45" is not a real calendar date');
    expect(problemText(schemaError('****: the frontmatter must be a mapping of keys'))).toBe('the frontmatter must be a mapping of keys');
  });

  it('says which line of a frontmatter is not valid YAML, counted in the file', () => {
    // js-yaml's line 3 of `---\ntitle: x\ndate: 2022-01-01\n  bad: indent: here` is the file's line 4.
    const error = Object.assign(new Error('bad indentation of a mapping entry'), { name: 'MarkdownError', loc: { line: 3, column: 7 } });
    expect(unreadableFrontmatterText(error)).toBe('line 4: the frontmatter cannot be read: bad indentation of a mapping entry');
    expect(unreadableFrontmatterText(new Error('**x**'))).toBe('the frontmatter cannot be read: x');
    expect(problemText('plain text')).toBe('plain text');
  });
});

describe('describeProblems', () => {
  it('names every file, in order, with its lines indented under it', () => {
    const problems = new Map([
      ['src/content/posts/b.md', 'title is required\npublished is required: true to publish, false for a draft'],
      ['src/content/posts/a.md', 'date is required (YYYY-MM-DD)'],
    ]);
    expect(describeProblems(problems)).toBe(
      'Posts that cannot be published (fix each, then build again):\n\n' +
        'src/content/posts/a.md:\n  date is required (YYYY-MM-DD)\n\n' +
        'src/content/posts/b.md:\n  title is required\n  published is required: true to publish, false for a draft\n',
    );
    expect(describeProblem('x.md', 'one')).toBe('x.md:\n  one');
  });
});
