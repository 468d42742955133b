/**
 * `npm run new -- <slug> [title]`: starts a post at src/content/posts/<slug>.md with valid frontmatter
 * (today in the site's time zone, a draft, no tags). The slug is the post's URL: letters (Japanese
 * too), digits, `-` and `_`, with `/` between folders; `my-trip/index` starts a page bundle, a folder
 * for the post and its images. Refuses any other slug (naming one it would take), to overwrite a file,
 * or to take a URL another post already has. `--root DIR` works on another copy of the site.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calendarDayOf } from '../src/blog/dates.ts';
import { checkPostFiles, listPostFolder, postIdFromPath } from '../src/posts/post-files.ts';
import { site } from '../src/site.config.ts';
import { takeRootArgument } from './lib/root-argument.ts';

export interface NewPostOptions {
  root: string;
  slug: string;
  title?: string | undefined;
  now?: Date;
}

/** One folder or file name of a slug: letters of any script (with their marks), digits, `-` and `_`. */
const SLUG_SEGMENT = /^[\p{L}\p{M}\p{N}_-]+$/u;

/**
 * A slug made of what the author typed, for a message that suggests it: every run of other
 * characters (spaces, punctuation, symbols) becomes one `-`. Empty when nothing usable is left.
 */
export function suggestedSlug(typed: string): string {
  return typed
    .normalize('NFC')
    .split('/')
    .map((segment) => segment.replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '-').replace(/^-+|-+$/gu, ''))
    .filter((segment) => segment !== '')
    .join('/');
}

/** Writes the new post and returns its path; throws with a message for the author when it cannot. */
export function newPost({ root, slug, title, now = new Date() }: NewPostOptions): string {
  const cleanSlug = slug.trim().normalize('NFC').replace(/\.md$/u, '').replace(/^\/+|\/+$/gu, '');
  if (!cleanSlug || !cleanSlug.split('/').every((segment) => SLUG_SEGMENT.test(segment))) {
    const suggestion = suggestedSlug(cleanSlug);
    // Words with spaces read like a title: the suggestion keeps them as one.
    const asTitle = !title && /\s/u.test(slug.trim()) ? ` ${JSON.stringify(slug.trim())}` : '';
    const example = suggestion ? `: npm run new -- ${suggestion}${asTitle}` : ', e.g. my-first-post or 2024/trip';
    throw new Error(
      `"${slug}" cannot be a post's URL. Use letters (日本語 too), digits, - and _, with / between folders${example}`,
    );
  }
  const postsDir = join(root, 'src', 'content', 'posts');
  const file = join(postsDir, `${cleanSlug}.md`);
  const shown = relative(root, file);
  if (existsSync(file)) throw new Error(`${shown} already exists; choose another name`);
  const problems = checkPostFiles([...listPostFolder(postsDir), `${cleanSlug}.md`]).filter((p) =>
    p.includes(`${cleanSlug}.md`),
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));

  const frontmatter = [
    // A page bundle (`my-trip/index`) is titled by its folder.
    `title: ${JSON.stringify(title?.trim() || postIdFromPath(`${cleanSlug}.md`).split('/').at(-1) || cleanSlug)}`,
    `date: ${calendarDayOf(now, site.timeZone)}`,
    'published: false',
    'tags: []',
  ];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `---\n${frontmatter.join('\n')}\n---\n\n`, { flag: 'wx' });
  return shown;
}

function main(argv: string[]): number {
  const args = [...argv];
  const root = takeRootArgument(args);
  const [slug, ...titleWords] = args;
  if (!slug || slug.startsWith('-')) {
    console.error('usage: npm run new -- <slug> [title]   e.g. npm run new -- kyoto-trip "京都で紅葉を見た"');
    return 2;
  }
  try {
    const path = newPost({ root, slug, title: titleWords.join(' ') || undefined });
    const id = postIdFromPath(relative(join(root, 'src', 'content', 'posts'), join(root, path)));
    console.log(`Wrote ${path}, the post /posts/${id}/ (a draft: set published: true to publish it).`);
    return 0;
  } catch (e) {
    console.error(`npm run new: ${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
