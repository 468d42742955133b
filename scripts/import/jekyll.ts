/**
 * Reads a Jekyll blog: the site folder (with `_posts/`, and `_drafts/` when there is one), a `_posts`
 * folder, or any folder of `YYYY-MM-DD-name.md` files (sub-folders kept).
 *
 * - title: HTML entities decoded (Jekyll's templates write the title as HTML); date: the frontmatter's `date`, else the file name's `YYYY-MM-DD-`,
 *   else the file's first commit (git, or a GIT_DATES.tsv); a date-time without a zone is read in the
 *   site's time zone and written with its offset (`2014-08-19T08:23:00+09:00`);
 * - published: `true` unless Jekyll's `published: false` (or `draft: true`); posts in `_drafts/` are drafts;
 * - tags: `tags` and `categories` (each a list, or one string of names separated by spaces or commas),
 *   cleaned, each once; `categories` also stays a key of its own, for the old URL;
 * - description: `description`, else Jekyll's `excerpt`;
 * - aliases: the post's old URL (its `permalink`, else Jekyll's `/:year/:month/:day/:title.html`), and
 *   jekyll-redirect-from's `redirect_from`;
 * - the slug: the same sub-folder, the file name without its date prefix (`2014/promises-book`), unless
 *   two posts would clash, when both keep their whole file name;
 * - every other key is kept as it was; the body too, except Liquid's `{% raw %}` markers (removed: what
 *   they wrap is what Jekyll showed) and `{% highlight lang %}` blocks (code fences). Any other Liquid
 *   tag outside code is listed for the author.
 * - images: relative ones from the post's folder, site-absolute ones (`/images/a.png`) from the site folder.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { toDay, type PostDate } from '../../src/blog/dates.ts';
import {
  Keys,
  bodyImages,
  bodyProblems,
  htmlTitle,
  historyDates,
  outsideCode,
  posixRelative,
  readDate,
  readSourceText,
  splitYamlFrontmatter,
  tagList,
} from './shared.ts';
import type { ReadOptions, SourceFailure, SourcePost, SourceReading } from './source-post.ts';

const FILE_DATE = /^(\d{4}-\d{2}-\d{2})-(.+)$/u;
const POST_EXTENSIONS = /\.(md|markdown)$/iu;

function listPosts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith('.') || e.name.startsWith('_') ? [] : listPosts(full);
    return POST_EXTENSIONS.test(e.name) ? [full] : [];
  });
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();

/** The folders of a Jekyll source: where posts are, drafts (if any), and the site root for `/…` images. */
export function jekyllLayout(path: string): { posts: string; drafts?: string; site: string } {
  const root = resolve(path);
  if (isDir(join(root, '_posts'))) {
    const drafts = join(root, '_drafts');
    return isDir(drafts) ? { posts: join(root, '_posts'), drafts, site: root } : { posts: join(root, '_posts'), site: root };
  }
  return { posts: root, site: basename(root) === '_posts' ? dirname(root) : root };
}

function toList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * The URL the post had on the Jekyll site: its `permalink` (placeholders filled in), else Jekyll's
 * `/:year/:month/:day/:title.html`, with the date read in the site's time zone.
 */
export function oldUrl(fileName: string, permalink: unknown, date: PostDate, timeZone: string, categories?: unknown): string {
  const [year, month, day] = toDay(date, timeZone).split('-') as [string, string, string];
  const title = (FILE_DATE.exec(fileName.replace(POST_EXTENSIONS, ''))?.[2] ?? fileName.replace(POST_EXTENSIONS, '')).normalize('NFC');
  const pattern = typeof permalink === 'string' && permalink.trim() ? permalink.trim() : '/:year/:month/:day/:title.html';
  const filled = pattern
    .replace(/:year/gu, year)
    .replace(/:i_month/gu, String(Number(month)))
    .replace(/:month/gu, month)
    .replace(/:i_day/gu, String(Number(day)))
    .replace(/:day/gu, day)
    .replace(/:title/gu, title)
    .replace(/:categories/gu, toList(categories).join('/'))
    .replace(/:output_ext/gu, '.html');
  const path = filled.startsWith('/') ? filled : `/${filled}`;
  try {
    return decodeURI(path.replace(/\/{2,}/gu, '/'));
  } catch {
    return path;
  }
}

const RAW = /\{%-?\s*(?:end)?raw\s*-?%\}/gu;
const HIGHLIGHT = /^([ \t]*)\{%-?\s*highlight\s+([\w+#.-]+)([^%]*?)-?%\}[ \t]*$/gmu;
const END_HIGHLIGHT = /^([ \t]*)\{%-?\s*endhighlight\s*-?%\}[ \t]*$/gmu;

/** The body as Jekyll showed it, in this blog's Markdown, and the Liquid it could not convert. */
export function convertLiquid(body: string): { body: string; attention: string[] } {
  const attention = new Set<string>();
  // Outside {% raw %} … {% endraw %} only: inside, Liquid is text the author meant to show.
  const parts = body.split(/(\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\})/u);
  const converted = parts
    .map((part, i) => {
      if (i % 2 === 1) return part.replace(RAW, '');
      const fenced = part
        .replace(HIGHLIGHT, (_, indent: string, lang: string, rest: string) => `${indent}\`\`\`${lang}${/\blinenos\b/u.test(rest) ? ' showLineNumbers' : ''}`)
        .replace(END_HIGHLIGHT, '$1```');
      outsideCode(fenced, (prose) => {
        for (const m of prose.matchAll(/\{%-?\s*(\w+)|\{\{-?\s*([\w.]+)/gu)) {
          attention.add(m[1] ? `Liquid tag {% ${m[1]} %} left as text` : `Liquid output {{ ${m[2]} }} left as text`);
        }
        return prose;
      });
      return fenced;
    })
    .join('');
  return { body: converted, attention: [...attention] };
}

type Converted = Omit<SourcePost, 'source' | 'slug' | 'ext' | 'images' | 'heroImage'>;

/**
 * Converts one Jekyll post (its file name, for the date and old URL, and its text); returns the post
 * without its place (source, slug, images), or the reason it cannot.
 */
export function convertPost(
  fileName: string,
  text: string,
  timeZone: string,
  options: { draft?: boolean; firstCommit?: string } = {},
): Converted | { error: string } {
  const split = splitYamlFrontmatter(text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n'));
  if ('error' in split) return split;
  const keys = new Keys(split.data);
  const title = keys.take('title');
  if (typeof title !== 'string' && typeof title !== 'number') return { error: 'no title' };
  const cleanedTitle = htmlTitle(title);
  if (cleanedTitle === undefined) return { error: 'empty title' };

  const fromName = FILE_DATE.exec(fileName)?.[1];
  const written = keys.take('date') ?? fromName ?? options.firstCommit;
  if (written === undefined) {
    return { error: 'no date in the frontmatter or the file name (YYYY-MM-DD-name.md), and no commit in git: add date: YYYY-MM-DD' };
  }
  const date = readDate(written, timeZone, timeZone);
  if ('error' in date) return { error: `date: ${date.error}` };

  const published = keys.take('published');
  if (published !== undefined && typeof published !== 'boolean') {
    return { error: `published must be true or false, not ${JSON.stringify(published)}` };
  }
  const draft = keys.take('draft');
  // Jekyll's categories are tags too (as on most themes' category pages); they also stay a key of
  // their own, since `:categories` makes the old URL.
  const categoryValue = Object.entries(keys.rest()).find(([k]) => k.toLowerCase() === 'categories' || k.toLowerCase() === 'category')?.[1];
  const tags = tagList([...keys.takeAll('tags'), ...(categoryValue === undefined ? [] : [categoryValue])], /[,\s]+/u);
  if ('error' in tags) return tags;
  const description = keys.take('description') ?? keys.take('excerpt');
  const lang = keys.take('lang');

  // `permalink` and `categories` stay keys of their own, as before; they also make the old URL.
  const rest = keys.rest();
  const permalink = Object.entries(rest).find(([k]) => k.toLowerCase() === 'permalink')?.[1];
  const categories = Object.entries(rest).find(([k]) => k.toLowerCase() === 'categories')?.[1];
  const parsed: PostDate = /^\d{4}-\d{2}-\d{2}$/u.test(date.date) ? { day: date.date } : { instant: date.instant };
  const aliases = [
    ...new Set([
      ...toList(keys.take('aliases')),
      ...toList(keys.take('redirect_from')),
      ...(options.draft ? [] : [oldUrl(fileName, permalink, parsed, timeZone, categories)]),
    ]),
  ];
  const liquid = convertLiquid(split.body);
  const post: Converted = {
    title: cleanedTitle,
    date: date.date,
    published: published !== false && draft !== true && !options.draft,
    tags,
    aliases,
    body: liquid.body,
    attention: [...liquid.attention, ...bodyProblems(liquid.body)],
    extra: keys.rest(),
  };
  if (typeof description === 'string' && description.trim()) post.description = description.trim();
  if (typeof lang === 'string' && lang.trim()) post.lang = lang.trim();
  return post;
}

/** Where a Jekyll post goes: same folder, date prefix dropped. */
function slugOf(relativePath: string): string {
  const segments = relativePath.split(sep);
  const name = segments.pop()!.replace(POST_EXTENSIONS, '');
  return [...segments, FILE_DATE.exec(name)?.[2] ?? name].join('/');
}

/** Reads every post of a Jekyll blog (see the file's comment). */
export function read(path: string, options: ReadOptions): SourceReading {
  const root = resolve(path);
  if (!isDir(root)) throw new Error(`${root} is not a folder: give the Jekyll site's folder or its _posts folder`);
  const layout = jekyllLayout(root);
  const files = [
    ...listPosts(layout.posts).map((file) => ({ file, base: layout.posts, draft: false })),
    ...(layout.drafts ? listPosts(layout.drafts).map((file) => ({ file, base: layout.drafts!, draft: true })) : []),
  ].sort((a, b) => (a.file < b.file ? -1 : 1));
  // Short names first; a clash keeps the Jekyll file names of all the posts that would share one.
  const counts = new Map<string, number>();
  for (const f of files) {
    const key = slugOf(relative(f.base, f.file)).normalize('NFC').toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const needsHistory = files.some((f) => !FILE_DATE.test(basename(f.file)));
  const history = needsHistory ? historyDates(root, '.') : undefined;
  const posts: SourcePost[] = [];
  const failures: SourceFailure[] = [];
  for (const { file, base, draft } of files) {
    const source = relative(root, file) || basename(file);
    const inBase = relative(base, file);
    let slug = slugOf(inBase);
    if ((counts.get(slug.normalize('NFC').toLowerCase()) ?? 0) > 1) slug = inBase.replace(POST_EXTENSIONS, '').split(sep).join('/');
    let text: string;
    try {
      text = readSourceText(file);
    } catch (e) {
      failures.push({ source, reason: `cannot be read: ${(e as Error).message}` });
      continue;
    }
    const firstCommit = history?.dates.get(posixRelative(root, file))?.first;
    const result = convertPost(basename(file), text, options.timeZone, { draft, ...(firstCommit ? { firstCommit } : {}) });
    if ('error' in result) {
      failures.push({ source, reason: result.error });
      continue;
    }
    const images = bodyImages(result.body, dirname(file), [layout.site]);
    posts.push({ ...result, source, slug, ext: '.md', images });
  }
  return { kind: 'jekyll', posts, failures };
}
