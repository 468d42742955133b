/**
 * Reads a Hugo site: every page under `content/` (or the config's `contentDir`), with YAML (`---`), TOML
 * (`+++`) or JSON (`{ … }`) frontmatter, page bundles (`foo/index.md` and the files beside it) and the
 * shortcodes that ship with Hugo converted into this blog's Markdown.
 *
 * What maps to what:
 * - `title`, its HTML entities decoded (themes write it as HTML, with `safeHTML` or `markdownify`: an
 *   entity in a title is there to show a character); `date`, else `publishDate`/`pubDate`/`published`,
 *   else `lastmod`, else the file name's date, else the file's first git commit; `lastmod` (or
 *   `modified`) is `updated`. Dates without an offset are read in the config's `timeZone`, else in the
 *   zone passed in (Hugo itself would read them as UTC; a site without `timeZone` and with such dates
 *   gets them as its author wrote them, in the blog's zone).
 * - `draft: true` (also `"true"`, `yes`), a boolean `published: false`, a past `expiryDate` → not published.
 * - tags are `tags` plus `categories`, Hugo's two default taxonomies (keys in any case: `Tags`).
 * - `description`, else `summary`; a hero from `images[0]`, `image`, `cover.image`, `featured_image`,
 *   `featuredImage` or `thumbnail` when it is local.
 * - old URLs: `url` as written, else the config's `permalinks` pattern for the page's section, else Hugo's
 *   default (`/<folders>/<slug or file name>/`), lower-cased unless `disablePathToLower`, `.html` with
 *   `uglyURLs`, under the `baseURL`'s path; and every `aliases` entry (relative ones in the page's folder).
 * - the new slug is the page's path under `content/` without a leading `posts`/`post`/`blog` folder, its
 *   last part the frontmatter `slug` when there is one (`content/posts/2020/a.md`, `slug: b` → `2020/b`).
 * - shortcodes: `figure` → an image with its caption line, `highlight` → a fenced block (line numbers and
 *   highlighted lines kept), `youtube` → `@[youtube](id)`, `x`/`tweet`/`twitter` → `@[tweet](url)`,
 *   `gist` → `@[gist](url)`, `details` → `:::details`, `ref`/`relref` → the target's new URL
 *   (`/posts/<slug>/`); a shortcode escaped with Hugo's comment markers becomes the text `{{< x >}}` as
 *   Hugo showed it; every other
 *   shortcode stays as written and is listed in `attention`.
 *
 * Not read: `_index.md` (list pages), the other Markdown files of a leaf bundle (resources, not pages),
 * translations' language prefixes (`foo.en.md` is read as a page named `foo.en`).
 */
import { readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import {
  asBlock,
  Attention,
  collectImages,
  container,
  convertTags,
  dateFromFileName,
  existingFile,
  field,
  findUp,
  flag,
  fencedBlock,
  gitFirstDates,
  imageFinder,
  toSourcePost,
  type ReadEntry,
  isBefore,
  isDir,
  isRemote,
  posixRelative,
  readDate,
  readSourceText,
  slugPath,
  slugSegment,
  splitFences,
  splitFrontmatter,
  tagList,
  tagParams,
  textField,
  uniqueSlugs,
  aliasPath,
  type ReadDate,
  type TagContent,
  type TagMatch,
  type TagToken,
} from './reader-kit.ts';
import { toInstant } from '../../src/blog/dates.ts';
import { postPath } from '../../src/blog/urls.ts';
import { htmlTitle } from './shared.ts';
import type { SourceFailure, SourcePost, SourceReading } from './source-post.ts';

const CONFIG_NAMES = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];
const MARKDOWN = /\.(?:md|markdown|mdown|mkd|mkdn)$/iu;
// Content formats Hugo renders that are not Markdown: this blog cannot read them as posts.
const OTHER_CONTENT = /\.(?:html?|org|adoc|asciidoc|ad|rst|pandoc|pdc)$/iu;
// A leading section of these names is where posts live; the new slug does without it.
const POST_SECTIONS = new Set(['posts', 'post', 'blog', 'blogs', 'articles', 'article', 'entries', 'entry', 'diary']);

/** What the reader needs from the site's configuration. */
export interface HugoConfig {
  contentDir: string;
  staticDirs: string[];
  /** The path of `baseURL` (`/` or `/blog/`). */
  basePath: string;
  /** Section → permalink pattern. */
  permalinks: Map<string, string>;
  timeZone?: string;
  disablePathToLower: boolean;
  uglyURLs: boolean;
}

/**
 * Reads the Hugo site at `path` (the site's root, its `content/` folder, or a folder inside it: then only
 * the pages there). Throws when there is no `content/` folder to read.
 */
export function read(path: string, options: { timeZone: string }): SourceReading {
  const start = resolve(path);
  const root =
    findUp(start, (dir) => CONFIG_NAMES.some((n) => existingFile(join(dir, n))) || isDir(join(dir, 'config', '_default'))) ??
    findUp(start, (dir) => isDir(join(dir, 'content')));
  if (!root) throw new Error(`${path}: no Hugo site here (no hugo.toml, config.toml or content/ folder)`);
  const config = readHugoConfig(root);
  const contentDir = resolve(root, config.contentDir);
  if (!isDir(contentDir)) throw new Error(`${path}: the Hugo site has no ${config.contentDir}/ folder`);
  const scanDir = start === contentDir || start.startsWith(contentDir + sep) ? start : contentDir;
  const timeZone = config.timeZone ?? options.timeZone;

  const failures: SourceFailure[] = [];
  const pages: Page[] = [];
  let gitDates: Map<string, string> | undefined;
  for (const file of listContent(scanDir, failures, start)) {
    const page = readPage(file, contentDir, start, config, timeZone, () => (gitDates ??= gitFirstDates(root)));
    if ('reason' in page) failures.push(page);
    else pages.push(page);
  }

  const slugs = uniqueSlugs(pages.map((p) => p.slugCandidates));
  pages.forEach((p, i) => (p.slug = slugs[i]!));
  const byContentPath = new Map<string, Page>();
  for (const p of pages) {
    byContentPath.set(p.contentPath.toLowerCase(), p);
    if (p.bundle) byContentPath.set(`${p.contentPath}/index`.toLowerCase(), p);
  }

  const posts = pages.map((page) => finishPage(page, pages, byContentPath, config));
  return { kind: 'hugo', posts, failures };
}

/** Reads `hugo.toml` / `config.toml` / … and `config/_default/`: the keys this reader uses. */
export function readHugoConfig(root: string): HugoConfig {
  const data: Record<string, unknown> = {};
  const merge = (file: string, into: Record<string, unknown>) => {
    const text = readSourceText(file);
    const ext = extname(file);
    let value: unknown;
    try {
      value = ext === '.toml' ? parseToml(text) : ext === '.json' ? JSON.parse(text) : parseYaml(text);
    } catch (e) {
      throw new Error(`${file}: the Hugo configuration does not parse: ${String((e as Error).message).split('\n')[0]}`);
    }
    if (value && typeof value === 'object' && !Array.isArray(value)) Object.assign(into, value);
  };
  for (const name of CONFIG_NAMES) {
    const file = existingFile(join(root, name));
    if (file) {
      merge(file, data);
      break;
    }
  }
  const defaults = join(root, 'config', '_default');
  if (isDir(defaults)) {
    for (const name of CONFIG_NAMES) {
      const file = existingFile(join(defaults, name));
      if (file) merge(file, data);
    }
    // `config/_default/permalinks.toml` holds the permalinks table itself.
    for (const ext of ['toml', 'yaml', 'yml', 'json']) {
      const file = existingFile(join(defaults, `permalinks.${ext}`));
      if (file) {
        const table: Record<string, unknown> = {};
        merge(file, table);
        data['permalinks'] = table;
      }
    }
  }
  const permalinks = new Map<string, string>();
  const table = field(data, 'permalinks');
  if (table && typeof table === 'object') {
    // Hugo 0.120+ also accepts `[permalinks.page]` beside the older flat table.
    const page = field(table as Record<string, unknown>, 'page');
    const source = page && typeof page === 'object' ? (page as Record<string, unknown>) : (table as Record<string, unknown>);
    for (const [section, pattern] of Object.entries(source)) {
      if (typeof pattern === 'string') permalinks.set(section.replace(/^\/+|\/+$/gu, '').toLowerCase(), pattern);
    }
  }
  const staticDir = field(data, 'staticDir');
  const staticDirs = (Array.isArray(staticDir) ? staticDir : [staticDir ?? 'static'])
    .filter((d): d is string => typeof d === 'string')
    .map((d) => resolve(root, d));
  let basePath = '/';
  const baseURL = textField(data, 'baseURL');
  if (baseURL) {
    try {
      basePath = new URL(baseURL, 'http://localhost/').pathname;
    } catch {
      // An unreadable baseURL: the site is taken to live at the root.
    }
  }
  const config: HugoConfig = {
    contentDir: textField(data, 'contentDir') ?? 'content',
    staticDirs,
    basePath: basePath.endsWith('/') ? basePath : `${basePath}/`,
    permalinks,
    disablePathToLower: flag(field(data, 'disablePathToLower')) === true,
    uglyURLs: flag(field(data, 'uglyURLs')) === true,
  };
  const timeZone = textField(data, 'timeZone');
  if (timeZone) config.timeZone = timeZone;
  return config;
}

/** The page files under `dir`: Markdown pages that are not list pages or bundle resources. */
function listContent(dir: string, failures: SourceFailure[], importRoot: string): string[] {
  const files: string[] = [];
  const walk = (folder: string, inBundle: boolean) => {
    const entries = readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    const index = entries.find((e) => e.isFile() && /^index\.[a-z]+$/iu.test(e.name));
    // A leaf bundle: its index is the page; every other file in it (Markdown included) is a resource.
    const bundle = !inBundle && index !== undefined;
    for (const e of entries) {
      // Hugo skips dot files and editors' temporary files (`#a.md#`, `a.md~`).
      if (e.name.startsWith('.') || e.name.startsWith('#') || e.name.endsWith('~')) continue;
      const full = join(folder, e.name);
      if (e.isDirectory()) {
        walk(full, inBundle || bundle);
        continue;
      }
      if (inBundle || (bundle && e !== index)) continue;
      if (/^_index\./iu.test(e.name)) continue;
      if (MARKDOWN.test(e.name)) files.push(full);
      else if (OTHER_CONTENT.test(e.name)) {
        failures.push({
          source: posixRelative(importRoot, full),
          reason: `Hugo content written in ${extname(e.name)}, not Markdown: convert it to .md to import it`,
        });
      }
    }
  };
  walk(dir, false);
  return files;
}

interface Page extends ReadEntry {
  file: string;
  /** Path under content/ without extension; a bundle's folder. */
  contentPath: string;
  bundle: boolean;
  data: Record<string, unknown>;
  body: string;
  slugCandidates: string[];
}

/** Reads one page's frontmatter into a Page, or says why it cannot be imported. */
function readPage(
  file: string,
  contentDir: string,
  importRoot: string,
  config: HugoConfig,
  timeZone: string,
  gitDates: () => Map<string, string>,
): Page | SourceFailure {
  const source = posixRelative(importRoot, file) || basename(file);
  const split = splitFrontmatter(readSourceText(file));
  if ('error' in split) return { source, reason: split.error };
  const { data, body } = split;
  const attention = new Attention();
  const bundle = /^index\./iu.test(basename(file));
  const contentPath = posixRelative(contentDir, bundle ? dirname(file) : file.slice(0, -extname(file).length));
  const fileName = basename(contentPath);

  let title = textField(data, 'title');
  if (!title) {
    title = fileName;
    attention.add('no title: the file name is used');
  }

  const fail = (reason: string): SourceFailure => ({ source, reason });
  // Hugo's default `date` order: date, publishDate, pubdate, published, lastmod, modified.
  let date: ReadDate | undefined;
  for (const key of ['date', 'publishDate', 'pubDate', 'published', 'lastmod', 'modified']) {
    const value = field(data, key);
    if (value === undefined || value === null || value === '' || typeof value === 'boolean') continue;
    const read = readDate(value, timeZone);
    if ('error' in read) return fail(`${key}: ${read.error}`);
    date = read;
    break;
  }
  if (!date) {
    const fromName = dateFromFileName(fileName);
    const fromGit = gitDates().get(file);
    const fallback = fromName ?? fromGit;
    if (!fallback) return fail('no date: set date in the frontmatter (or commit the file to git)');
    const read = readDate(fallback, timeZone);
    if ('error' in read) return fail(`date: ${read.error}`);
    date = read;
    if (!fromName) attention.add(`no date in the frontmatter: the file's first commit (${read.text}) is used`);
  }

  let updated: string | undefined;
  for (const key of ['lastmod', 'modified']) {
    const value = field(data, key);
    if (value === undefined || value === null || value === '') continue;
    const read = readDate(value, timeZone);
    if ('error' in read) return fail(`${key}: ${read.error}`);
    if (isBefore(read.date, date.date, timeZone)) attention.add(`${key} ${read.text} is before the date: left out`);
    else if (read.text !== date.text) updated = read.text;
    break;
  }

  let published = true;
  const draft = field(data, 'draft');
  if (draft !== undefined && draft !== null) {
    const isDraft = flag(draft);
    if (isDraft === undefined) {
      attention.add(`draft: ${JSON.stringify(draft)} is not true or false: kept as a draft`);
      published = false;
    } else if (isDraft) published = false;
  }
  if (field(data, 'published') === false) published = false;
  const expiry = field(data, 'expiryDate', 'unpublishDate');
  if (expiry !== undefined && expiry !== null && expiry !== '' && published) {
    const read = readDate(expiry, timeZone);
    if ('error' in read) attention.add(`expiryDate: ${read.error}`);
    else if (toInstant(read.date, timeZone).getTime() < Date.now()) {
      // Hugo stops serving a page after its expiryDate: it was no longer public.
      published = false;
      attention.add(`expired on ${read.text} (Hugo no longer served it): imported as a draft`);
    }
  }

  // Tags and categories are Hugo's two default taxonomies; both become tags here.
  const tags = tagList(field(data, 'tags'), field(data, 'categories'));
  const slugValue = textField(data, 'slug');
  const aliases = oldUrls(data, contentPath, title, slugValue, date, config);

  const segments = contentPath.split('/');
  if (segments.length > 1 && POST_SECTIONS.has(segments[0]!.toLowerCase())) segments.shift();
  const last = slugSegment(slugValue ?? '') || segments.at(-1)!;
  const preferred = slugPath([...segments.slice(0, -1), last].join('/')) || 'post';
  const full = slugPath(contentPath) || preferred;
  if (!contentPath.includes('/')) {
    attention.add('a page at the top of content/, outside any section: check that it is a post');
  }

  const page: Page = {
    file,
    source,
    contentPath,
    bundle,
    data,
    body,
    // The old URL (`:title`) is made from the title as written; the post shows it decoded.
    title: htmlTitle(title) ?? title,
    date,
    published,
    tags,
    aliases,
    slugCandidates: preferred === full ? [preferred] : [preferred, full],
    slug: preferred,
    attention,
  };
  if (updated) page.updated = updated;
  const description = textField(data, 'description', 'summary');
  if (description) page.description = description;
  const lang = textField(data, 'lang', 'language');
  if (lang && /^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/u.test(lang)) page.lang = lang;
  return page;
}

/** The URLs the page had on the Hugo site. */
function oldUrls(
  data: Record<string, unknown>,
  contentPath: string,
  title: string,
  slug: string | undefined,
  date: ReadDate,
  config: HugoConfig,
): string[] {
  const base = config.basePath.replace(/\/+$/u, '');
  const urls: string[] = [];
  const dirs = contentPath.split('/').slice(0, -1);
  const url = textField(data, 'url');
  let main: string;
  if (url) {
    // Hugo writes `url` as given: no lower-casing.
    main = url.startsWith('/') ? url : `/${url}`;
  } else {
    const section = dirs[0]?.toLowerCase() ?? '';
    const pattern = config.permalinks.get(section) ?? (section === '' ? undefined : config.permalinks.get(`${section}/`));
    const fileName = basename(contentPath);
    main = pattern
      ? expandPermalink(pattern, { date, title, slug, fileName, sections: dirs, lower: !config.disablePathToLower })
      : `/${[...dirs.map((d) => hugoPath(d, !config.disablePathToLower)), hugoPath(slug ?? fileName, !config.disablePathToLower)].join('/')}/`;
    if (!main.startsWith('/')) main = `/${main}`;
    if (config.uglyURLs && main.endsWith('/') && main !== '/') main = `${main.slice(0, -1)}.html`;
  }
  urls.push(base + main);
  const sectionUrl = `${base}/${dirs.map((d) => hugoPath(d, !config.disablePathToLower)).join('/')}`;
  const aliases = field(data, 'aliases');
  for (const a of Array.isArray(aliases) ? aliases : typeof aliases === 'string' ? [aliases] : []) {
    if (typeof a !== 'string' || a.trim() === '') continue;
    const alias = a.trim();
    if (/^[a-z]+:\/\//iu.test(alias)) continue;
    urls.push(alias.startsWith('/') ? base + alias : `${sectionUrl}/${alias}`);
  }
  return [...new Set(urls.map(aliasPath).filter((u): u is string => u !== undefined))];
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

interface PermalinkContext {
  date: ReadDate;
  title: string;
  slug: string | undefined;
  fileName: string;
  sections: string[];
  lower: boolean;
}

/** Fills a Hugo permalink pattern (`/:year/:month/:slug/`, `/:sections[1:]/:filename/`). */
export function expandPermalink(pattern: string, ctx: PermalinkContext): string {
  const [y, m, d] = ctx.date.day.split('-').map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  const yearDay = Math.round((day.getTime() - Date.UTC(y, 0, 1)) / 86_400_000) + 1;
  const path = (s: string) => hugoPath(s, ctx.lower);
  return pattern.replace(/:([a-z]+)(?:\[([^\]]*)\])?/giu, (whole, token: string, range: string | undefined) => {
    switch (token.toLowerCase()) {
      case 'year':
        return String(y).padStart(4, '0');
      case 'month':
        return String(m).padStart(2, '0');
      case 'monthname':
        return path(MONTHS[m - 1]!);
      case 'day':
        return String(d).padStart(2, '0');
      case 'weekday':
        return String(day.getUTCDay());
      case 'weekdayname':
        return path(WEEKDAYS[day.getUTCDay()]!);
      case 'yearday':
        return String(yearDay);
      case 'section':
        return path(ctx.sections[0] ?? '');
      case 'sections':
        return sliceSections(ctx.sections, range).map(path).join('/');
      case 'title':
        return path(ctx.title);
      case 'slug':
        return path(ctx.slug ?? ctx.title);
      case 'filename':
      case 'contentbasename':
        return path(ctx.fileName);
      case 'slugorfilename':
      case 'slugorcontentbasename':
        return path(ctx.slug ?? ctx.fileName);
      default:
        return whole;
    }
  });
}

/** `:sections[1:]`, `:sections[:last]`, `:sections[last]`, `:sections[0]`. */
function sliceSections(sections: string[], range: string | undefined): string[] {
  if (range === undefined) return sections;
  const index = (s: string, fallback: number) => (s === '' ? fallback : s === 'last' ? sections.length - 1 : Number(s));
  if (!range.includes(':')) {
    const i = index(range, 0);
    return sections[i] === undefined ? [] : [sections[i]];
  }
  const [from = '', to = ''] = range.split(':');
  const end = to === 'last' ? sections.length - 1 : index(to, sections.length);
  return sections.slice(index(from, 0), end);
}

/**
 * A path segment as Hugo makes it (`MakePath`/`urlize`): letters, digits, marks and `._-~+#@` kept,
 * spaces as `-`, everything else (punctuation, `、`, `「」`) dropped, lower-cased unless the site says not.
 */
export function hugoPath(text: string, lower: boolean): string {
  let out = '';
  let space = false;
  for (const ch of text.trim()) {
    if (/[\p{L}\p{N}\p{M}._\-~+#@/]/u.test(ch)) {
      if (space && out !== '') out += '-';
      space = false;
      out += ch;
    } else if (/\s/u.test(ch)) space = true;
  }
  return lower ? out.toLowerCase() : out;
}

/** Converts the page's body and gathers its images, now that every page's new slug is known. */
function finishPage(page: Page, pages: Page[], byContentPath: Map<string, Page>, config: HugoConfig): SourcePost {
  const { attention } = page;
  const fileDir = dirname(page.file);
  const resolveRef = (target: string): string | undefined => {
    const [path = '', anchor] = target.split('#');
    const hash = anchor ? `#${anchor}` : '';
    if (path === '') return hash || undefined;
    const clean = path.replace(/\.(?:md|markdown)$/iu, '').replace(/\/index$/iu, '').replace(/^\.\//u, '').replace(/\/$/u, '');
    const here = page.contentPath.split('/').slice(0, page.bundle ? undefined : -1);
    const candidates = clean.startsWith('/')
      ? [clean.slice(1)]
      : [posixJoin([...here, clean]), posixJoin([...page.contentPath.split('/').slice(0, -1), clean]), clean];
    for (const c of candidates) {
      const hit = byContentPath.get(c.toLowerCase());
      if (hit) return `${postPath(hit.slug)}${hash}`;
    }
    // As Hugo does, a bare name may stand for a page anywhere in the site, when only one page has it.
    const matches = pages.filter((p) => p.contentPath.toLowerCase().endsWith(`/${clean.toLowerCase()}`) || p.contentPath.toLowerCase() === clean.toLowerCase());
    return matches.length === 1 ? `${postPath(matches[0]!.slug)}${hash}` : undefined;
  };
  const body = convertShortcodes(page.body, attention, resolveRef);

  const find = imageFinder([fileDir], config.staticDirs, config.basePath);
  const images = collectImages(body, find);
  return toSourcePost(page, body, images, heroRef(page.data), find);
}

function posixJoin(parts: string[]): string {
  const out: string[] = [];
  for (const p of parts.join('/').split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}

/** A local hero image from the keys Hugo themes use, as written. */
function heroRef(data: Record<string, unknown>): string | undefined {
  const images = field(data, 'images');
  const cover = field(data, 'cover');
  const candidates: unknown[] = [
    Array.isArray(images) ? images[0] : images,
    field(data, 'image'),
    cover && typeof cover === 'object' ? field(cover as Record<string, unknown>, 'image') : cover,
    field(data, 'featured_image', 'featuredImage', 'featureImage', 'thumbnail'),
  ];
  for (const c of candidates) if (typeof c === 'string' && c.trim() !== '' && !isRemote(c)) return c.trim();
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// Shortcodes

/** Finds `{{< … >}}` and `{{% … %}}` shortcodes (and ones escaped with comment markers) in prose. */
export function findShortcodes(prose: string): TagMatch[] {
  const matches: TagMatch[] = [];
  const open = /\{\{([<%])/gu;
  for (let m = open.exec(prose); m; m = open.exec(prose)) {
    const delim = m[1]!;
    const closer = delim === '<' ? '>}}' : '%}}';
    // The end: the first closer outside quotes.
    let i = m.index + 3;
    let quote = '';
    for (; i < prose.length; i++) {
      const c = prose[i]!;
      if (quote) {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) quote = '';
      } else if (c === '"' || c === '`') quote = c;
      else if (prose.startsWith(closer, i)) break;
      else if (c === '\n' && prose[i + 1] === '\n') {
        i = prose.length;
        break;
      }
    }
    if (i >= prose.length) continue;
    const raw = prose.slice(m.index, i + 3);
    const inner = prose.slice(m.index + 3, i).trim();
    open.lastIndex = i + 3;
    if (inner.startsWith('/*') && inner.endsWith('*/')) {
      // `{{</* x */>}}` is how Hugo authors write a shortcode as text; Hugo shows `{{< x >}}`.
      const literal = `{{${delim} ${inner.slice(2, -2).trim()} ${closer}`;
      matches.push({ index: m.index, length: raw.length, token: { raw, name: '', closing: false, selfClosing: true, args: [], named: new Map(), literal } });
      continue;
    }
    const head = /^(\/)?\s*([\w./-]+)([\s\S]*?)(\/)?$/u.exec(inner);
    if (!head) continue;
    const { args, named } = tagParams(head[3] ?? '');
    matches.push({
      index: m.index,
      length: raw.length,
      token: { raw, name: head[2]!.toLowerCase(), closing: head[1] === '/', selfClosing: head[4] === '/', args, named },
    });
  }
  return matches;
}

/**
 * The body with Hugo's own shortcodes converted (see the module comment); `resolveRef` gives a `ref`
 * target's new URL. Shortcodes left as they are go into `attention`.
 */
export function convertShortcodes(body: string, attention: Attention, resolveRef: (target: string) => string | undefined): string {
  const converted = convertTags(body, findShortcodes, (token, content) => renderShortcode(token, content, attention, resolveRef));
  // Hugo reads shortcodes inside code blocks too: an escaped one there showed as the plain shortcode.
  return splitFences(converted)
    .map((s) => (s.code ? s.text.replace(/\{\{([<%])\/\*\s*([\s\S]*?)\s*\*\/([>%])\}\}/gu, '{{$1 $2 $3}}') : s.text))
    .join('');
}

function param(token: TagToken, name: string, position?: number): string | undefined {
  const value = token.named.get(name) ?? (position === undefined ? undefined : token.args[position]);
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function renderShortcode(token: TagToken, content: TagContent | undefined, attention: Attention, resolveRef: (t: string) => string | undefined): string {
  const leave = (why = 'left as text') => {
    attention.add(`{{< ${token.closing ? '/' : ''}${token.name} >}} shortcode ${why}`);
    return content ? token.raw + content.converted + closingOf(token) : token.raw;
  };
  if (token.closing) return leave();
  switch (token.name) {
    case 'figure': {
      const src = param(token, 'src');
      if (!src) return leave('without src left as text');
      const alt = param(token, 'alt') ?? '';
      const width = Number.parseInt(param(token, 'width') ?? '', 10);
      const size = Number.isFinite(width) && width > 0 ? ` =${width}x` : '';
      const dest = /[\s()<>]/u.test(src) ? `<${src}>` : src;
      let image = `![${alt.replace(/[[\]]/gu, '\\$&')}](${dest}${size})`;
      const link = param(token, 'link');
      if (link) image = `[${image}](${link})`;
      const caption = [param(token, 'title'), param(token, 'caption'), param(token, 'attr')].filter(Boolean).join(' ');
      return asBlock(caption ? `${image}\n*${caption.replace(/\*/gu, '\\*').replace(/\s*\n\s*/gu, ' ')}*` : image);
    }
    case 'highlight': {
      if (!content) return leave('without a closing {{< /highlight >}} left as text');
      const lang = token.args[0] ?? '';
      const options = token.args[1] ?? '';
      const info = [lang || 'text'];
      const hl = /hl_lines\s*=\s*["']?([\d\s-]+)/u.exec(options)?.[1]?.trim();
      if (hl) info.push(`{${hl.split(/\s+/u).join(',')}}`);
      if (/linenos\s*=\s*(?:true|table|inline)/u.test(options)) {
        const startAt = /linenostart\s*=\s*(\d+)/u.exec(options)?.[1];
        info.push(startAt && startAt !== '1' ? `showLineNumbers=${startAt}` : 'showLineNumbers');
      }
      return asBlock(fencedBlock(info.join(' '), content.raw));
    }
    case 'youtube': {
      const id = param(token, 'id', 0);
      return id ? asBlock(`@[youtube](${id})`) : leave('without an id left as text');
    }
    case 'x':
    case 'tweet':
    case 'twitter': {
      const id = param(token, 'id') ?? token.args.find((a) => /^\d+$/u.test(a));
      const user = param(token, 'user') ?? token.args.find((a) => !/^\d+$/u.test(a));
      if (!id) return leave('without an id left as text');
      return asBlock(`@[tweet](https://x.com/${user ?? 'i'}/status/${id})`);
    }
    case 'gist': {
      const user = param(token, 'user', 0);
      const id = param(token, 'id', 1);
      if (!user || !id) return leave('without a user and an id left as text');
      const file = param(token, 'file', 2);
      return asBlock(`@[gist](https://gist.github.com/${user}/${id}${file ? `?file=${encodeURIComponent(file)}` : ''})`);
    }
    case 'details': {
      if (!content) return leave('without a closing {{< /details >}} left as text');
      const summary = param(token, 'summary', 0) ?? 'Details';
      return asBlock(container(`details ${summary.replace(/\s*\n\s*/gu, ' ')}`, content.converted));
    }
    case 'ref':
    case 'relref': {
      const target = param(token, 'path', 0);
      const url = target ? resolveRef(target) : undefined;
      return url ?? leave(`to ${JSON.stringify(target ?? '')}, a page not imported, left as text`);
    }
    default:
      return leave();
  }
}

function closingOf(token: TagToken): string {
  return token.raw.startsWith('{{%') ? `{{% /${token.name} %}}` : `{{< /${token.name} >}}`;
}
