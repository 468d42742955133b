/**
 * The committed store of fetched link cards, `src/content/link-cards.json`: its format, read and
 * checked, and written. `npm run cards` fills it (src/link-cards/update-store.ts); a build reads only
 * this file, never the network (`loadStore`, for src/markdown/link-blocks.ts and images.ts).
 *
 *     { "version": 1,
 *       "cards": { "<url as written in the post>": { url, title, description, siteName, icon, image, fetched } },
 *       "code": { "<GitHub permalink as written>": { repo, path, ref, startLine, endLine, lang, code, fetched } },
 *       "images": { "<remote image URL, normalized (imageStoreKey)>": { width, height, fetched } },
 *       "failed": { "<url>": { reason, tried } } }
 *
 * `images` holds the natural size of the remote images posts show (`![](https://…)`, `<img src>`), so
 * that their pages reserve the space before they load; a store written before it had them reads as
 * one without.
 *
 * Keys are sorted and the JSON indented by two spaces with a final newline, so that it diffs well and
 * builds are byte-identical. Every string in it came from a page on the web and is text to escape; the
 * only URLs it may hold are http(s) ones, and files under `link-cards/` named by their hash.
 *
 * For a build, no file is an empty store, and a file that is not the store's format stops the build
 * with its name and what is wrong: every card would otherwise be silently bare. The fetcher reads it
 * leniently instead (`readStore`): a broken entry is dropped with a note and fetched again.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The store's path under the project folder. */
export const LINK_CARD_STORE = 'src/content/link-cards.json';

/** A file saved in `public/` (`link-cards/<16 hex digits of its SHA-256>.<ext>`), as the store names it. */
export const LOCAL_FILE = /^link-cards\/[0-9a-f]{16}\.(?:webp|png|jpe?g|gif|avif|svg|ico)$/u;
const DATE = /^\d{4}-\d{2}-\d{2}$/u;
const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/u;
/** Largest image side the store may name; its images are downscaled far below this. */
const MAX_SIDE = 10_000;
/** Largest side of a remote image whose size is recorded (its bytes are capped far below this). */
export const MAX_IMAGE_SIDE = 100_000;

export interface CardImage {
  src: string;
  width: number;
  height: number;
}

/** What was fetched for a URL written in a post. */
export interface CardEntry {
  url: string;
  title: string;
  description: string;
  siteName: string;
  icon: string | null;
  image: CardImage | null;
  fetched: string;
}

/** Lines of a file on GitHub, fetched for a permalink written in a post. */
export interface CodeEntry {
  repo: string;
  path: string;
  ref: string;
  startLine: number;
  endLine: number;
  lang: string;
  code: string;
  fetched: string;
}

/** The natural size of a remote image a post shows. */
export interface ImageSizeEntry {
  width: number;
  height: number;
  fetched: string;
}

export interface FailedEntry {
  reason: string;
  tried: string;
}

/**
 * The store, keyed by the URL exactly as a post writes it. The records have no prototype, so that a
 * key such as `__proto__` is a URL like any other; test keys with `Object.hasOwn`.
 */
export interface LinkCardStore {
  version: 1;
  cards: Record<string, CardEntry>;
  code: Record<string, CodeEntry>;
  images: Record<string, ImageSizeEntry>;
  failed: Record<string, FailedEntry>;
}

const record = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

export const emptyStore = (): LinkCardStore => ({ version: 1, cards: record(), code: record(), images: record(), failed: record() });

/**
 * The key of a remote image in the store's `images`: its http(s) URL as a browser resolves it (host in
 * lower case, spaces and non-ASCII characters percent-encoded, no fragment), so that `<img src>` in
 * raw HTML and Markdown's encoded `![](…)` find the same entry. Undefined for any other address.
 */
export function imageStoreKey(src: string): string | undefined {
  return httpUrl(src)?.href;
}

/** `text` read as an http(s) URL (against `base`), without its fragment; undefined for any other address. */
export function httpUrl(text: string, base?: URL): URL | undefined {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  return url;
}

class StoreError extends Error {}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function need(condition: boolean, where: string, what: string): asserts condition {
  if (!condition) throw new StoreError(`${where} ${what}`);
}

function string(entry: Json, key: string, where: string): string {
  const value = entry[key];
  need(typeof value === 'string', `${where}.${key}`, 'must be a string');
  return value;
}

function wholeNumber(entry: Json, key: string, where: string, min: number, max: number): number {
  const value = entry[key];
  need(Number.isInteger(value) && (value as number) >= min && (value as number) <= max, `${where}.${key}`, `must be a whole number from ${min} to ${max}`);
  return value as number;
}

function date(entry: Json, key: string, where: string): string {
  const value = string(entry, key, where);
  need(DATE.test(value), `${where}.${key}`, 'must be a date written YYYY-MM-DD');
  return value;
}

function localFile(value: unknown, where: string): string {
  need(typeof value === 'string' && LOCAL_FILE.test(value), where, 'must name a file link-cards/<16 hex digits>.<image extension>');
  return value;
}

function httpString(entry: Json, key: string, where: string): string {
  const value = string(entry, key, where);
  need(httpUrl(value) !== undefined, `${where}.${key}`, 'must be an http(s) URL');
  return value;
}

function cardEntry(entry: unknown, where: string): CardEntry {
  need(isObject(entry), where, 'must be an object');
  const image = entry.image ?? null;
  need(image === null || isObject(image), `${where}.image`, 'must be an object or null');
  return {
    url: httpString(entry, 'url', where),
    title: string(entry, 'title', where),
    description: string(entry, 'description', where),
    siteName: string(entry, 'siteName', where),
    icon: entry.icon === null || entry.icon === undefined ? null : localFile(entry.icon, `${where}.icon`),
    image:
      image === null
        ? null
        : {
            src: localFile(image.src, `${where}.image.src`),
            width: wholeNumber(image, 'width', `${where}.image`, 1, MAX_SIDE),
            height: wholeNumber(image, 'height', `${where}.image`, 1, MAX_SIDE),
          },
    fetched: date(entry, 'fetched', where),
  };
}

function codeEntry(entry: unknown, where: string): CodeEntry {
  need(isObject(entry), where, 'must be an object');
  const repo = string(entry, 'repo', where);
  need(REPO.test(repo), `${where}.repo`, 'must be owner/name');
  const path = string(entry, 'path', where);
  const ref = string(entry, 'ref', where);
  const startLine = wholeNumber(entry, 'startLine', where, 1, Number.MAX_SAFE_INTEGER);
  const endLine = wholeNumber(entry, 'endLine', where, startLine, Number.MAX_SAFE_INTEGER);
  return { repo, path, ref, startLine, endLine, lang: string(entry, 'lang', where), code: string(entry, 'code', where), fetched: date(entry, 'fetched', where) };
}

function imageSizeEntry(entry: unknown, where: string): ImageSizeEntry {
  need(isObject(entry), where, 'must be an object');
  return {
    width: wholeNumber(entry, 'width', where, 1, MAX_IMAGE_SIDE),
    height: wholeNumber(entry, 'height', where, 1, MAX_IMAGE_SIDE),
    fetched: date(entry, 'fetched', where),
  };
}

function failedEntry(entry: unknown, where: string): FailedEntry {
  need(isObject(entry), where, 'must be an object');
  return { reason: string(entry, 'reason', where), tried: date(entry, 'tried', where) };
}

type Section = Exclude<keyof LinkCardStore, 'version'>;
const SECTIONS: Record<Section, (entry: unknown, where: string) => unknown> = { cards: cardEntry, code: codeEntry, images: imageSizeEntry, failed: failedEntry };

/**
 * The store in `text`. Strict (the default): throws an error naming `file` and what is wrong at the
 * first problem. Lenient: only a file that is not JSON or not this version throws; an entry that is
 * not right is left out and noted in `problems`.
 */
function parse(text: string, file: string, lenient: boolean): { store: LinkCardStore; problems: string[] } {
  const problems: string[] = [];
  try {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new StoreError(`is not JSON (${(error as Error).message})`);
    }
    need(isObject(json), 'the file', 'must hold a JSON object');
    need(json.version === 1, 'version', `must be 1 (found ${JSON.stringify(json.version)})`);
    const store = emptyStore();
    for (const [name, read] of Object.entries(SECTIONS) as [Section, (typeof SECTIONS)[Section]][]) {
      const section = json[name] ?? {};
      need(isObject(section), name, 'must be an object keyed by URL');
      const into = store[name] as Record<string, unknown>;
      for (const [url, entry] of Object.entries(section)) {
        try {
          into[url] = read(entry, `${name}[${JSON.stringify(url)}]`);
        } catch (error) {
          if (!lenient || !(error instanceof StoreError)) throw error;
          problems.push(`${error.message}: entry left out`);
        }
      }
    }
    return { store, problems };
  } catch (error) {
    if (error instanceof StoreError) throw new Error(`${file}: ${error.message}; fix it or run \`npm run cards\` to write it again`);
    throw error;
  }
}

/** The store in `text`; throws an error naming `file` and what is wrong when it is not one. */
export function parseStore(text: string, file: string): LinkCardStore {
  return parse(text, file, false).store;
}

/**
 * The store at `file` for the fetcher, with its text as read (`''` when there is no file, which is an
 * empty store). Entries that are not right are left out and noted in `problems`, so that the fetcher
 * fetches them again; a file that is not JSON, or not this version, throws.
 */
export function readStore(file: string): { store: LinkCardStore; problems: string[]; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { store: emptyStore(), problems: [], text: '' };
    throw error;
  }
  return { ...parse(text, shown(file), true), text };
}

/** Stores read for builds, by path, with the file's modification time and size when read. */
const loaded = new Map<string, { mtimeMs: number; size: number; store: LinkCardStore }>();

/**
 * The store at `file` for a build: read once, and again when the file changes (`astro dev`, or
 * `npm run cards` while it runs); an empty store when there is no file; an error naming the file when
 * it is not a store.
 */
export function loadStore(file: string): LinkCardStore {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) {
    loaded.delete(file);
    return emptyStore();
  }
  const known = loaded.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.store;
  const store = parseStore(readFileSync(file, 'utf8'), shown(file));
  loaded.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, store });
  return store;
}

const shown = (file: string) => relative(process.cwd(), file) || file;

/** `value` with every object's keys sorted, for output that does not depend on insertion order. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isObject(value)) return value;
  const out = record<unknown>();
  for (const key of Object.keys(value).sort()) out[key] = sortedKeys(value[key]);
  return out;
}

/** The store's file text: keys sorted, two-space indent, final newline. */
export function serializeStore(store: LinkCardStore): string {
  // A store without image sizes is written as before they existed: no empty section to commit.
  const images = Object.keys(store.images).length > 0 ? { images: store.images } : {};
  return `${JSON.stringify(sortedKeys({ version: 1, cards: store.cards, code: store.code, ...images, failed: store.failed }), null, 2)}\n`;
}

/** Writes `text` to `file` through a temporary file and a rename: a reader never sees half a file. */
export function writeFileAtomic(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, file);
  } finally {
    rmSync(temporary, { force: true });
  }
}

const CONTENT = `${sep}src${sep}content${sep}`;

/**
 * The store of the project that `post` (a post's file URL) belongs to: the folder above its
 * `src/content`; else the store under the current folder (the project's, in builds and the worker).
 */
export function storeFileFor(post: URL | undefined): string {
  return join(projectFolderFor(post), LINK_CARD_STORE);
}

/**
 * The project folder that `post` (a post's file URL) belongs to: the folder above its `src/content`;
 * else the current folder (the project's, in builds and the worker).
 */
export function projectFolderFor(post: URL | undefined): string {
  if (post?.protocol === 'file:') {
    const path = fileURLToPath(post);
    const at = path.lastIndexOf(CONTENT);
    if (at >= 0) return path.slice(0, at);
  }
  return process.cwd();
}
