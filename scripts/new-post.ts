/**
 * `npm run new -- <slug> [title]`: starts a post at src/content/posts/<slug>.md with valid frontmatter
 * (today in the site's time zone, a draft, no tags). Refuses to overwrite a file or to take a URL
 * another post already has. `--root DIR` works on another copy of the site.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calendarDayOf } from '../src/lib/dates.ts';
import { checkPostFiles, listPostFolder } from '../src/lib/post-files.ts';
import { site } from '../src/site.config.ts';

export interface NewPostOptions {
  root: string;
  slug: string;
  title?: string | undefined;
  now?: Date;
}

/** Writes the new post and returns its path; throws with a message for the author when it cannot. */
export function newPost({ root, slug, title, now = new Date() }: NewPostOptions): string {
  const cleanSlug = slug.trim().replace(/\.md$/u, '').replace(/^\/+|\/+$/gu, '');
  if (!cleanSlug || cleanSlug.split('/').some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`"${slug}" is not a post name: use letters, digits and -, e.g. my-first-post or 2024/trip`);
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
    `title: ${JSON.stringify(title?.trim() || cleanSlug.split('/').at(-1))}`,
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
  let root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const rootAt = args.indexOf('--root');
  if (rootAt >= 0) {
    root = resolve(args[rootAt + 1] ?? '.');
    args.splice(rootAt, 2);
  }
  const [slug, ...titleWords] = args;
  if (!slug || slug.startsWith('-')) {
    console.error('usage: npm run new -- <slug> [title]   e.g. npm run new -- jpki-reset "署名用パスワードのリセット"');
    return 2;
  }
  try {
    const path = newPost({ root, slug, title: titleWords.join(' ') || undefined });
    console.log(`Wrote ${path} (a draft: set published: true to publish it).`);
    return 0;
  } catch (e) {
    console.error(`npm run new: ${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
