/**
 * The one definition of a post's frontmatter. Every key a post may set is here, with its rules; pages
 * and feeds read the parsed result through `src/posts/posts.ts`. Keys not listed are ignored, so posts
 * migrated from other blogs build with their extra keys.
 */
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { postsLoader } from './posts/posts-loader.ts';
import { parsePostDate, postDateFromDate, toInstant, type PostDate } from './blog/dates.ts';
import { tagKey } from './blog/tags.ts';
import type { PostFields } from './blog/post-index.ts';
import { site } from './site.config.ts';

/** How a value the author wrote reads back in a message: `404`, `true`, `2022-02-23`, `[1,2]`. */
function written(value: unknown): string {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? 'an impossible date' : value.toISOString().replace(/T00:00:00\.000Z$/u, '');
  }
  return typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/**
 * The message for a key that must be text. YAML reads `title: 404`, `title: true` or `title: 2022-02-23`
 * as a number, a boolean or a date: quoting the value makes it text, so the message shows how.
 */
function mustBeText(key: string, input: unknown, example = `${key}: `): string {
  if (input === undefined || input === null) return `${key} is required`;
  const scalar = ['number', 'boolean', 'bigint'].includes(typeof input) || input instanceof Date;
  return scalar ? `${key} must be text: put it in quotes, ${example}"${written(input)}"` : `${key} must be text, not ${written(input)}`;
}

/**
 * A date as written: `YYYY-MM-DD` (that day in the site's time zone) or an ISO date-time. `key` names
 * it in messages.
 */
const postDate = (key: 'date' | 'updated') =>
  z
    .union([z.string(), z.date()], {
      error: (issue) =>
        key === 'date' && (issue.input === undefined || issue.input === null)
          ? 'date is required (YYYY-MM-DD)'
          : `${key} must be a date such as 2022-02-23 (YYYY-MM-DD), not ${written(issue.input)}`,
    })
    .transform((value, ctx): PostDate => {
      const parsed = typeof value === 'string' ? parsePostDate(value, site.timeZone) : postDateFromDate(value);
      if ('error' in parsed) {
        ctx.addIssue({ code: 'custom', message: parsed.error });
        return z.NEVER;
      }
      return parsed;
    });

const tags = z
  .array(
    z
      .string({ error: (issue) => (issue.input === null ? 'a tag must not be empty' : mustBeText('each tag', issue.input, '')) })
      .trim()
      .min(1, 'a tag must not be empty'),
    {
      error: (issue) =>
        issue.input === undefined ? undefined : 'must be a list of tags, e.g. tags: [astro, 日本語]',
    },
  )
  .default([])
  // One tag written twice (or in two spellings of one tag) counts once; the first spelling stays.
  .transform((list) => {
    const seen = new Set<string>();
    return list.filter((tag) => !seen.has(tagKey(tag)) && !!seen.add(tagKey(tag)));
  });

/**
 * Whether `value` is a hero image address this site can show: site-absolute (`/media/x.png`, not
 * `//host/x.png`), relative with `./` or `../`, or http(s). A bare `x.png` is refused: it is unclear
 * whether it means `public/` or the post's folder.
 */
export function isHeroImagePath(value: string): boolean {
  if (/[\t\n\r\f\v]/u.test(value)) return false;
  if (/^\/(?!\/)/u.test(value) || /^\.\.?\//u.test(value)) return !value.split(/[?#]/u)[0]!.endsWith('/');
  if (!/^https?:\/\//iu.test(value)) return false;
  return URL.canParse(value);
}

export const postSchema = z
  .object(
    {
      title: z.string({ error: (issue) => mustBeText('title', issue.input) }).trim().min(1, 'title must not be empty'),
      date: postDate('date'),
      updated: postDate('updated').optional(),
      published: z.boolean({
        error: (issue) =>
          issue.input === undefined || issue.input === null
            ? 'published is required: true to publish, false for a draft'
            : `published must be true or false (without quotes), not ${JSON.stringify(issue.input)}`,
      }),
      tags,
      description: z
        .string({ error: (issue) => mustBeText('description', issue.input) })
        .trim()
        .min(1, 'description must not be empty when given')
        .optional(),
      /**
       * Old URLs of the post (paths from the site's root, e.g. `/2014/08/19/promises.html`): each gets a
       * page that sends readers on to the post, and a line in `_redirects`.
       */
      aliases: z
        .array(
          z
            .string({
              error: (issue) => `an alias is a path from the site root, such as /2014/08/19/old-name.html, not ${written(issue.input)}`,
            })
            .trim()
            .regex(/^\/[^\s?#]*$/u, 'an alias is a path from the site root, such as /2014/08/19/old-name.html')
            .refine((path) => !path.split('/').includes('..'), 'an alias must not contain ..'),
          { error: (issue) => (issue.input === undefined ? undefined : 'aliases must be a list of paths') },
        )
        .default([]),
      /**
       * `true`: every line break in a paragraph is a `<br>`, as on Zenn and Qiita (the importer sets it
       * for posts from there). Otherwise Japanese lines are joined (src/markdown/line-breaks.ts).
       */
      breaks: z
        .boolean({ error: (issue) => `breaks must be true or false (without quotes), not ${JSON.stringify(issue.input)}` })
        .optional(),
      /**
       * An image shown at the top of the post (src/components/HeroImage.astro): a path from the site
       * root to a file in `public/` (`/media/x.png`, as the Astro blog starter writes it), a path
       * relative to the post's file (`./x.png`, `../images/x.png`), or an http(s) URL.
       */
      heroImage: z
        .string({ error: 'heroImage must be a path or URL of an image, e.g. heroImage: ./hero.png' })
        .trim()
        .min(1, { error: 'heroImage must not be empty when given', abort: true })
        .refine(isHeroImagePath, {
          error: (issue) =>
            `heroImage must be /path/in/public.png, ./beside-the-post.png or an http(s):// URL, not ${JSON.stringify(issue.input)}`,
        })
        .optional(),
      /** The post's language when it is not the site's, as a BCP 47 tag: `en`, `en-US`, `zh-Hant`. */
      lang: z
        .string({ error: (issue) => `lang must be a language tag such as en, ja or en-US, not ${written(issue.input)}` })
        .trim()
        .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/u, 'lang must be a language tag such as en, ja or en-US')
        .optional(),
    },
    {
      // A list or a single value where the keys should be (src/posts/posts-loader.ts says the same for
      // the single value, which Astro turns into no keys).
      error: (issue) =>
        issue.code === 'invalid_type'
          ? `the frontmatter must be a mapping of keys, one "key: value" a line (title: …, date: …, published: …), not ${Array.isArray(issue.input) ? 'a list' : written(issue.input)}`
          : undefined,
    },
  )
  .superRefine((post, ctx) => {
    if (!post.updated) return;
    const [date, updated] = [toInstant(post.date, site.timeZone), toInstant(post.updated, site.timeZone)];
    if (updated < date) {
      ctx.addIssue({ code: 'custom', path: ['updated'], message: 'updated must not be before date' });
    }
  });

export type PostData = z.infer<typeof postSchema>;

/** The schema gives what the post index reads (src/blog/post-index.ts): a type error here if it stops. */
export type SchemaGivesPostFields = Holds<PostData extends PostFields ? true : false>;
type Holds<T extends true> = T;

const posts = defineCollection({ loader: postsLoader({ base: './src/content/posts' }), schema: postSchema });

export const collections = { posts };
