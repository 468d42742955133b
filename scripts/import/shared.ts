/**
 * What the readers of other blog systems (scripts/import/<kind>.ts) have in common: reading a source
 * file as the author saved it (BOM, CRLF), YAML frontmatter with keys matched regardless of case,
 * titles (as text, or as HTML with entities), tag lists, dates read in the source's time zone, dates from git history
 * (or a GIT_DATES.tsv standing in for it), local image references, and what the engine cannot render.
 * Plain TypeScript with no Astro import, so that `node scripts/import.ts` runs it directly.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { decodeHTML } from 'entities';
import { parse as parseYaml } from 'yaml';
import { isoDateTime, parsePostDate, toInstant } from '../../src/blog/dates.ts';
import { tagKey } from '../../src/blog/tags.ts';
import { findLinkBlocks } from '../../src/markdown/find-card-urls.ts';
import type { SourceImage } from './source-post.ts';

/** A source file's text as the engine will see it: no byte order mark, `\n` line ends. */
export function readSourceText(file: string): string {
  return normalizeText(readFileSync(file, 'utf8'));
}

/** `text` without a byte order mark and with `\n` line ends (Windows and old Mac ones converted). */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
}

const YAML_FRONTMATTER = /^---[ \t]*\n(?:([\s\S]*?)\n)?---[ \t]*(?:\n|$)/u;

/** A file's YAML frontmatter (`---` … `---`) and the body after it, or why it has none. */
export function splitYamlFrontmatter(text: string): { data: Record<string, unknown>; body: string } | { error: string } {
  const match = YAML_FRONTMATTER.exec(text);
  if (!match) return { error: 'no YAML frontmatter (--- ... ---) at the top' };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (e) {
    return { error: `broken YAML frontmatter: ${(e as Error).message.split('\n')[0]}` };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return { error: 'the frontmatter is not a set of keys' };
  return { data: data as Record<string, unknown>, body: text.slice(match[0].length) };
}

/**
 * Frontmatter keys matched without regard to case (`Tags`, `TITLE`), as authors and older tools wrote
 * them. `take` consumes a key, so that `rest()` is what no reader mapping used: the keys kept as they
 * were (`SourcePost.extra`).
 */
export class Keys {
  readonly #data: Record<string, unknown>;
  readonly #used = new Set<string>();

  constructor(data: Record<string, unknown>) {
    this.#data = data;
  }

  /** Every value written under `name` in any case (two spellings of one key both count), and consumes them. */
  takeAll(name: string): unknown[] {
    const lower = name.toLowerCase();
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(this.#data)) {
      if (key.toLowerCase() !== lower) continue;
      this.#used.add(key);
      if (value !== undefined && value !== null) values.push(value);
    }
    return values;
  }

  /** The value of `name` in any case (the first non-empty one), and consumes the key. */
  take(name: string): unknown {
    return this.takeAll(name)[0];
  }

  /** The keys nobody took, as written. */
  rest(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.#data).filter(([key]) => !this.#used.has(key)));
  }
}

/**
 * A title its old site showed as text (Zenn, Qiita, Astro escape it into their pages): trimmed, and
 * otherwise as written, so that a post titled `&amp; の書き方` keeps its `&amp;`. Undefined when there is none.
 */
export function cleanTitle(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const title = String(value).trim();
  return title === '' ? undefined : title;
}

/**
 * A title its old site put into its pages as HTML (Jekyll, Hexo, Hugo, WordPress and Movable Type
 * templates write it unescaped, so `整理&#038;同時検索` showed as `整理&同時検索`): HTML entities decoded, as
 * the reader saw them, and trimmed. This blog escapes titles itself. Undefined when there is none.
 */
export function htmlTitle(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return cleanTitle(decodeHTML(String(value)));
}

/**
 * One clean list of tags from every value given (tags, topics, categories…): a list, or a single string
 * split at `split`; Qiita's `{ name }` objects give their name. Trimmed; empty ones and repeats (in the
 * engine's sense: case and width ignored) dropped, the first spelling kept. A value of another kind is
 * an error.
 */
export function tagList(values: readonly unknown[], split: RegExp = /,/u): string[] | { error: string } {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const value of values) {
    const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(split) : [value];
    for (const item of list) {
      let tag: string;
      if (item === null || item === undefined) continue;
      if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') tag = String(item);
      else if (typeof item === 'object' && 'name' in item && typeof item.name === 'string') tag = item.name;
      else return { error: `tags must be a list of names, not ${JSON.stringify(value)}` };
      tag = decodeHTML(tag).trim();
      if (tag === '' || seen.has(tagKey(tag))) continue;
      seen.add(tagKey(tag));
      tags.push(tag);
    }
  }
  return tags;
}

/** A date as this blog's schema reads it, and the instant it stands for (to compare dates). */
export interface ReadDate {
  date: string;
  instant: Date;
}

/**
 * A date as a source wrote it, in this blog's form. Text without an offset is read in `sourceZone`
 * (Zenn and Hatena: Asia/Tokyo; Hexo: its `timezone`); a calendar day stays a day when the source's
 * zone is the site's, else it becomes that midnight with its offset. Date-times are written with the
 * site's offset. Jekyll's `T1:44` (one-digit hour) is accepted; anything else that is not a real date
 * (`2020-12/01`, `2020-13-45`) is an error naming the value.
 */
export function readDate(value: unknown, sourceZone: string, siteZone: string): ReadDate | { error: string } {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return { error: 'is not a valid date' };
    return { date: isoDateTime(value, siteZone), instant: value };
  }
  if (typeof value !== 'string' && typeof value !== 'number') return { error: `${JSON.stringify(value)} is not a date` };
  const text = String(value).trim().replace(/([T ])(\d):/u, '$10$2:');
  const parsed = parsePostDate(text, sourceZone);
  if ('error' in parsed) return parsed;
  if ('day' in parsed) {
    const instant = toInstant(parsed, sourceZone);
    return { date: sourceZone === siteZone ? parsed.day : isoDateTime(instant, siteZone), instant };
  }
  return { date: isoDateTime(parsed.instant, siteZone), instant: parsed.instant };
}

/** The `YYYY-MM-DD` or `YYYYMMDD` a file name starts with (Jekyll, Hexo, many exports), as `YYYY-MM-DD`. */
export function fileNameDay(name: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?=[-_.]|$)/u.exec(name);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** When a file was first and last committed (ISO date-times with their offsets). */
export interface FileDates {
  first: string;
  last: string;
}

/** Dates of the files of a source from its history, and where they came from (for the report). */
export interface HistoryDates {
  /** By path relative to the source root, `/`-separated. */
  dates: Map<string, FileDates>;
  /** Where each date came from, by path: `git` or `GIT_DATES.tsv`. */
  origin: Map<string, 'git' | 'GIT_DATES.tsv'>;
  /** True when the git repository is a shallow clone: its first commits are where the clone was cut. */
  shallow: boolean;
}

/**
 * First and last commit dates of the files under `root/sub` (author dates, as `git log` gives them), when
 * `root` is in a git repository; else, and for files git has not seen, from a `GIT_DATES.tsv` in `root`.
 * That file stands in for history when a folder was copied out of its repository: a header line
 * `path<TAB>first_commit_date<TAB>last_commit_date`, then one line a file, paths relative to `root`
 * (`articles/foo.md`), dates ISO 8601 with offsets. Columns are found by their header names.
 */
export function historyDates(root: string, sub: string): HistoryDates {
  const dates = new Map<string, FileDates>();
  const origin = new Map<string, 'git' | 'GIT_DATES.tsv'>();
  let shallow = false;
  const git = (args: string[]) => spawnSync('git', ['-C', root, '-c', 'core.quotePath=false', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const inRepo = git(['rev-parse', '--is-inside-work-tree']);
  if (inRepo.status === 0 && inRepo.stdout.trim() === 'true') {
    shallow = git(['rev-parse', '--is-shallow-repository']).stdout.trim() === 'true';
    // One pass over the history (newest first) instead of one `git log` a file: the last commit seen
    // of a file is its first. `--relative` gives paths relative to `root`, and leaves out the rest.
    const log = git(['log', '--format=%x01%aI', '--name-only', '--no-renames', '--relative', '--', sub]);
    if (log.status === 0) {
      for (const commit of log.stdout.split('\u0001').slice(1)) {
        const [date = '', ...files] = commit.split('\n');
        for (const file of files) {
          if (!file) continue;
          const known = dates.get(file);
          dates.set(file, { first: date.trim(), last: known?.last ?? date.trim() });
          origin.set(file, 'git');
        }
      }
    }
  }
  const tsv = join(root, 'GIT_DATES.tsv');
  if (existsSync(tsv)) {
    const lines = readSourceText(tsv).split('\n').filter((l) => l.trim() !== '');
    const header = (lines[0] ?? '').split('\t').map((h) => h.trim().toLowerCase());
    const hasHeader = header.includes('path');
    const col = (name: string, fallback: number) => (hasHeader ? header.indexOf(name) : fallback);
    const [p, f, l] = [col('path', 0), col('first_commit_date', 1), col('last_commit_date', 2)];
    for (const line of hasHeader ? lines.slice(1) : lines) {
      const cells = line.split('\t').map((c) => c.trim());
      const path = cells[p]?.replace(/\\/gu, '/').replace(/^\.\//u, '');
      const first = cells[f];
      if (!path || !first || origin.get(path) === 'git') continue;
      dates.set(path, { first, last: (l >= 0 ? cells[l] : undefined) || first });
      origin.set(path, 'GIT_DATES.tsv');
    }
  }
  return { dates, origin, shallow };
}

/** `path` relative to `root` with `/` separators, as history dates and reports name files. */
export function posixRelative(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** True when a URL leaves the post's own files: another site, `data:`, `mailto:`, a fragment. */
function isRemote(url: string): boolean {
  return url === '' || url.startsWith('#') || url.startsWith('//') || /^[a-z][a-z0-9+.-]*:/iu.test(url);
}

/**
 * Calls `fn` on each stretch of `body` that is not inside a fenced code block (``` or ~~~), and joins
 * the results with the code blocks as they were: images and platform tags in code are examples, not
 * content.
 */
export function outsideCode(body: string, fn: (prose: string) => string): string {
  const lines = body.split('\n');
  const out: string[] = [];
  let prose: string[] = [];
  let fence: { char: string; length: number } | undefined;
  const flush = () => {
    if (prose.length > 0) out.push(fn(prose.join('\n')));
    prose = [];
  };
  for (const line of lines) {
    const m = /^ {0,3}(`{3,}|~{3,})(.*)$/u.exec(line);
    if (fence) {
      out.push(line);
      if (m && m[1]![0] === fence.char && m[1]!.length >= fence.length && m[2]!.trim() === '') fence = undefined;
    } else if (m && !(m[1]![0] === '`' && m[2]!.includes('`'))) {
      flush();
      out.push(line);
      fence = { char: m[1]![0]!, length: m[1]!.length };
    } else {
      prose.push(line);
    }
  }
  flush();
  return out.join('\n');
}

const MARKDOWN_IMAGE = /!\[(?:[^\]\\]|\\.)*\]\(\s*(<[^>\n]*>|[^\s)]+)/gu;
const HTML_IMAGE = /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/giu;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gmu;
const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg)(?:[?#].*)?$/iu;

/**
 * The local images a Markdown body refers to (outside code blocks and spans), each once, as written: Markdown images
 * (`![a](./x.png)`, Zenn's `![a](/images/x.png =250x)`), reference definitions that name an image file,
 * and HTML `<img src>`. Remote images stay remote and are not listed.
 */
export function imageRefs(body: string): string[] {
  const refs = new Set<string>();
  const add = (raw: string | undefined) => {
    if (raw === undefined) return;
    const ref = raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw;
    if (!isRemote(ref.trim())) refs.add(ref.trim());
  };
  outsideCode(body, (text) => {
    // Inline code spans are examples too.
    const prose = text.replace(/(`+)[^`][\s\S]*?\1/gu, '');
    for (const m of prose.matchAll(MARKDOWN_IMAGE)) add(m[1]);
    for (const m of prose.matchAll(HTML_IMAGE)) add(m[1] ?? m[2] ?? m[3]);
    for (const m of prose.matchAll(REFERENCE_DEFINITION)) if (IMAGE_FILE.test(m[1]!)) add(m[1]);
    return text;
  });
  return [...refs];
}

/**
 * The file an image reference names: a relative one from `postDir`, a site-absolute one (`/images/a.png`)
 * under each of `siteRoots` in turn (the source's static folders). Query and fragment are dropped and
 * percent-escapes decoded. Undefined when there is no such file.
 */
export function findImage(ref: string, postDir: string, siteRoots: readonly string[]): string | undefined {
  let path = ref.split(/[?#]/u)[0]!;
  try {
    path = decodeURI(path);
  } catch {
    // Written with a stray %: look for it as written.
  }
  // A site-absolute path must stay inside its root (`/../../etc/x.png` names nothing of the site).
  const candidates = path.startsWith('/')
    ? siteRoots.map((root) => join(root, path)).filter((file, i) => !relative(siteRoots[i]!, file).startsWith('..'))
    : [resolve(postDir, path)];
  for (const file of candidates) {
    try {
      if (statSync(file).isFile()) return file;
    } catch {
      // Not there: try the next root.
    }
  }
  return undefined;
}

/** `imageRefs` of a body, each with the file it was found at (`findImage`). */
export function bodyImages(body: string, postDir: string, siteRoots: readonly string[]): SourceImage[] {
  return imageRefs(body).map((ref) => {
    const file = findImage(ref, postDir, siteRoots);
    return file === undefined ? { ref } : { ref, file };
  });
}

/**
 * What in a body the engine will not render as the author meant, for the report: link blocks it cannot
 * make (`@[unknown](…)`, `@[youtube](not an id)`), found as the engine's own Markdown pipeline finds them.
 */
export function bodyProblems(body: string): string[] {
  // A stand-in frontmatter, so that a body starting with a `---` rule is not taken for one.
  return [...new Set(findLinkBlocks(`---\nx: 1\n---\n${body}`).flatMap((block) => ('problem' in block && block.problem ? [block.problem] : [])))];
}

/**
 * True when `folder` holds Markdown files (the first 20 looked at) whose YAML frontmatter has one of
 * `keys` (compared in lower case): how a Zenn or Qiita folder is told from any other.
 */
export function hasPostsWithKeys(folder: string, keys: readonly string[]): boolean {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return false;
  return readdirSync(folder)
    .filter((n) => n.endsWith('.md'))
    .slice(0, 20)
    .some((n) => {
      const split = splitYamlFrontmatter(readSourceText(join(folder, n)));
      return !('error' in split) && Object.keys(split.data).some((k) => keys.includes(k.toLowerCase()));
    });
}

/**
 * A Markdown post file with YAML frontmatter and a title (Zenn, Qiita): its keys (the title taken),
 * title and body, or why it cannot be imported.
 */
export function readTitledPost(file: string): { keys: Keys; title: string; body: string } | { reason: string } {
  const split = splitYamlFrontmatter(readSourceText(file));
  if ('error' in split) return { reason: split.error };
  const keys = new Keys(split.data);
  const title = cleanTitle(keys.take('title'));
  return title ? { keys, title, body: split.body } : { reason: 'no title' };
}
