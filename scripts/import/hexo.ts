/**
 * Reads a Hexo site: `source/_posts/**` (published unless `published: false`) and `source/_drafts/**`
 * (drafts), with the site's `_config.yml` (`permalink`, `timezone`, `root`, `new_post_name`,
 * `post_asset_folder`, `category_map`, `default_category`, `pretty_urls`).
 *
 * What maps to what:
 * - `title`, its HTML entities decoded (Hexo's themes write the title as HTML); `date` (else the date in the file name, else the file's first git commit) and `updated`,
 *   read in `_config.yml`'s `timezone`. Hexo without one uses the machine's zone; the zone passed in (the
 *   blog's) stands for it here, since the machine that built the old site is gone.
 * - tags are `tags` plus `categories` (Hexo reads `tag` and `category` when the plural is missing, and so
 *   does this reader); nested category lists are flattened.
 * - `published: false`, a file in `_drafts/`, `draft: true`, or a `password` (hexo-blog-encrypt: the post
 *   was not public) → not published.
 * - `description`, else `excerpt`; a hero from `cover`, `thumbnail`, `banner`, `index_img` or `photos[0]`
 *   when it is local.
 * - the old URL: the frontmatter `permalink`, else `_config.yml`'s `permalink` pattern (default
 *   `:year/:month/:day/:title/`) with the date in the site's zone, under `root`.
 * - the new slug is Hexo's own (the path under `_posts/` without extension, `new_post_name`'s date taken
 *   off), so `_posts/2020/foo.md` becomes `2020/foo`.
 * - `<!-- more -->` is kept (this blog ends the summary there). Tag plugins: `{% twitter url %}` and
 *   `{% tweet %}` → `@[tweet](url)`, `{% youtube id %}` → `@[youtube](id)`, `{% codeblock %}`/`{% code %}`
 *   → a fence with its title, `{% blockquote %}`/`{% pullquote %}` → `>` lines, `{% img %}`/`{% asset_img %}`
 *   → an image (post asset folders `_posts/<name>/` searched), `{% asset_path %}`/`{% asset_link %}`,
 *   `{% raw %}` removed keeping its content, `{% link %}` → a link, `{% post_link %}`/`{% post_path %}` → the
 *   post's new URL, `{% iframe %}` → an `<iframe>`, `{% jsfiddle %}`, `{% gist user/id %}`, and NexT's
 *   `{% note %}` → `:::message`. Every other tag stays as written and is listed in `attention`.
 */
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isoDateTime, toInstant, type PostDate } from '../../src/blog/dates.ts';
import { postPath } from '../../src/blog/urls.ts';
import {
  aliasPath,
  asBlock,
  Attention,
  collectImages,
  container,
  convertTags,
  dateFromFileName,
  existingFile,
  fencedBlock,
  field,
  findUp,
  flag,
  gitFirstDates,
  imageFinder,
  toSourcePost,
  type ReadEntry,
  isBefore,
  isDir,
  isRemote,
  parsed,
  posixRelative,
  readDate,
  readSourceText,
  slugPath,
  splitFrontmatter,
  tagList,
  tagParams,
  textField,
  uniqueSlugs,
  type Frontmatter,
  type ReadDate,
  type TagContent,
  type TagMatch,
  type TagToken,
} from './reader-kit.ts';
import { htmlTitle } from './shared.ts';
import type { SourceFailure, SourcePost, SourceReading } from './source-post.ts';

const MARKDOWN = /\.(?:md|markdown|mdown|mkd)$/iu;
// Other files Hexo renders as posts when they sit in _posts/ (not as post assets).
const OTHER_RENDERABLE = /\.(?:html?|ejs|swig|njk|pug|jade)$/iu;

/** What the reader needs from `_config.yml`. */
export interface HexoConfig {
  sourceDir: string;
  /** The site's path (`/`, `/blog/`). */
  root: string;
  permalink: string;
  timeZone?: string;
  newPostName: string;
  postAssetFolder: boolean;
  defaultCategory: string;
  categoryMap: Map<string, string>;
  /** hexo-util's `filename_case`: 1 lower-cases slugs, 2 upper-cases them. */
  filenameCase: number;
  trailingIndex: boolean;
  trailingHtml: boolean;
}

/**
 * Reads the Hexo site at `path` (its root, `source/`, `source/_posts/` or a folder inside it: then only the
 * posts there). Throws when no `source/_posts/` folder is found.
 */
export function read(path: string, options: { timeZone: string }): SourceReading {
  const start = resolve(path);
  const root = findUp(start, (dir) => existingFile(join(dir, '_config.yml')) !== undefined || isDir(join(dir, 'source', '_posts')));
  if (!root) throw new Error(`${path}: no Hexo site here (no _config.yml or source/_posts/ folder)`);
  const config = readHexoConfig(root);
  const sourceDir = resolve(root, config.sourceDir);
  const postsDir = join(sourceDir, '_posts');
  const draftsDir = join(sourceDir, '_drafts');
  if (!isDir(postsDir) && !isDir(draftsDir)) throw new Error(`${path}: the Hexo site has no ${config.sourceDir}/_posts/ folder`);
  const timeZone = config.timeZone ?? options.timeZone;
  const inside = (dir: string) => start === dir || start.startsWith(dir + sep);

  const failures: SourceFailure[] = [];
  const entries: Entry[] = [];
  let gitDates: Map<string, string> | undefined;
  const scan = (dir: string, draft: boolean) => {
    // A folder inside _posts/ or _drafts/ imports that folder only; the site or source/ imports both.
    if (inside(postsDir) || inside(draftsDir) ? !inside(dir) : !isDir(dir)) return;
    for (const file of listPosts(inside(dir) ? start : dir, dir, config, failures, start)) {
      const entry = readEntry(file, dir, draft, start, config, timeZone, () => (gitDates ??= gitFirstDates(root)));
      if ('reason' in entry) failures.push(entry);
      else entries.push(entry);
    }
  };
  scan(postsDir, false);
  scan(draftsDir, true);

  const slugs = uniqueSlugs(entries.map((e) => e.slugCandidates));
  entries.forEach((e, i) => (e.slug = slugs[i]!));
  const byHexoSlug = new Map<string, Entry>();
  for (const e of entries) if (!byHexoSlug.has(e.hexoSlug.toLowerCase())) byHexoSlug.set(e.hexoSlug.toLowerCase(), e);

  const posts = entries.map((entry) => finishEntry(entry, byHexoSlug, config, sourceDir));
  return { kind: 'hexo', posts, failures };
}

/** Reads `_config.yml`: the keys this reader uses, with Hexo's defaults. */
export function readHexoConfig(root: string): HexoConfig {
  const file = existingFile(join(root, '_config.yml'));
  let data: Record<string, unknown> = {};
  if (file) {
    let value: unknown;
    try {
      value = parseYaml(readSourceText(file));
    } catch (e) {
      throw new Error(`${file}: _config.yml does not parse: ${String((e as Error).message).split('\n')[0]}`);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) data = value as Record<string, unknown>;
  }
  const prettyUrls = field(data, 'pretty_urls');
  const pretty = prettyUrls && typeof prettyUrls === 'object' ? (prettyUrls as Record<string, unknown>) : {};
  const categoryMap = new Map<string, string>();
  const map = field(data, 'category_map');
  if (map && typeof map === 'object') {
    for (const [name, slug] of Object.entries(map as Record<string, unknown>)) if (typeof slug === 'string' || typeof slug === 'number') categoryMap.set(name, String(slug));
  }
  let root_ = textField(data, 'root') ?? '/';
  if (!root_.startsWith('/')) root_ = `/${root_}`;
  if (!root_.endsWith('/')) root_ = `${root_}/`;
  const config: HexoConfig = {
    sourceDir: textField(data, 'source_dir') ?? 'source',
    root: root_,
    permalink: textField(data, 'permalink') ?? ':year/:month/:day/:title/',
    newPostName: textField(data, 'new_post_name') ?? ':title.md',
    postAssetFolder: flag(field(data, 'post_asset_folder')) === true,
    defaultCategory: textField(data, 'default_category') ?? 'uncategorized',
    categoryMap,
    filenameCase: Number(field(data, 'filename_case') ?? 0) || 0,
    trailingIndex: flag(field(pretty, 'trailing_index')) !== false,
    trailingHtml: flag(field(pretty, 'trailing_html')) !== false,
  };
  const timeZone = textField(data, 'timezone');
  if (timeZone) config.timeZone = timeZone;
  return config;
}

/** Post files under `from` (inside the `_posts`/`_drafts` folder `base`), as Hexo lists them. */
function listPosts(from: string, base: string, config: HexoConfig, failures: SourceFailure[], importRoot: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      // Hexo skips hidden files and folders, and those starting with `_`, and editors' temporary files.
      if (/^[_.]/u.test(e.name) || e.name.endsWith('~') || e.name.endsWith('%')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (MARKDOWN.test(e.name)) files.push(full);
      else if (OTHER_RENDERABLE.test(e.name) && !config.postAssetFolder && dir === base) {
        failures.push({ source: posixRelative(importRoot, full) || e.name, reason: `a Hexo post in ${extname(e.name)}, not Markdown: convert it to .md to import it` });
      }
    }
  };
  walk(from);
  return files;
}

interface Entry extends ReadEntry {
  file: string;
  /** Hexo's slug (`:title`): the path under _posts/ without extension. */
  hexoSlug: string;
  data: Record<string, unknown>;
  body: string;
  slugCandidates: string[];
}

/**
 * Hexo's frontmatter: YAML between `---` lines, JSON between `;;;` lines, or (hexo-front-matter's other
 * form) YAML above a `---` line with no opening one.
 */
export function splitHexoFrontmatter(text: string): Frontmatter | { error: string } {
  if (/^-{3,}[ \t]*\n/u.test(text)) {
    const m = /^-{3,}[ \t]*\n(?:([\s\S]*?)\n)?-{3,}[ \t]*(?:\n|$)/u.exec(text);
    if (m) return parsed('yaml', m[1] ?? '', text.slice(m[0].length));
    return splitFrontmatter(text);
  }
  if (/^;{3,}[ \t]*\n/u.test(text)) {
    const m = /^;{3,}[ \t]*\n([\s\S]*?)\n;{3,}[ \t]*(?:\n|$)/u.exec(text);
    if (m) {
      const json = m[1]!.trim();
      return parsed('json', json.startsWith('{') ? json : `{${json}}`, text.slice(m[0].length));
    }
  }
  const bare = /^([\s\S]+?)\n-{3,}[ \t]*(?:\n|$)/u.exec(text);
  if (bare && /^[\w-]+:/u.test(bare[1]!)) {
    const result = parsed('yaml', bare[1]!, text.slice(bare[0].length));
    if (!('error' in result)) return result;
  }
  return { format: 'none', data: {}, body: text };
}

function readEntry(
  file: string,
  base: string,
  draft: boolean,
  importRoot: string,
  config: HexoConfig,
  timeZone: string,
  gitDates: () => Map<string, string>,
): Entry | SourceFailure {
  const source = posixRelative(importRoot, file) || basename(file);
  const fail = (reason: string): SourceFailure => ({ source, reason });
  const split = splitHexoFrontmatter(readSourceText(file));
  if ('error' in split) return fail(split.error);
  const { data, body } = split;
  const attention = new Attention();
  const relPath = posixRelative(base, file).slice(0, -extname(file).length);
  const fromName = parseNewPostName(config.newPostName, relPath);
  const hexoSlug = fromName.title;

  let title = textField(data, 'title');
  if (!title) {
    title = basename(hexoSlug);
    attention.add('no title: the file name is used');
  }

  let date: ReadDate;
  const written = field(data, 'date');
  if (written !== undefined && written !== null && written !== '') {
    const read = readDate(written, timeZone);
    if ('error' in read) return fail(`date: ${read.error}`);
    date = read;
  } else {
    const fallback = fromName.date ?? dateFromFileName(basename(relPath)) ?? gitDates().get(file);
    if (!fallback) return fail('no date: set date in the frontmatter (or commit the file to git)');
    const read = readDate(fallback, timeZone);
    if ('error' in read) return fail(`date: ${read.error}`);
    date = read;
    if (!fromName.date && !dateFromFileName(basename(relPath))) attention.add(`no date in the frontmatter: the file's first commit (${read.text}) is used`);
  }

  let updated: string | undefined;
  const writtenUpdate = field(data, 'updated');
  if (writtenUpdate !== undefined && writtenUpdate !== null && writtenUpdate !== '') {
    const read = readDate(writtenUpdate, timeZone);
    if ('error' in read) return fail(`updated: ${read.error}`);
    if (isBefore(read.date, date.date, timeZone)) attention.add(`updated ${read.text} is before the date: left out`);
    else if (read.text !== date.text) updated = read.text;
  }

  let published = !draft;
  const publishedFlag = field(data, 'published');
  if (publishedFlag !== undefined && publishedFlag !== null && flag(publishedFlag) !== true) {
    if (flag(publishedFlag) === undefined) attention.add(`published: ${JSON.stringify(publishedFlag)} is not true or false: kept as a draft`);
    published = false;
  }
  if (flag(field(data, 'draft')) === true) published = false;
  if (textField(data, 'password')) {
    if (published) attention.add('password-protected on the old site: imported as a draft');
    published = false;
  }

  // Hexo reads `category`/`tag` when `categories`/`tags` are missing; both become tags here.
  const categories = field(data, 'categories') ?? field(data, 'category');
  const tags = tagList(field(data, 'tags') ?? field(data, 'tag'), categories);

  const url = oldUrl(data, hexoSlug, title, date, categories, config, timeZone, attention);
  const aliases = url ? [url] : [];

  const full = slugPath((draft ? 'drafts/' : '') + relPath);
  const preferred = slugPath(hexoSlug) || full || 'post';
  const entry: Entry = {
    file,
    source,
    hexoSlug,
    data,
    body,
    // The old URL (`:post_title`) is made from the title as written; the post shows it decoded.
    title: htmlTitle(title) ?? title,
    date,
    published,
    tags,
    aliases,
    slugCandidates: preferred === full ? [preferred] : [preferred, full],
    slug: preferred,
    attention,
  };
  if (updated) entry.updated = updated;
  const description = textField(data, 'description', 'excerpt', 'summary');
  if (description) entry.description = description;
  const lang = textField(data, 'lang', 'language');
  if (lang && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/u.test(lang)) entry.lang = lang;
  return entry;
}

/**
 * What `new_post_name` (`:title.md`, `:year-:month-:day-:title.md`) says about a post's path: its
 * `:title` (Hexo's slug) and, when the pattern has one, its date.
 */
export function parseNewPostName(pattern: string, relPath: string): { title: string; date?: string } {
  const rule = pattern.slice(0, pattern.length - extname(pattern).length);
  const keys: string[] = [];
  const segments: Record<string, string> = { year: '(\\d{4})', month: '(\\d{2})', day: '(\\d{2})', i_month: '(\\d{1,2})', i_day: '(\\d{1,2})', hash: '([0-9a-f]{12})' };
  const source = rule.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&').replace(/:(\w+)/gu, (_, key: string) => {
    keys.push(key);
    return segments[key] ?? '(.+?)';
  });
  const m = new RegExp(`^${source}$`, 'u').exec(relPath);
  // Hexo slugizes a path that does not match the pattern.
  if (!m) return { title: hexoSlugize(relPath) };
  const info = new Map(keys.map((k, i) => [k, m[i + 1] ?? '']));
  const year = info.get('year');
  const month = info.get('month') ?? info.get('i_month');
  const day = info.get('day') ?? info.get('i_day');
  const result: { title: string; date?: string } = { title: info.get('title') ?? hexoSlugize(relPath) };
  if (year && month && day) result.date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return result;
}

/** hexo-util's `slugize`: diacritics and special characters out, `-` between words. */
export function hexoSlugize(text: string, transform = 0): string {
  const out = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/gu, '')
    .normalize('NFC')
    .replace(/\p{Cc}/gu, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'<>,.?/]+/gu, '-')
    .replace(/^-+|-+$/gu, '');
  return transform === 1 ? out.toLowerCase() : transform === 2 ? out.toUpperCase() : out;
}

/** The wall-clock parts of the post's date in the site's zone, as Hexo's moment shows them. */
function wallParts(date: PostDate, timeZone: string): { year: string; month: string; day: string; hour: string; minute: string; second: string; unix: number } {
  // A day-only date is midnight of that day in the site's zone (Hexo's `timezone()` shift).
  const instant = toInstant(date, timeZone);
  const iso = 'day' in date ? `${date.day}T00:00:00` : isoDateTime(instant, timeZone);
  return {
    year: iso.slice(0, 4),
    month: iso.slice(5, 7),
    day: iso.slice(8, 10),
    hour: iso.slice(11, 13),
    minute: iso.slice(14, 16),
    second: iso.slice(17, 19),
    unix: Math.floor(instant.getTime() / 1000),
  };
}

/** The URL the post had: its own `permalink`, else the site's pattern filled in, under `root`. */
function oldUrl(
  data: Record<string, unknown>,
  slug: string,
  title: string,
  date: ReadDate,
  categories: unknown,
  config: HexoConfig,
  timeZone: string,
  attention: Attention,
): string | undefined {
  const own = textField(data, 'permalink');
  let path: string;
  if (own) {
    path = own.replace(/^\/+/u, '');
  } else {
    const wall = wallParts(date.date, timeZone);
    const flat = tagList(categories);
    const lastCategory = flat.at(-1);
    const values: Record<string, string> = {
      title: slug,
      name: basename(slug),
      post_title: hexoSlugize(title, 1),
      year: wall.year,
      month: wall.month,
      day: wall.day,
      hour: wall.hour,
      minute: wall.minute,
      second: wall.second,
      i_month: String(Number(wall.month)),
      i_day: String(Number(wall.day)),
      hash: createHash('sha1').update(slug + String(wall.unix)).digest('hex').slice(0, 12),
      category: lastCategory === undefined ? config.defaultCategory : (config.categoryMap.get(lastCategory) ?? hexoSlugize(lastCategory, config.filenameCase)),
    };
    let unknown = false;
    path = config.permalink.replace(/:(\w+)/gu, (whole, key: string) => {
      if (Object.hasOwn(values, key)) return values[key]!;
      // Hexo fills any other `:key` from the post's frontmatter (`:id`, `:lang`).
      const own = field(data, key);
      if (typeof own === 'string' || typeof own === 'number') return String(own);
      unknown = true;
      return whole;
    });
    if (unknown) {
      attention.add(`the permalink pattern ${config.permalink} has a part this post does not set: no old URL`);
      return undefined;
    }
  }
  if (!config.trailingIndex) path = path.replace(/(^|\/)index\.html$/u, '$1');
  if (!config.trailingHtml) path = path.replace(/\.html$/u, '');
  return aliasPath(config.root + path);
}

function finishEntry(entry: Entry, byHexoSlug: Map<string, Entry>, config: HexoConfig, sourceDir: string): SourcePost {
  const { attention } = entry;
  const fileDir = dirname(entry.file);
  const assetDir = entry.file.slice(0, -extname(entry.file).length);
  const find = imageFinder([assetDir, fileDir], [sourceDir], config.root);
  const body = convertHexoTags(entry.body, attention, (slug) => byHexoSlug.get(slug.replace(/\.(?:md|markdown)$/iu, '').toLowerCase()));
  const images = collectImages(body, find);
  return toSourcePost(entry, body, images, heroRef(entry.data), find);
}

function heroRef(data: Record<string, unknown>): string | undefined {
  const photos = field(data, 'photos') ?? field(data, 'photo');
  const candidates = [field(data, 'cover'), field(data, 'thumbnail'), field(data, 'banner'), field(data, 'index_img'), Array.isArray(photos) ? photos[0] : photos];
  for (const c of candidates) if (typeof c === 'string' && c.trim() !== '' && !isRemote(c)) return c.trim();
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Tag plugins

/** Finds `{% name args %}` tags in prose; `{% raw %}…{% endraw %}` becomes its content, untouched. */
export function findHexoTags(prose: string): TagMatch[] {
  const matches: TagMatch[] = [];
  const re = /\{%-?\s*([A-Za-z_][\w-]*)([^\n]*?)\s*-?%\}/gu;
  for (let m = re.exec(prose); m; m = re.exec(prose)) {
    const name = m[1]!.toLowerCase();
    if (name === 'raw') {
      const end = /\{%-?\s*endraw\s*-?%\}/u.exec(prose.slice(re.lastIndex));
      if (end) {
        const length = re.lastIndex - m.index + end.index + end[0].length;
        const literal = prose.slice(re.lastIndex, re.lastIndex + end.index);
        matches.push({ index: m.index, length, token: { raw: prose.slice(m.index, m.index + length), name: 'raw', closing: false, selfClosing: true, args: [], named: new Map(), literal } });
        re.lastIndex = m.index + length;
        continue;
      }
    }
    const closing = name.startsWith('end') && name.length > 3;
    const { args } = tagParams(m[2] ?? '');
    matches.push({
      index: m.index,
      length: m[0].length,
      token: { raw: m[0], name: closing ? name.slice(3) : name, closing, selfClosing: false, args: closing ? [] : args, named: new Map() },
    });
  }
  return matches;
}

/** The body with Hexo's tag plugins converted; `findPost` looks a `post_link` slug up. */
export function convertHexoTags(body: string, attention: Attention, findPost: (slug: string) => { slug: string; title: string } | undefined): string {
  return convertTags(body, findHexoTags, (token, content) => renderTag(token, content, attention, findPost));
}

const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)/iu;

function renderTag(token: TagToken, content: TagContent | undefined, attention: Attention, findPost: (slug: string) => { slug: string; title: string } | undefined): string {
  const leave = (why = 'left as text') => {
    attention.add(`{% ${token.closing ? 'end' : ''}${token.name} %} tag ${why}`);
    return content ? token.raw + content.converted + `{% end${token.name} %}` : token.raw;
  };
  if (token.closing) return leave();
  const args = token.args;
  switch (token.name) {
    case 'twitter':
    case 'tweet': {
      const target = args.find((a) => /^https?:\/\//iu.test(a) || /^\d+$/u.test(a));
      if (!target) return leave('without a URL left as text');
      return asBlock(`@[tweet](${/^\d+$/u.test(target) ? `https://x.com/i/status/${target}` : target})`);
    }
    case 'youtube': {
      const [id, type] = args;
      if (!id || type === 'playlist') return leave(id ? 'for a playlist left as text' : 'without an id left as text');
      return asBlock(`@[youtube](${id})`);
    }
    case 'codeblock':
    case 'code': {
      if (!content) return leave(`without {% end${token.name} %} left as text`);
      return asBlock(codeBlock(args, content.raw));
    }
    case 'blockquote':
    case 'pullquote': {
      if (!content) return leave(`without {% end${token.name} %} left as text`);
      const lines = content.converted.replace(/^\n+|\n+$/gu, '').split('\n').map((l) => (l.trim() === '' ? '>' : `> ${l}`));
      const credit = token.name === 'blockquote' ? blockquoteCredit(args) : '';
      return asBlock([...lines, ...(credit ? ['>', `> — ${credit}`] : [])].join('\n'));
    }
    case 'note': {
      if (!content) return leave('without {% endnote %} left as text');
      const alert = args.some((a) => /^(?:warning|danger|error)$/iu.test(a));
      return asBlock(container(alert ? 'message alert' : 'message', content.converted));
    }
    case 'img':
    case 'image':
    case 'asset_img':
    case 'asset_image': {
      const image = imageTag(args, token.name.startsWith('asset'));
      return image ? asBlock(image) : leave('without an image left as text');
    }
    case 'asset_path':
      return args[0] ?? leave();
    case 'asset_link': {
      const [file, ...rest] = args;
      if (!file) return leave();
      return `[${escapeLinkText(rest.filter((a) => a !== 'true' && a !== 'false').join(' ') || file)}](${destination(file)})`;
    }
    case 'link':
    case 'a': {
      const at = args.findIndex((a) => URL_LIKE.test(a));
      if (at < 0) return leave('without a URL left as text');
      const url = args[at]!;
      const text = args.slice(0, at).join(' ') || url;
      const title = args.slice(at + 1).filter((a) => a !== 'true' && a !== 'false').join(' ');
      return `[${escapeLinkText(text)}](${destination(url)}${title ? ` "${title.replace(/"/gu, '\\"')}"` : ''})`;
    }
    case 'post_link':
    case 'post_path': {
      const [slug, ...rest] = args;
      const post = slug ? findPost(slug) : undefined;
      if (!post) return leave(`to ${JSON.stringify(slug ?? '')}, a post not imported, left as text`);
      const url = postPath(post.slug);
      if (token.name === 'post_path') return url;
      const text = rest.filter((a) => a !== 'true' && a !== 'false').join(' ') || post.title;
      return `[${escapeLinkText(text)}](${url})`;
    }
    case 'iframe': {
      const [url, width, height] = args;
      if (!url) return leave();
      const attr = (name: string, value: string | undefined) => (value ? ` ${name}="${value.replace(/"/gu, '&quot;')}"` : '');
      return asBlock(`<iframe src="${url.replace(/"/gu, '&quot;')}"${attr('width', width ?? '100%')}${attr('height', height ?? '300')} frameborder="0" loading="lazy" allowfullscreen></iframe>`);
    }
    case 'jsfiddle': {
      const [id] = args;
      return id ? asBlock(`@[jsfiddle](https://jsfiddle.net/${id.replace(/^\/+|\/+$/gu, '')}/)`) : leave();
    }
    case 'gist': {
      const [id, file] = args;
      if (!id || !/^[\w-]+\/[0-9a-f]+$/iu.test(id)) return leave('without user/id left as text');
      return asBlock(`@[gist](https://gist.github.com/${id}${file ? `?file=${encodeURIComponent(file)}` : ''})`);
    }
    default:
      return leave();
  }
}

/** `{% codeblock [title] [lang:x] [url] [link text] [mark:1,3-4] [line_number:false] %}` as a fence. */
function codeBlock(args: string[], code: string): string {
  let lang = '';
  let mark = '';
  let firstLine = '';
  const words: string[] = [];
  let url = '';
  const linkText: string[] = [];
  for (const a of args) {
    const option = /^(lang|mark|first_line|line_number|highlight|wrap|line_threshold):(.*)$/iu.exec(a);
    if (option) {
      const [, key = '', value = ''] = option;
      if (key === 'lang') lang = value;
      else if (key === 'mark') mark = value;
      else if (key === 'first_line') firstLine = value;
    } else if (!url && /^https?:\/\//iu.test(a)) url = a;
    else if (url) linkText.push(a);
    else words.push(a);
  }
  const info = [lang || 'text'];
  const title = words.join(' ');
  if (title) info.push(`title="${title.replace(/"/gu, "'")}"`);
  if (mark) info.push(`{${mark}}`);
  if (firstLine && firstLine !== '1' && /^\d+$/u.test(firstLine)) info.push(`showLineNumbers=${firstLine}`);
  const block = fencedBlock(info.join(' '), code);
  return url ? `${block}[${escapeLinkText(linkText.join(' ') || url)}](${destination(url)})` : block;
}

/** `{% blockquote author, source link link_title %}`'s credit line. */
function blockquoteCredit(args: string[]): string {
  const at = args.findIndex((a) => /^https?:\/\//iu.test(a));
  const words = at < 0 ? args : args.slice(0, at);
  const text = words.join(' ');
  if (at < 0) return text;
  const linkTitle = args.slice(at + 1).join(' ');
  const link = `[${escapeLinkText(linkTitle || args[at]!)}](${destination(args[at]!)})`;
  return text ? `${text}, ${link}` : link;
}

/** `{% img [class] src [width] [height] ["title" ["alt"]] %}` and `{% asset_img %}` as a Markdown image. */
function imageTag(args: string[], asset: boolean): string | undefined {
  let i = 0;
  const looksLikeSrc = (a: string) => URL_LIKE.test(a) || /\.[a-z0-9]{2,5}(?:[?#].*)?$/iu.test(a) || a.includes('/');
  // Class names come first; the source is the first argument that looks like a path or URL.
  while (i < args.length && !looksLikeSrc(args[i]!) && !asset) i++;
  if (asset) while (i < args.length - 1 && !looksLikeSrc(args[i]!)) i++;
  const src = args[i];
  if (!src) return undefined;
  i++;
  let width = '';
  if (/^\d+$/u.test(args[i] ?? '')) width = args[i++]!;
  if (/^\d+$/u.test(args[i] ?? '')) i++;
  // The rest is `"title" "alt"`, quoted once more inside single quotes, or plain words.
  const rest = args.slice(i).join(' ');
  const quoted = [...rest.matchAll(/"([^"]*)"/gu)].map((m) => m[1]!);
  const title = (quoted[0] ?? rest).trim();
  const alt = (quoted[1] ?? title).trim();
  const size = width ? ` =${width}x` : '';
  return `![${escapeLinkText(alt)}](${destination(src)}${title ? ` "${title.replace(/"/gu, '\\"')}"` : ''}${size})`;
}

function escapeLinkText(text: string): string {
  return text.replace(/[[\]]/gu, '\\$&');
}

function destination(url: string): string {
  return /[\s()<>]/u.test(url) ? `<${url}>` : url;
}
