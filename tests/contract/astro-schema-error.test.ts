/**
 * Contract: the wording of Astro's schema errors, which src/blog/post-problems.ts turns into plain
 * text for the author (`problemText`): the installed Astro's own message for a post whose frontmatter
 * does not match the schema, made by its own function, must come out as one line per problem, without
 * Astro's headline, its `**` marks or a key said twice. Were Astro to reword it, the author would see
 * Astro's markup and headline in the list of bad posts; a built site is never affected.
 */
import { describe, expect, it } from 'vitest';
import { problemText } from '../../src/blog/post-problems.ts';
import { packageModule } from './installed.ts';

type SchemaError = { message: (collection: string, id: string, error: { issues: { path: (string | number)[]; message: string }[] }) => string };

const { InvalidContentEntryDataError } = await packageModule<{ InvalidContentEntryDataError: SchemaError }>('astro', 'dist/core/errors/errors-data.js');

describe('Astro’s schema error, as post-problems.ts reads it', () => {
  it('comes out one line a problem, without Astro’s headline, marks or repeated keys', () => {
    const message = InvalidContentEntryDataError.message('posts', 'nikki/2024-01-01', {
      issues: [
        { path: ['date'], message: 'date is required' },
        { path: ['tags', 0], message: 'tags.0: Expected string, received number' },
        { path: ['title'], message: 'Too long' },
      ],
    });
    expect(problemText(new Error(message))).toBe(['date is required', 'tags.0: Expected string, received number', 'title: Too long'].join('\n'));
  });
});
