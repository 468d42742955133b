/**
 * What the Hugo, Hexo, WordPress and Hatena readers share: reading a source file (BOM and CRLF
 * dropped), splitting and parsing its frontmatter (YAML, TOML, JSON), reading dates in the source's
 * time zone, tags, slugs, aliases, local images, code-fence-aware rewriting and HTML bodies that
 * survive being read as Markdown. Pure: nothing here writes a file.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { calendarDayOf, isoDateTime, parsePostDate, toInstant, type PostDate } from '../../src/blog/dates.ts';
import type { SourceImage, SourcePost } from './source-post.ts';

// ---------------------------------------------------------------------------------------------------
// Text and frontmatter

/** A source file as text: UTF-8, without a byte-order mark, with `\n` line ends (CRLF and CR both occur). */
export function readSourceText(file: string): string {
  return normalizeText(readFileSync(file, 'utf8'));
}

/** `text` without a leading BOM and with every line end as `\n`. */
export function normalizeText(text: string): string {
  return text.replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
}

export type FrontmatterFormat = 'yaml' | 'toml' | 'json';

export interface Frontmatter {
  format: FrontmatterFormat | 'none';
  data: Record<string, unknown>;
  body: string;
}

const YAML_BLOCK = /^---[ \t]*\n(?:([\s\S]*?)\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)/u;
const TOML_BLOCK = /^\+\+\+[ \t]*\n(?:([\s\S]*?)\n)?\+\+\+[ \t]*(?:\n|$)/u;

/**
 * Splits normalized text into frontmatter and body. `---` is YAML, `+++` TOML, a leading `{` JSON
 * (Hugo's three forms). No frontmatter gives `format: 'none'` and empty data; a block that does not
 * parse, or is not a set of keys, gives the parser's first line as the error.
 */
export function splitFrontmatter(text: string): Frontmatter | { error: string } {
  const yaml = YAML_BLOCK.exec(text);
  if (yaml) return parsed('yaml', yaml[1] ?? '', text.slice(yaml[0].length));
  const toml = TOML_BLOCK.exec(text);
  if (toml) return parsed('toml', toml[1] ?? '', text.slice(toml[0].length));
  if (text.startsWith('{')) {
    const end = jsonObjectEnd(text);
    if (end === undefined) return { error: 'JSON frontmatter: no closing }' };
    return parsed('json', text.slice(0, end), text.slice(end).replace(/^[ \t]*\n/u, ''));
  }
  return { format: 'none', data: {}, body: text };
}

/** Parses a frontmatter block in `format`; the error names the format and the parser's first line. */
export function parsed(format: FrontmatterFormat, block: string, body: string): Frontmatter | { error: string } {
  let data: unknown;
  try {
    data = format === 'yaml' ? parseYaml(block) : format === 'toml' ? parseToml(block) : JSON.parse(block);
  } catch (e) {
    const name = format === 'yaml' ? 'YAML' : format === 'toml' ? 'TOML' : 'JSON';
    return { error: `broken ${name} frontmatter: ${String((e as Error).message).split('\n')[0]}` };
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) return { error: 'the frontmatter is not a set of keys' };
  return { format, data: data as Record<string, unknown>, body };
}

/** The index just past the `}` that closes the JSON object `text` starts with (strings respected). */
function jsonObjectEnd(text: string): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return undefined;
}

/**
 * A frontmatter value by key, whatever its case (`Tags`, `TAGS` and `tags` are one key: blogs
 * migrated between systems carry both spellings). The first of `names` present wins.
 */
export function field(data: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const lower = name.toLowerCase();
    for (const key of Object.keys(data)) if (key.toLowerCase() === lower) return data[key];
  }
  return undefined;
}

/** A frontmatter value as trimmed text, or undefined when absent, empty or not text or a number. */
export function textField(data: Record<string, unknown>, ...names: string[]): string | undefined {
  const value = field(data, ...names);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * True/false from a frontmatter flag: booleans, and the strings YAML 1.1 and TOML users write
 * (`"true"`, `yes`, `on`, `1`); undefined when absent or unreadable.
 */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return undefined;
  const v = value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1', 'y'].includes(v)) return true;
  if (['false', 'no', 'off', '0', 'n'].includes(v)) return false;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Dates

/** A date read from a source: the text for this blog's `date`, what it means, and its calendar day. */
export interface ReadDate {
  /** `YYYY-MM-DD`, or an ISO date-time with an offset. */
  text: string;
  date: PostDate;
  /**
   * The day the old site put in its URLs: the day as written when the source wrote its own offset
   * (Hugo keeps it), else the day in the source's time zone.
   */
  day: string;
  /** The wall-clock time as written (`HH:MM:SS`), for `:hour`-style URL parts; `00:00:00` for a day. */
  time: string;
}

const LOOSE_DAY = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?=$|[T ])/u;
const OFFSET = /(?:Z|[+-]\d{2}:?\d{2})$/iu;

/**
 * Reads a frontmatter or export date in `timeZone` (unless it carries its own offset, which is kept as
 * written). Accepts what the YAML, TOML and JSON parsers give (text, or a TOML date) and the loose forms
 * blog systems accept: `2020/05/09`, `2020-5-9 8:00`, `2020-05-09 20:00` (no seconds),
 * `2020-05-09 20:00:00 +0900`. Mixed separators (`2020-12/01`) and impossible dates are errors that
 * quote the value, so that the author can find it.
 */
export function readDate(value: unknown, timeZone: string): ReadDate | { error: string } {
  let written: string;
  if (value instanceof Date) {
    // smol-toml's TomlDate writes itself back as written (local, or with its offset); a plain Date is UTC.
    written = value.toISOString().replace(/\.000(?=$|Z|[+-])/u, '');
  } else if (typeof value === 'string') {
    written = value.trim();
  } else {
    return { error: `${JSON.stringify(value)} is not a date` };
  }
  const normalized = normalizeDateText(written);
  const parsed = parsePostDate(normalized, timeZone);
  if ('error' in parsed) return { error: `"${written}" is not a date: write YYYY-MM-DD or YYYY-MM-DD hh:mm:ss` };
  if ('day' in parsed) return { text: parsed.day, date: parsed, day: parsed.day, time: '00:00:00' };
  const ownOffset = OFFSET.exec(normalized.replace(/\s+(?=[+-]\d{2}:?\d{2}$)/u, ''));
  const wallDay = normalized.slice(0, 10);
  const wallTime = /[T ](\d{2}:\d{2}(?::\d{2})?)/u.exec(normalized)?.[1] ?? '00:00:00';
  const time = wallTime.length === 5 ? `${wallTime}:00` : wallTime;
  if (ownOffset) {
    const offset = ownOffset[0].toUpperCase() === 'Z' ? '+00:00' : ownOffset[0].replace(/^([+-]\d{2}):?(\d{2})$/u, '$1:$2');
    return { text: `${wallDay}T${time}${offset}`, date: parsed, day: wallDay, time };
  }
  return { text: isoDateTime(parsed.instant, timeZone), date: parsed, day: calendarDayOf(parsed.instant, timeZone), time };
}

/** `2020/5/9 8:00` → `2020-05-09 08:00`; anything it does not recognise is returned as is. */
function normalizeDateText(text: string): string {
  const day = LOOSE_DAY.exec(text);
  if (!day) return text;
  const [, y, , m, d] = day as unknown as [string, string, string, string, string];
  const rest = text.slice(day[0].length).replace(/^([T ])(\d)(?=:)/u, '$10$2');
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}${rest}`;
}

/** A date from a file name's `YYYY-MM-DD` or `YYYYMMDD` prefix (`2020-05-09-foo.md`, `20200509_foo.md`). */
export function dateFromFileName(name: string): string | undefined {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?=[-_.]|$)/u.exec(name);
  if (!m) return undefined;
  const text = `${m[1]}-${m[2]}-${m[3]}`;
  return 'error' in parsePostDate(text, 'UTC') ? undefined : text;
}

/** True when `updated` is before `date` (the schema refuses that). */
export function isBefore(updated: PostDate, date: PostDate, timeZone: string): boolean {
  return toInstant(updated, timeZone) < toInstant(date, timeZone);
}

/**
 * The first commit date of each file under `root`, when `root` is inside a git work tree (one `git log`
 * for the whole folder, keyed by absolute path); empty otherwise. The readers fall back to it for posts
 * with no date anywhere else, as the issue asks.
 */
export function gitFirstDates(root: string): Map<string, string> {
  const dates = new Map<string, string>();
  let top: string;
  try {
    top = execFileSync('git', ['-C', root, 'rev-parse', '--show-toplevel'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const log = execFileSync('git', ['-C', root, 'log', '--reverse', '--diff-filter=A', '--format=%x00%aI', '--name-only', '--', '.'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
    let current = '';
    for (const line of log.split('\n')) {
      if (line.startsWith('\0')) current = line.slice(1);
      else if (line.trim() !== '' && current) {
        const file = resolve(top, line.trim());
        if (!dates.has(file)) dates.set(file, current);
      }
    }
  } catch {
    // Not a git work tree, or no git: there are no commit dates to fall back on.
  }
  return dates;
}

// ---------------------------------------------------------------------------------------------------
// Tags, slugs, aliases

/**
 * One list of tags from several frontmatter values (strings, lists, nested lists as Hexo's category
 * hierarchies are, numbers), trimmed, the same tag twice (ignoring case and width) kept once.
 */
export function tagList(...values: unknown[]): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  const add = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) add(v);
      return;
    }
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const tag = String(value).trim();
    const key = tag.normalize('NFKC').toLowerCase();
    if (tag && !seen.has(key)) {
      seen.add(key);
      tags.push(tag);
    }
  };
  for (const v of values) add(v);
  return tags;
}

/**
 * A path segment this blog can use in a post's file name and URL: NFC, spaces as `-`, without the
 * characters a post path may not hold (`# ? % \`, control characters) or a leading dot.
 */
export function slugSegment(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[#?%\\\p{Cc}"<>|*:]/gu, '')
    .replace(/\s+/gu, '-')
    .replace(/^\.+/u, '')
    .replace(/-{2,}/gu, '-')
    .replace(/^-+|-+$/gu, '');
}

/** A slug path (`2020/foo`) with every segment made safe and empty segments dropped. */
export function slugPath(path: string): string {
  return path
    .split(/[\\/]+/u)
    .map(slugSegment)
    .filter((s) => s !== '' && s !== '..')
    .join('/');
}

/**
 * Gives every post a slug no other post has (compared as this blog compares URLs: case-insensitive,
 * NFC). Each post lists its candidates, best first. A first choice that only one post has is kept; posts
 * that share one take their next free candidate, else the first with `-2`, `-3`, ….
 * Returns the chosen slugs in the order given.
 */
export function uniqueSlugs(candidates: readonly (readonly string[])[]): string[] {
  const key = (s: string) => s.normalize('NFC').toLowerCase();
  // Posts whose first choice is theirs alone keep it whatever order they come in.
  const firstCounts = new Map<string, number>();
  for (const list of candidates) {
    const first = list[0];
    if (first !== undefined) firstCounts.set(key(first), (firstCounts.get(key(first)) ?? 0) + 1);
  }
  const taken = new Set<string>();
  const chosen: (string | undefined)[] = candidates.map((list) => {
    const first = list[0];
    if (first !== undefined && firstCounts.get(key(first)) === 1) {
      taken.add(key(first));
      return first;
    }
    return undefined;
  });
  candidates.forEach((list, i) => {
    if (chosen[i] !== undefined) return;
    // A first choice that several posts want goes to none of them: each takes its next one.
    const rest = list.length > 1 ? list.slice(1) : list;
    let pick = rest.find((c) => c !== '' && !taken.has(key(c)));
    if (pick === undefined) {
      const base = list[0] || 'post';
      for (let n = 2; ; n++) {
        if (!taken.has(key(`${base}-${n}`))) {
          pick = `${base}-${n}`;
          break;
        }
      }
    }
    taken.add(key(pick));
    chosen[i] = pick;
  });
  return chosen as string[];
}

/**
 * An old URL's path as an alias this blog accepts: from the site's root, `//` collapsed, percent-escapes
 * decoded (the Jekyll importer writes them decoded too) except for characters an alias cannot hold,
 * which stay escaped. Undefined for what cannot be an alias (a query string, `..`).
 */
export function aliasPath(path: string): string | undefined {
  let p = path.trim();
  if (p === '' || /[?#]/u.test(p)) return undefined;
  if (!p.startsWith('/')) p = `/${p}`;
  p = p.replace(/\/{2,}/gu, '/');
  let decoded = p;
  try {
    decoded = decodeURI(p);
  } catch {
    // A stray `%`: keep the path as it was written.
  }
  decoded = decoded.replace(/[\s?#]/gu, (c) => encodeURIComponent(c));
  if (decoded.split('/').includes('..')) return undefined;
  return decoded.normalize('NFC');
}

// ---------------------------------------------------------------------------------------------------
// Images

/** True for references that leave the site: `https://`, `//cdn`, `data:`, `mailto:`. */
export function isRemote(ref: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/iu.test(ref.trim());
}

const IMAGE_EXT = /\.(?:png|jpe?g|gif|webp|avif|svg)$/iu;

/** A reference without its `?query`/`#fragment`, percent-escapes decoded: the file it names. */
export function refPath(ref: string): string {
  const bare = ref.replace(/[?#].*$/u, '');
  try {
    return decodeURI(bare);
  } catch {
    return bare;
  }
}

/** The file `candidate` names when it exists as a file; undefined otherwise. */
export function existingFile(candidate: string): string | undefined {
  try {
    return statSync(candidate).isFile() ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The local images a Markdown or HTML body refers to, each once: `![alt](ref)`, `<img src="ref">`,
 * and reference definitions of image files. Code is skipped (an image written in a code sample is not
 * shown). `find` maps a reference to its file, or undefined when it is not there.
 */
export function collectImages(body: string, find: (ref: string) => string | undefined): SourceImage[] {
  const refs: string[] = [];
  const prose = proseOnly(body);
  for (const m of prose.matchAll(/!\[(?:\\.|[^\\\]])*\]\(\s*(<[^<>\n]+>|[^\s()]+(?:\([^\s()]*\)[^\s()]*)*)/gu)) {
    refs.push(m[1]!.replace(/^<|>$/gu, ''));
  }
  for (const m of prose.matchAll(/<img\b[^>]*?\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/giu)) refs.push(m[1] ?? m[2] ?? m[3] ?? '');
  for (const m of prose.matchAll(/^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)>?/gmu)) {
    if (IMAGE_EXT.test(refPath(m[1]!))) refs.push(m[1]!);
  }
  return imagesFromRefs(refs, find);
}

/** SourceImages for references (local ones only, each once), found with `find`. */
export function imagesFromRefs(refs: readonly string[], find: (ref: string) => string | undefined): SourceImage[] {
  const seen = new Set<string>();
  const images: SourceImage[] = [];
  for (const raw of refs) {
    const ref = raw.trim();
    if (ref === '' || isRemote(ref) || ref.startsWith('#') || seen.has(ref)) continue;
    seen.add(ref);
    const file = find(ref);
    images.push(file === undefined ? { ref } : { ref, file });
  }
  return images;
}

/**
 * Looks a reference up: relative ones against each folder of `relativeTo` in turn, site-absolute ones
 * (`/images/a.png`) in each of `staticDirs`, after taking away the site's base path when it starts with
 * it (`/blog/images/a.png` on a site under `/blog/`).
 */
export function imageFinder(relativeTo: readonly string[], staticDirs: readonly string[], basePath = '/'): (ref: string) => string | undefined {
  const base = basePath.replace(/\/+$/u, '');
  return (ref) => {
    const path = refPath(ref);
    if (path.startsWith('/')) {
      const paths = base && path.startsWith(`${base}/`) ? [path.slice(base.length), path] : [path];
      for (const dir of staticDirs) for (const p of paths) {
        const found = existingFile(join(dir, p));
        if (found) return found;
      }
      return undefined;
    }
    for (const dir of relativeTo) {
      const found = existingFile(resolve(dir, path));
      if (found) return found;
    }
    return undefined;
  };
}

// ---------------------------------------------------------------------------------------------------
// Rewriting bodies outside code

interface Segment {
  code: boolean;
  text: string;
}

const FENCE_OPEN = /^( {0,3})(`{3,}|~{3,})(.*)$/u;

/** Splits a Markdown body into fenced code blocks and everything else, in order, losing nothing. */
export function splitFences(body: string): Segment[] {
  const segments: Segment[] = [];
  const lines = body.split('\n');
  let prose: string[] = [];
  const flush = () => {
    if (prose.length > 0) segments.push({ code: false, text: prose.join('\n') });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE_OPEN.exec(lines[i]!);
    // A backtick fence's info string has no backticks (CommonMark): `` ```js` `` is inline code.
    if (!open || (open[2]!.startsWith('`') && open[3]!.includes('`'))) {
      prose.push(lines[i]!);
      continue;
    }
    const marker = open[2]!;
    const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`, 'u');
    let end = i + 1;
    while (end < lines.length && !close.test(lines[end]!)) end++;
    flush();
    segments.push({ code: true, text: lines.slice(i, Math.min(end + 1, lines.length)).join('\n') });
    i = end;
  }
  flush();
  // Rejoin with the newlines the split took: every segment but the last ended a line.
  return segments.map((s, i) => (i < segments.length - 1 ? { ...s, text: `${s.text}\n` } : s));
}

/** `body` with `rewrite` applied to everything outside fenced code blocks and inline code spans. */
export function outsideCode(body: string, rewrite: (prose: string) => string): string {
  return splitFences(body)
    .map((s) => (s.code ? s.text : outsideInlineCode(s.text, rewrite)))
    .join('');
}

/** Applies `rewrite` to a prose segment with its inline code spans held out (restored unchanged). */
function outsideInlineCode(text: string, rewrite: (prose: string) => string): string {
  const spans: string[] = [];
  // Private-use brackets around an index: nothing a rewrite produces or matches.
  const held = text.replace(/(?<!`)(`+)(?!`)(?:(?!\n[ \t]*\n)[\s\S])*?[^`]\1(?!`)/gu, (m) => `\uE100${spans.push(m) - 1}\uE101`);
  return rewrite(held).replace(/\uE100(\d+)\uE101/gu, (_, i: string) => spans[Number(i)] ?? '');
}

/** The body with fenced and inline code blanked out (same length), for searching prose only. */
export function proseOnly(body: string): string {
  return splitFences(body)
    .map((s) => (s.code ? s.text.replace(/[^\n]/gu, ' ') : s.text.replace(/`[^`\n]*`/gu, (m) => ' '.repeat(m.length))))
    .join('');
}

/** A fence for `code`: three backticks, or more than the longest run of backticks inside. */
export function fenceFor(code: string): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/gu)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** A fenced code block, on lines of its own, with the info string given. */
export function fencedBlock(info: string, code: string): string {
  const content = code.replace(/^\n+|\n+$/gu, '');
  const fence = fenceFor(content);
  return `\n\n${fence}${info}\n${content}\n${fence}\n\n`;
}

/**
 * A Zenn container (`:::details 題`) around `content`, its fence longer than any inside it so that
 * nested containers still close where they should.
 */
export function container(opening: string, content: string): string {
  const inner = Math.max(2, ...[...content.matchAll(/^ {0,3}(:{3,})/gmu)].map((m) => m[1]!.length));
  const fence = ':'.repeat(inner + 1);
  return `\n\n${fence}${opening}\n${content.replace(/^\n+|\n+$/gu, '')}\n${fence}\n\n`;
}

/** Collapses the runs of blank lines that conversions leave into one blank line, and trims the ends. */
export function tidyBlankLines(body: string): string {
  return outsideCodeBlocksOnly(body, (t) => t.replace(/\n[ \t]*\n(?:[ \t]*\n)+/gu, '\n\n')).replace(/^\s*\n/u, '').replace(/\s+$/u, '\n');
}

function outsideCodeBlocksOnly(body: string, rewrite: (text: string) => string): string {
  return splitFences(body)
    .map((s) => (s.code ? s.text : rewrite(s.text)))
    .join('');
}

/** Counts of things to report, kept in the order first seen: `"{{< vimeo >}} shortcode left as text (2×)"`. */
export class Attention {
  private readonly counts = new Map<string, number>();

  add(message: string): void {
    this.counts.set(message, (this.counts.get(message) ?? 0) + 1);
  }

  list(): string[] {
    return [...this.counts].map(([message, n]) => (n > 1 ? `${message} (${n}×)` : message));
  }
}

// ---------------------------------------------------------------------------------------------------
// HTML bodies

/** CommonMark's HTML block type 6 start: a line that begins with one of these tags. */
const BLOCK_TAG =
  /^ {0,3}<\/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[\s/>]|$)/iu;

/**
 * Blank lines inside `<pre>` and `<textarea>` (where they are content) written as `&#10;` joined to the
 * next line, and blank lines inside `<script>` and `<style>` dropped: a Markdown parser ends raw HTML at
 * a blank line, which would cut such an element in two.
 */
export function protectRawElements(html: string): string {
  return html.replace(/<(pre|textarea|script|style)\b[\s\S]*?<\/\1\s*>/giu, (element, name: string) =>
    /^(?:pre|textarea)$/iu.test(name) ? element.replace(/^([ \t]*)\n/gmu, '$1&#10;') : element.replace(/^[ \t]*\n/gmu, ''),
  );
}

/**
 * HTML made to pass through a Markdown parser unchanged (call `protectRawElements` first). CommonMark reads
 * a line that starts with a block tag (`<p>`, `<div>`, …) as the start of raw HTML that runs to the next
 * blank line; after a blank line it is Markdown again, where `*`, `_` and four spaces of indentation mean
 * something. So blank lines, which mean nothing in HTML, are dropped, the first line loses its
 * indentation, and a chunk that does not start with a block tag is wrapped in a `<div>`.
 */
export function htmlChunk(html: string): string {
  const text = html
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n')
    .replace(/^[ \t]+/u, '');
  if (text === '') return '';
  return BLOCK_TAG.test(text) ? text : `<div>\n${text}\n</div>`;
}

/**
 * An HTML body being turned into this blog's Markdown: pieces of Markdown (headings, embeds, fences,
 * `<!-- more -->`) stand in the HTML as placeholders until `assemble` puts each between blank lines and
 * makes every stretch of HTML between them one raw HTML block (`htmlChunk`).
 */
export class HtmlBody {
  private readonly parts: string[] = [];

  /** A placeholder for a block of Markdown. */
  markdown(block: string): string {
    return `\uE500${this.parts.push(block.replace(/^\n+|\n+$/gu, '')) - 1}\uE501`;
  }

  assemble(html: string): string {
    const out: string[] = [];
    let last = 0;
    for (const m of html.matchAll(/\uE500(\d+)\uE501/gu)) {
      out.push(htmlChunk(html.slice(last, m.index)), this.parts[Number(m[1])] ?? '');
      last = m.index + m[0].length;
    }
    out.push(htmlChunk(html.slice(last)));
    return `${out.filter((p) => p.trim() !== '').join('\n\n')}\n`;
  }
}

// Elements whose end tag is never left out (unlike `<p>` or `<li>`): depth counting can trust them.
const CONTAINERS = new Set(['div', 'section', 'article', 'aside', 'blockquote', 'ul', 'ol', 'dl', 'table', 'details', 'figure', 'pre', 'header', 'footer', 'nav', 'main']);

/**
 * Headings that stand at the top level of an HTML body (not inside a list, quote or box) as Markdown
 * headings, so that they get ids and the table of contents like any other (`<h3 id="x">見出し</h3>` →
 * `### 見出し`). Their inner HTML is kept; their own attributes are not.
 */
export function markdownHeadings(html: string, body: HtmlBody): string {
  let depth = 0;
  let out = '';
  let last = 0;
  const tag = /<(\/?)([a-zA-Z][\w-]*)\b[^>]*?(\/?)>/gu;
  for (let m = tag.exec(html); m; m = tag.exec(html)) {
    const [, close, rawName = '', selfClose] = m;
    const name = rawName.toLowerCase();
    const level = /^h([1-6])$/u.exec(name);
    if (level && !close && depth === 0) {
      const end = new RegExp(`</${name}\\s*>`, 'iu').exec(html.slice(tag.lastIndex));
      if (end) {
        const inner = html.slice(tag.lastIndex, tag.lastIndex + end.index);
        const text = inner.replace(/\s*\n\s*/gu, ' ').trim();
        if (text !== '' && !/<(?:h[1-6]|p|div|ul|ol|table|pre|blockquote)\b/iu.test(text)) {
          const hashes = '#'.repeat(Math.max(2, Number(level[1])));
          out += html.slice(last, m.index) + body.markdown(`${hashes} ${escapeMarkdownText(text)}`);
          tag.lastIndex += end.index + end[0].length;
          last = tag.lastIndex;
          continue;
        }
      }
    }
    if (CONTAINERS.has(name) && !selfClose) depth = Math.max(0, depth + (close ? -1 : 1));
  }
  return out + html.slice(last);
}

/** Markdown's inline marks escaped in the text of an HTML fragment (its tags left alone). */
function escapeMarkdownText(html: string): string {
  return html.replace(/(<[^>]*>)|([\\`*_[\]])/gu, (m, t: string | undefined) => t ?? `\\${m}`);
}

/** Relative path with `/` separators, for `source` and messages. */
export function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}

/** The first folder, from `start` up, for which `test` is true. */
export function findUp(start: string, test: (dir: string) => boolean): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (test(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** True when `path` exists and is a folder. */
export function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}


// ---------------------------------------------------------------------------------------------------
// Template tags (Hugo shortcodes, Hexo tag plugins)

/** One template tag found in a body: `{{< figure src="a.png" >}}`, `{% endcodeblock %}`. */
export interface TagToken {
  /** The tag exactly as written. */
  raw: string;
  /** Its name, without Hugo's `/` or Hexo's `end` for closing tags. */
  name: string;
  /** `{{< /details >}}`, `{% endcodeblock %}`. */
  closing: boolean;
  /** `{{< name />}}`: never has content. */
  selfClosing: boolean;
  /** Positional arguments, unquoted. */
  args: string[];
  /** Named arguments (`key="value"`), unquoted, keys in lower case. */
  named: Map<string, string>;
  /** Text to put in the tag's place as it is (a Hugo shortcode escaped with comment markers, Hexo's `{% raw %}` content). */
  literal?: string;
}

export interface TagMatch {
  index: number;
  length: number;
  token: TagToken;
}

/** What a paired tag encloses: converted, and exactly as written (for code). */
export interface TagContent {
  converted: string;
  raw: string;
}

const PLACEHOLDER = /\uE300(\d+)\uE301/gu;
const BLOCK_START = '\uE400';
const BLOCK_END = '\uE401';

/** Marks a tag's replacement as a block: it gets blank lines around it, whatever was next to the tag. */
export function asBlock(markdown: string): string {
  return `${BLOCK_START}${markdown.replace(/^\n+|\n+$/gu, '')}${BLOCK_END}`;
}

/**
 * Replaces template tags in a body. `find` lists the tags in a stretch of prose (code blocks and inline
 * code are never searched). A tag with a closing tag somewhere in the body encloses what lies between
 * (code blocks included), innermost first; `render` gives the replacement of each tag or pair (`content`
 * set for pairs) and of lone closing tags. Replacements made with `asBlock` stand on lines of their own.
 */
export function convertTags(
  body: string,
  find: (prose: string) => TagMatch[],
  render: (token: TagToken, content?: TagContent) => string,
): string {
  const tokens: TagToken[] = [];
  const held = outsideCode(body, (prose) => {
    let out = '';
    let last = 0;
    for (const m of find(prose)) {
      out += prose.slice(last, m.index) + `\uE300${tokens.push(m.token) - 1}\uE301`;
      last = m.index + m.length;
    }
    return out + prose.slice(last);
  });
  if (tokens.length === 0) return body;
  const closed = new Set(tokens.filter((t) => t.closing).map((t) => t.name));
  interface Frame {
    token?: TagToken;
    converted: string[];
    raw: string[];
  }
  const stack: Frame[] = [{ converted: [], raw: [] }];
  const top = () => stack.at(-1)!;
  let last = 0;
  const emit = (converted: string, raw: string) => {
    top().converted.push(converted);
    top().raw.push(raw);
  };
  for (const m of held.matchAll(PLACEHOLDER)) {
    const text = held.slice(last, m.index);
    emit(text, text);
    last = m.index + m[0].length;
    const token = tokens[Number(m[1])]!;
    if (token.literal !== undefined) {
      emit(token.literal, token.raw);
    } else if (token.closing) {
      const at = stack.findLastIndex((f) => f.token?.name === token.name);
      if (at <= 0) {
        emit(render(token), token.raw);
        continue;
      }
      // Tags opened inside this pair and never closed are left as written.
      while (stack.length - 1 > at) unwind();
      const frame = stack.pop()!;
      const open = frame.token!;
      // Blocks inside are finished first: the pair's renderer may prefix every line (`> `).
      const content = { converted: finishBlocks(frame.converted.join('')), raw: frame.raw.join('') };
      emit(render(open, content), open.raw + content.raw + token.raw);
    } else if (!token.selfClosing && closed.has(token.name)) {
      stack.push({ token, converted: [], raw: [] });
    } else {
      emit(render(token), token.raw);
    }
  }
  const rest = held.slice(last);
  emit(rest, rest);
  while (stack.length > 1) unwind();
  return finishBlocks(stack[0]!.converted.join(''));

  function unwind(): void {
    const frame = stack.pop()!;
    emit(render(frame.token!) + frame.converted.join(''), frame.token!.raw + frame.raw.join(''));
  }
}

/** Puts one blank line (no more) around each block replacement. */
function finishBlocks(text: string): string {
  return text
    .replace(new RegExp(`[ \\t]*\\n*${BLOCK_START}`, 'gu'), '\n\n')
    .replace(new RegExp(`${BLOCK_END}[ \\t]*\\n*`, 'gu'), '\n\n')
    .replace(/^\n\n/u, '');
}

/**
 * Splits a tag's parameters the way Hugo and Hexo both read them: space-separated, `"double"` or
 * `'single'` or `` `raw` `` quotes group words (backslash escapes inside double quotes), `key=value`
 * (value quoted or not) is a named parameter.
 */
export function tagParams(text: string): { args: string[]; named: Map<string, string> } {
  const args: string[] = [];
  const named = new Map<string, string>();
  const re = /(?:([\w-]+)=)?(?:"((?:\\.|[^"\\])*)"|'([^']*)'|`([^`]*)`|(\S+))/gu;
  for (const m of text.matchAll(re)) {
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/gu, '$1') : (m[3] ?? m[4] ?? m[5] ?? '');
    if (m[1] !== undefined) named.set(m[1].toLowerCase(), value);
    else args.push(value);
  }
  return { args, named };
}

/** What the Hugo and Hexo readers know of a post once its frontmatter is read. */
export interface ReadEntry {
  source: string;
  slug: string;
  title: string;
  date: ReadDate;
  updated?: string;
  published: boolean;
  tags: string[];
  description?: string;
  lang?: string;
  aliases: string[];
  attention: Attention;
}

/**
 * The SourcePost of `entry` with its converted `body` and `images`; `hero` (a local image reference
 * from the frontmatter, if any) is found with `find` and added to the images to copy.
 */
export function toSourcePost(
  entry: ReadEntry,
  body: string,
  images: SourceImage[],
  hero: string | undefined,
  find: (ref: string) => string | undefined,
): SourcePost {
  const post: SourcePost = {
    source: entry.source,
    slug: entry.slug,
    ext: '.md',
    title: entry.title,
    date: entry.date.text,
    published: entry.published,
    tags: entry.tags,
    aliases: entry.aliases,
    body,
    images,
    attention: [],
  };
  if (hero) {
    const [image] = imagesFromRefs([hero], find);
    if (image) {
      post.heroImage = image;
      if (!images.some((i) => i.ref === image.ref)) images.push(image);
    }
  }
  if (entry.updated) post.updated = entry.updated;
  if (entry.description) post.description = entry.description;
  if (entry.lang) post.lang = entry.lang;
  post.attention = entry.attention.list();
  return post;
}
