/**
 * Reads an Astro blog: the official blog starter (`npm create astro -- --template blog`) and themes
 * built on its schema. Give the project's folder (or its posts folder itself).
 *
 * - posts: `src/content/blog/**\/*.{md,mdx}` (also `src/data/blog`, `src/content/post` and
 *   `src/content/posts`, where AstroPaper and Cactus keep them), hidden files skipped;
 * - `title` as written (the starter's pages show it as text); `description` (empty means none); `tags` and `categories`, each
 *   tag once; `lang`;
 * - date: `pubDate` (also `pubDatetime`, `publishDate`, `date`), as YAML writes it (`2022-07-08`) or as
 *   JavaScript's `Date` read the starter's strings (`'Jul 08 2022'`, `'July 8, 2022'`, `'8 Jul 2022'`),
 *   in the site's time zone (the old site read it in its build machine's, which is gone); else the
 *   file's first git commit; else the post fails, named. `updatedDate` (or `modDatetime`, `updated`)
 *   is the update, left out when it is the same day as the date, and reported when it is before it;
 * - `draft: true` (or `published: false`) → not published;
 * - `heroImage` (also `coverImage`, `cover`, `image`; a string or `{ src }`) → the hero image:
 *   site-absolute paths (`/media/x.png`) are looked for in the project's `public/`, relative ones
 *   (`../../assets/x.jpg`) from the post's folder; remote ones stay remote;
 * - the old URL: `/blog/<id>/` (the folder's name for other folders), under astro.config's `base`, with
 *   `<id>` as Astro's glob loader makes it: the path without extension, each segment slugged as
 *   github-slugger does (lower case), `/index` dropped, or the frontmatter `slug`. A `sourceUrl` key
 *   (blogs migrated from WordPress keep their older address there) adds its path too, so that links
 *   written against the older site still lead to the post. The new post's name is that same id;
 * - body images: as for the hero; ones not found are listed by write-posts;
 * - `.mdx` posts stay `.mdx`. Their imports: `astro:*` stay; components (through the old project's
 *   tsconfig `paths`, `@components/…`, `@/…`, `~/…`, or relative) are rewritten to `/src/<path>` — Vite
 *   resolves a path from the project root wherever the post file sits, so it survives `--out` and
 *   nested folders — and the report names each component the post needs and where it was (components
 *   are not copied: they belong to the old theme); imported images are copied like body images;
 *   packages and imports that cannot be found are listed;
 * - in `.md` posts, tags that are no HTML element (`<Server>` in prose) are listed: a Markdown page
 *   does not show them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { slug as githubSlug } from 'github-slugger';
import {
  aliasPath,
  collectImages,
  existingFile,
  field,
  findUp,
  flag,
  gitFirstDates,
  imageFinder,
  imagesFromRefs,
  isBefore,
  isDir,
  isRemote,
  posixRelative,
  proseOnly,
  readDate,
  readSourceText,
  splitFences,
  splitFrontmatter,
  tagList,
  textField,
  type ReadDate,
} from './reader-kit.ts';
import { postPath } from '../../src/blog/urls.ts';
import type { ReadOptions, SourceFailure, SourceImage, SourcePost, SourceReading } from './source-post.ts';

/** Where Astro blogs keep their posts, relative to the project: the starter's first. */
export const ASTRO_POST_FOLDERS = ['src/content/blog', 'src/data/blog', 'src/content/post', 'src/content/posts'] as const;

const POST_FILE = /\.(mdx?)$/iu;
const IMAGE_EXT = /\.(?:png|jpe?g|gif|webp|avif|svg)$/iu;
const CODE_EXT = ['.astro', '.tsx', '.jsx', '.ts', '.js', '.mjs', '.svelte', '.vue', '.md', '.mdx'];

/** The project folder and its posts folder, from what the user gave; undefined when it is neither. */
export function astroLayout(path: string): { root: string; posts: string } | undefined {
  const given = resolve(path);
  for (const folder of ASTRO_POST_FOLDERS) {
    const posts = join(given, ...folder.split('/'));
    if (isDir(posts)) return { root: given, posts };
  }
  // The posts folder itself: its project is the folder above `src`.
  const project = findUp(given, (dir) => ASTRO_POST_FOLDERS.some((f) => join(dir, ...f.split('/')) === given));
  return project ? { root: project, posts: given } : undefined;
}

/** Files under `dir` that Astro's `**\/*.{md,mdx}` glob matches (hidden files and folders skipped, as micromatch does). */
function listPosts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      const full = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' ? [] : listPosts(full);
      return e.isFile() && POST_FILE.test(e.name) ? [full] : [];
    })
    .sort();
}

/**
 * A post's id as Astro's glob loader makes it: the frontmatter `slug` when there is one, else the path
 * without extension with each segment slugged by github-slugger, and a trailing `/index` dropped.
 */
export function astroId(relativePath: string, slug?: string): string {
  if (slug !== undefined && slug.trim() !== '') return slug.trim();
  const withoutExt = relativePath.split(sep).join('/').replace(POST_FILE, '');
  return withoutExt
    .split('/')
    .map((segment) => githubSlug(segment))
    .join('/')
    .replace(/\/index$/u, '');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const TIME = String.raw`(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?`;
const MONTH_FIRST = new RegExp(String.raw`^(?:[a-z]{3,9},?\s+)?([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})${TIME}$`, 'iu');
const DAY_FIRST = new RegExp(String.raw`^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{4})${TIME}$`, 'iu');

/**
 * The starter's date strings (`Jul 08 2022`, `July 8, 2022`, `Mon, 8 Jul 2022 10:00`) as
 * `YYYY-MM-DD[ hh:mm:ss]`; undefined when `text` is not one. ISO-like text is left to `readDate`, so
 * that a typo there (`2020-12/01`) stays an error instead of whatever `Date` guesses.
 */
export function monthNameDate(text: string): string | undefined {
  const m = MONTH_FIRST.exec(text.trim());
  const d = m ? undefined : DAY_FIRST.exec(text.trim());
  const [monthName, day, year, hh, mm, ss] = m ? [m[1], m[2], m[3], m[4], m[5], m[6]] : d ? [d[2], d[1], d[3], d[4], d[5], d[6]] : [];
  if (!monthName || !day || !year) return undefined;
  const month = MONTHS.findIndex((name) => monthName.toLowerCase().startsWith(name)) + 1;
  if (month === 0) return undefined;
  const date = `${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}`;
  return hh && mm ? `${date} ${hh.padStart(2, '0')}:${mm}:${ss ?? '00'}` : date;
}

/** A date of the post as the starter's schema (`z.coerce.date()`) took it, read in `timeZone`. */
export function readAstroDate(value: unknown, timeZone: string): ReadDate | { error: string } {
  if (typeof value === 'string') {
    const named = monthNameDate(value);
    if (named !== undefined) {
      const read = readDate(named, timeZone);
      return 'error' in read ? { error: `"${value}" is not a date` } : read;
    }
  }
  if (typeof value === 'number') return { error: `${value} is not a date: write YYYY-MM-DD` };
  return readDate(value, timeZone);
}

/** `tsconfig.json` read leniently (comments and trailing commas allowed, as TypeScript does). */
function readJsonc(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const end = /"(?:\\.|[^"\\])*"/uy;
      end.lastIndex = i;
      const m = end.exec(text);
      const s = m?.[0] ?? text.slice(i);
      out += s;
      i += s.length - 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/gu, '$1'));
}

/** One import alias: `@components/*` → `<root>/src/components/*`. */
interface Alias {
  prefix: string;
  wildcard: boolean;
  targets: string[];
}

/**
 * The old project's import aliases: its tsconfig `compilerOptions.paths` (from `baseUrl`, else the
 * project folder), then the ones Astro themes commonly use when the tsconfig has none of them.
 */
export function importAliases(root: string): Alias[] {
  const aliases: Alias[] = [];
  const tsconfig = existingFile(join(root, 'tsconfig.json'));
  if (tsconfig) {
    try {
      const options = (readJsonc(tsconfig) as { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }).compilerOptions;
      const base = resolve(root, options?.baseUrl ?? '.');
      for (const [pattern, targets] of Object.entries(options?.paths ?? {})) {
        const wildcard = pattern.endsWith('*');
        aliases.push({ prefix: wildcard ? pattern.slice(0, -1) : pattern, wildcard, targets: targets.map((t) => resolve(base, t)) });
      }
    } catch {
      // A tsconfig that does not parse: the common aliases below still apply.
    }
  }
  const common: [string, string][] = [
    ['@components/', 'src/components/'],
    ['@/', 'src/'],
    ['~/', 'src/'],
  ];
  for (const [prefix, target] of common) {
    if (!aliases.some((a) => a.prefix === prefix)) aliases.push({ prefix, wildcard: true, targets: [join(root, target, '*')] });
  }
  // Longest prefix first: `@components/` before `@/`.
  return aliases.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** The file an import names, trying the extensions Vite does and `index` files. */
function resolveImportFile(candidate: string): string | undefined {
  for (const file of [candidate, ...CODE_EXT.map((ext) => candidate + ext), ...CODE_EXT.map((ext) => join(candidate, `index${ext}`))]) {
    const found = existingFile(file);
    if (found) return found;
  }
  return undefined;
}

/** The file an import specifier names in the old project, and whether it went through an alias. */
function resolveImport(spec: string, postDir: string, aliases: readonly Alias[]): { file?: string; aliased: boolean } {
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const file = resolveImportFile(resolve(postDir, spec));
    return file ? { file, aliased: false } : { aliased: false };
  }
  for (const alias of aliases) {
    if (alias.wildcard ? !spec.startsWith(alias.prefix) : spec !== alias.prefix) continue;
    const rest = alias.wildcard ? spec.slice(alias.prefix.length) : '';
    for (const target of alias.targets) {
      const file = resolveImportFile(alias.wildcard ? target.replace(/\*$/u, rest) : target);
      if (file) return { file, aliased: true };
    }
    return { aliased: true };
  }
  return { aliased: false };
}

const IMPORT = /^import\s+(?:[^'";]*?\s+from\s+)?(['"])([^'"\n]+)\1/gmu;

/**
 * The ESM imports of an MDX body: components rewritten to `/src/…` (see the file's comment), imported
 * images found (write-posts copies them and rewrites the import), and what the author must do for each.
 */
export function mdxImports(
  body: string,
  postDir: string,
  root: string,
  aliases: readonly Alias[],
  publicDir: string,
): { body: string; images: SourceImage[]; attention: string[] } {
  const attention: string[] = [];
  const imageRefs: string[] = [];
  const imageFiles = new Map<string, string>();
  const src = join(root, 'src');
  const rewritten = splitFences(body)
    .map((segment) =>
      segment.code
        ? segment.text
        : segment.text.replace(IMPORT, (whole, quote: string, spec: string) => {
            if (spec.startsWith('astro:') || spec === 'astro' || spec.startsWith('astro/')) return whole;
            const { file, aliased } = resolveImport(spec, postDir, aliases);
            const relativeSpec = spec.startsWith('./') || spec.startsWith('../');
            if (!file) {
              if (!aliased && !relativeSpec && !spec.startsWith('/')) {
                attention.push(`imports the package ${spec}: install it in this project (npm install ${spec.replace(/^((?:@[^/]+\/)?[^/]+).*$/u, '$1')})`);
              } else {
                attention.push(`imports ${spec}, which is not in the old project: fix or remove the import`);
              }
              return whole;
            }
            if (IMAGE_EXT.test(file)) {
              imageRefs.push(spec);
              imageFiles.set(spec, file);
              return whole;
            }
            const inSrc = relative(src, file);
            if (inSrc.startsWith('..') || inSrc.startsWith(sep)) {
              attention.push(`imports ${spec} (${posixRelative(root, file)}), outside the old project's src/: copy it into this project and fix the import`);
              return whole;
            }
            const target = `/src/${inSrc.split(sep).join('/')}`;
            attention.push(`needs ${target.slice(1)} from the old project (${file}): copy it there; the import now reads '${target}'`);
            return whole.replace(`${quote}${spec}${quote}`, `${quote}${target}${quote}`);
          }),
    )
    .join('');
  const images = imagesFromRefs(imageRefs, (ref) => imageFiles.get(ref) ?? imageFinder([postDir], [publicDir])(ref));
  return { body: rewritten, images, attention };
}

// Elements a Markdown page shows (HTML's, SVG's and MathML's common ones): any other tag in prose is dropped by the browser.
const HTML_ELEMENTS = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark math menu meta meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script search section select slot small source span strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track u ul var video wbr center font big strike tt ' +
    'g path circle rect line polyline polygon ellipse text tspan defs use symbol lineargradient radialgradient stop clippath mask pattern image foreignobject marker mi mo mn ms mrow msup msub mfrac msqrt mtext'
  ).split(' '),
);

/** Tags in the prose of a Markdown body that are no HTML element (`<Server port=…>`): the page will not show them. */
export function unknownTags(body: string): string[] {
  const found = new Set<string>();
  // Autolinks (`<https://…>`, `<a@b.c>`) and comments are not tags.
  for (const m of proseOnly(body).matchAll(/<\/?([A-Za-z][\w-]*)(?=[\s/>])[^<>\n]*>/gu)) {
    const name = m[1]!;
    if (!HTML_ELEMENTS.has(name.toLowerCase()) && !name.includes('-')) found.add(name);
  }
  return [...found].map((name) => `<${name}> in the text is no HTML element: the page will not show it; write it as \`<${name}>\` (code) or &lt;${name}>`);
}

/** The site's `base` from astro.config (`base: '/blog'`), as written; `/` when there is none. */
function configBase(root: string): string {
  for (const name of ['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.mts']) {
    const file = existingFile(join(root, name));
    if (!file) continue;
    const m = /\bbase\s*:\s*(['"`])(\/[^'"`]*)\1/u.exec(readFileSync(file, 'utf8'));
    if (m) return m[2]!;
  }
  return '/';
}

const toText = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value.trim() || undefined;
  if (value && typeof value === 'object') {
    const src = (value as Record<string, unknown>).src ?? (value as Record<string, unknown>).url;
    return typeof src === 'string' ? src.trim() || undefined : undefined;
  }
  return undefined;
};

const DATE_KEYS = ['pubDate', 'pubDatetime', 'publishDate', 'date'];
const UPDATED_KEYS = ['updatedDate', 'modDatetime', 'updated'];
const HERO_KEYS = ['heroImage', 'coverImage', 'cover', 'image'];
const MAPPED = new Set(['title', 'description', 'tags', 'categories', 'lang', 'draft', 'published', 'slug', ...DATE_KEYS, ...UPDATED_KEYS].map((k) => k.toLowerCase()));

/** Reads every post of an Astro blog (see the file's comment). */
export function read(path: string, options: ReadOptions): SourceReading {
  const layout = astroLayout(path);
  if (!layout) throw new Error(`${resolve(path)} has none of ${ASTRO_POST_FOLDERS.join(', ')}: give the Astro project's folder`);
  const { root, posts: postsDir } = layout;
  const publicDir = join(root, 'public');
  const base = configBase(root).replace(/\/+$/u, '');
  const collection = basename(postsDir);
  const aliases = importAliases(root);
  let commits: Map<string, string> | undefined;
  const posts: SourcePost[] = [];
  const failures: SourceFailure[] = [];

  for (const file of listPosts(postsDir)) {
    const source = posixRelative(root, file);
    const inPosts = relative(postsDir, file);
    const mdx = /\.mdx$/iu.test(file);
    let text: string;
    try {
      text = readSourceText(file);
    } catch (e) {
      failures.push({ source, reason: `cannot be read: ${(e as Error).message}` });
      continue;
    }
    const split = splitFrontmatter(text);
    if ('error' in split) {
      failures.push({ source, reason: split.error });
      continue;
    }
    if (split.format === 'none') {
      failures.push({ source, reason: 'no frontmatter (--- title: … pubDate: … ---) at the top' });
      continue;
    }
    const { data } = split;
    const title = textField(data, 'title');
    if (!title) {
      failures.push({ source, reason: 'no title: add title: … to its frontmatter' });
      continue;
    }

    const dateKey = DATE_KEYS.find((k) => field(data, k) !== undefined);
    let date: ReadDate | { error: string };
    if (dateKey) {
      date = readAstroDate(field(data, dateKey), options.timeZone);
      if ('error' in date) {
        failures.push({ source, reason: `${dateKey}: ${date.error}` });
        continue;
      }
    } else {
      commits ??= gitFirstDates(root);
      const first = commits.get(file);
      if (!first) {
        failures.push({ source, reason: 'no pubDate, and the file has no commit in git: add pubDate: YYYY-MM-DD to it' });
        continue;
      }
      date = readDate(first, options.timeZone);
      if ('error' in date) {
        failures.push({ source, reason: `date from git: ${date.error}` });
        continue;
      }
    }

    const draftValue = field(data, 'draft');
    const publishedValue = field(data, 'published');
    const draft = draftValue === undefined ? undefined : flag(draftValue);
    const publishedFlag = publishedValue === undefined ? undefined : flag(publishedValue);
    if ((draftValue !== undefined && draft === undefined) || (publishedValue !== undefined && publishedFlag === undefined)) {
      failures.push({ source, reason: `draft must be true or false, not ${JSON.stringify(draftValue ?? publishedValue)}` });
      continue;
    }
    const published = draft !== true && publishedFlag !== false;

    const attention: string[] = [];
    const post: SourcePost = {
      source,
      slug: astroId(inPosts, textField(data, 'slug')),
      ext: mdx ? '.mdx' : '.md',
      title,
      date: date.text,
      published,
      tags: tagList(field(data, 'tags'), field(data, 'categories')),
      aliases: [],
      body: split.body,
      images: [],
      attention,
    };

    const updatedKey = UPDATED_KEYS.find((k) => field(data, k) !== undefined);
    if (updatedKey) {
      const updated = readAstroDate(field(data, updatedKey), options.timeZone);
      if ('error' in updated) attention.push(`${updatedKey} left out: ${updated.error}`);
      else if (isBefore(updated.date, date.date, options.timeZone)) attention.push(`${updatedKey} ${updated.text} is before the date ${date.text}: left out`);
      // The same day is no update (the starter's posts often repeat pubDate there).
      else if (updated.day !== date.day) post.updated = updated.text;
    }
    const description = textField(data, 'description');
    if (description) post.description = description;
    const lang = textField(data, 'lang');
    if (lang) post.lang = lang;

    const id = astroId(inPosts, textField(data, 'slug'));
    const oldUrls = [aliasPath(`${base}/${collection}/${id}/`)];
    const sourceUrl = textField(data, 'sourceUrl');
    if (sourceUrl) {
      try {
        oldUrls.push(aliasPath(new URL(sourceUrl).pathname));
      } catch {
        // Not a URL: nothing to redirect from.
      }
    }
    // An old URL that is the new one (`/posts/<id>/` of AstroPaper) needs no redirect. Aliases are
    // kept decoded (aliasPath), and so is the new URL they are compared with.
    const ownUrl = aliasPath(postPath(post.slug));
    post.aliases = [...new Set(oldUrls.filter((u): u is string => u !== undefined && u !== '/' && u !== ownUrl))];

    const postDir = dirname(file);
    const find = imageFinder([postDir], [publicDir], base || '/');
    let body = split.body;
    const images: SourceImage[] = [];
    if (mdx) {
      const imports = mdxImports(body, postDir, root, aliases, publicDir);
      body = imports.body;
      images.push(...imports.images);
      attention.push(...imports.attention);
    } else {
      attention.push(...unknownTags(body));
    }
    for (const image of collectImages(body, find)) if (!images.some((i) => i.ref === image.ref)) images.push(image);
    post.body = body;
    post.images = images;

    const heroKey = HERO_KEYS.find((k) => toText(field(data, k)) !== undefined);
    const heroRef = heroKey ? toText(field(data, heroKey)) : undefined;
    const extra: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(data)) {
      if (MAPPED.has(key.toLowerCase())) continue;
      // The hero becomes `heroImage`; a remote one is written as it was.
      if (heroKey && key.toLowerCase() === heroKey.toLowerCase()) continue;
      extra[key] = value;
    }
    if (heroRef !== undefined) {
      const file = isRemote(heroRef) ? undefined : find(heroRef);
      post.heroImage = file === undefined ? { ref: heroRef } : { ref: heroRef, file };
    }
    if (Object.keys(extra).length > 0) post.extra = extra;
    posts.push(post);
  }
  return { kind: 'astro', posts, failures };
}
