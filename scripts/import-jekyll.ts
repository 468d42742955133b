/**
 * `npm run import -- <jekyll _posts folder> [--out <folder>]`: converts Jekyll posts into this blog's
 * frontmatter, keeping every other key and the Markdown body as they are.
 *
 * - date: the frontmatter's `date`, else the file name's `YYYY-MM-DD-`; a date-time without a zone is
 *   read in the site's time zone and written with its offset (`2014-08-19T08:23:00+09:00`);
 * - published: `true` unless Jekyll's `published: false`;
 * - tags: a clean list (trimmed, empty and duplicate ones dropped; a single string becomes a list);
 * - the file goes to the same sub-folder, named without the date prefix (`2014/promises-book.md`),
 *   unless that would clash, and `.markdown` becomes `.md`;
 * - aliases: the post's old URL (its `permalink`, else Jekyll's `/:year/:month/:day/:title.html`), so
 *   that links to the old blog keep working.
 *
 * A post that cannot be converted is never dropped silently: it is listed with its file and the reason,
 * and the command exits non-zero. Existing files are never overwritten.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { isoDateTime, parsePostDate, toDay, type PostDate } from '../src/lib/dates.ts';
import { checkPostFiles, postIdFromPath } from '../src/lib/post-files.ts';
import { site } from '../src/site.config.ts';

export interface ImportedPost {
  /** The Jekyll file, relative to the source folder. */
  source: string;
  /** The new file, relative to the output folder. */
  target: string;
  /** The post's URL path under /posts/. */
  id: string;
  /** Its old URLs (see `oldUrl`). */
  aliases: string[];
  text: string;
}

export interface ImportFailure {
  source: string;
  reason: string;
}

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/u;
const FILE_DATE = /^(\d{4}-\d{2}-\d{2})-(.+)$/u;
const POST_EXTENSIONS = /\.(md|markdown)$/iu;

function listPosts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith('.') ? [] : listPosts(full);
    return POST_EXTENSIONS.test(e.name) ? [full] : [];
  });
}

/** Jekyll's `2015-12-31T1:44` or `2014-08-19 08:23:00 +0900`: a date-time our schema reads. */
function normalizeDateTime(text: string): string {
  return text.trim().replace(/([T ])(\d):/u, '$10$2:');
}

function cleanTags(value: unknown): string[] | string {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,\s]+/u) : undefined;
  if (!list) return `tags must be a list, not ${JSON.stringify(value)}`;
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const item of list) {
    if (item === null || item === undefined) continue;
    const tag = String(item).trim();
    if (tag && !seen.has(tag.toLowerCase())) {
      seen.add(tag.toLowerCase());
      tags.push(tag);
    }
  }
  return tags;
}

/** Converts one Jekyll post; returns the new frontmatter and body, or the reason it cannot. */
export function convertPost(
  fileName: string,
  text: string,
  timeZone = site.timeZone,
): { text: string; aliases: string[] } | { error: string } {
  const match = FRONTMATTER.exec(text);
  if (!match) return { error: 'no YAML frontmatter (--- ... ---) at the top' };
  let data: unknown;
  try {
    data = parseYaml(match[1]!);
  } catch (e) {
    return { error: `broken YAML frontmatter: ${(e as Error).message.split('\n')[0]}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { error: 'the frontmatter is not a set of keys' };
  const { title, date, published, tags, ...rest } = data as Record<string, unknown>;

  if (typeof title !== 'string' && typeof title !== 'number') return { error: 'no title' };
  if (String(title).trim() === '') return { error: 'empty title' };

  const fromName = FILE_DATE.exec(fileName)?.[1];
  const written = date instanceof Date ? date.toISOString() : date === undefined || date === null ? fromName : String(date);
  if (!written) return { error: 'no date in the frontmatter or the file name (YYYY-MM-DD-name.md)' };
  const parsed = parsePostDate(normalizeDateTime(written), timeZone);
  if ('error' in parsed) return { error: `date: ${parsed.error}` };
  const newDate = 'day' in parsed ? parsed.day : isoDateTime(parsed.instant, timeZone);

  if (published !== undefined && typeof published !== 'boolean') {
    return { error: `published must be true or false, not ${JSON.stringify(published)}` };
  }
  const cleanedTags = cleanTags(tags);
  if (typeof cleanedTags === 'string') return { error: cleanedTags };

  const aliases = [...new Set([...toList(rest.aliases), oldUrl(fileName, rest.permalink, parsed, timeZone, rest.categories)])];
  delete rest.aliases;
  const frontmatter = { title: String(title).trim(), date: newDate, published: published !== false, tags: cleanedTags, aliases, ...rest };
  const yaml = stringifyYaml(frontmatter, { lineWidth: 0 });
  return { text: `---\n${yaml}---\n${text.slice(match[0].length)}`, aliases };
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

/** Where a Jekyll post goes: same folder, date prefix dropped, `.md`. */
function targetName(source: string): string {
  const dir = dirname(source);
  const name = source.slice(dir === '.' ? 0 : dir.length + 1).replace(POST_EXTENSIONS, '');
  const slug = FILE_DATE.exec(name)?.[2] ?? name;
  return join(dir === '.' ? '' : dir, `${slug}.md`);
}

export function importJekyll(sourceDir: string, outDir: string): { imported: ImportedPost[]; failed: ImportFailure[] } {
  const imported: ImportedPost[] = [];
  const failed: ImportFailure[] = [];
  const files = listPosts(sourceDir).sort();
  // Short names first; a clash (or a name our URLs cannot carry) keeps the Jekyll file name.
  const taken = new Set<string>();
  const plans = files.map((file) => {
    const source = relative(sourceDir, file);
    let target = targetName(source);
    const key = (t: string) => postIdFromPath(t).toLowerCase();
    if (taken.has(key(target)) || files.filter((f) => targetName(relative(sourceDir, f)) === target).length > 1) {
      target = source.replace(POST_EXTENSIONS, '.md');
    }
    taken.add(key(target));
    return { file, source, target };
  });
  for (const { file, source, target } of plans) {
    const problems = checkPostFiles([target]);
    if (problems.length > 0) {
      failed.push({ source, reason: problems[0]!.replace(`${target}: `, '') });
      continue;
    }
    if (existsSync(join(outDir, target))) {
      failed.push({ source, reason: `${target} already exists in the output folder` });
      continue;
    }
    const result = convertPost(source.split(sep).at(-1)!, readFileSync(file, 'utf8'));
    if ('error' in result) {
      failed.push({ source, reason: result.error });
      continue;
    }
    imported.push({ source, target, id: postIdFromPath(target), text: result.text, aliases: result.aliases });
  }
  for (const post of imported) {
    mkdirSync(dirname(join(outDir, post.target)), { recursive: true });
    writeFileSync(join(outDir, post.target), post.text, { flag: 'wx' });
  }
  return { imported, failed };
}

function main(argv: string[]): number {
  const args = [...argv];
  const outAt = args.indexOf('--out');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  let out = join(root, 'src', 'content', 'posts');
  if (outAt >= 0) {
    out = resolve(args[outAt + 1] ?? '');
    args.splice(outAt, 2);
  }
  const [source] = args;
  if (!source || args.length !== 1) {
    console.error('usage: npm run import -- <jekyll _posts folder> [--out <folder>]');
    return 2;
  }
  if (!existsSync(source)) {
    console.error(`npm run import: ${source} does not exist`);
    return 2;
  }
  const { imported, failed } = importJekyll(resolve(source), out);
  console.log(`Imported ${imported.length} posts into ${relative(process.cwd(), out) || '.'}.`);
  if (failed.length > 0) {
    console.error(`${failed.length} posts could not be imported:`);
    for (const f of failed) console.error(`  ${f.source}: ${f.reason}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
