import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { receive } from '../build-speed/build-hand-off.ts';
import { codeFingerprint } from '../build-speed/code-fingerprint.ts';
import { finishFolder, keepFolder, keptFolder, partialFolder, pruneFolders, restoreFolder } from '../build-speed/folder-cache.ts';
import { mergePagefindBundles, PagefindMergeError } from './pagefind-merge.ts';
import { projectFolder } from '../project/project-folder.ts';
import { SEARCH_PAGES, searchIndexKey, searchIndexParts, type SearchPage } from './search-pages.ts';
import { markSearchWords } from './search-words.ts';

/**
 * The search index (Pagefind, into dist/pagefind/). The post pages' route hands over every post's
 * title and body (src/search/search-pages.ts) before any page renders, and Pagefind indexes them in its
 * own process while the pages render, instead of reading the whole built site back afterwards. The
 * whole site is one index in the site's language (Japanese segmentation comes with the
 * `pagefind_extended` binary), so that a search also finds posts written in another language.
 *
 * The index is made in parts of a few hundred posts and merged (see writeSearchIndex), and the parts
 * and the last index are kept in node_modules/.cache/search-index: a rebuild indexes again only the
 * parts whose posts changed, and copies the whole index when no post's searchable text did (a change
 * to the templates, the styles, the site's settings). A kept part or index is used only while its
 * files are the ones recorded when it was kept (src/build-speed/folder-cache.ts): one changed since is made
 * again, with a warning that names what changed.
 */
export function searchIndex({ lang }: { lang: string }): AstroIntegration {
  let outDir = '';
  let cacheDir = '';
  let indexing: Promise<SearchIndexResult> | undefined;
  return {
    name: 'search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
        cacheDir = fileURLToPath(new URL('node_modules/.cache/search-index/', config.root));
      },
      'astro:build:start': ({ logger }) => {
        indexing = undefined;
        receive<SearchPage[]>(SEARCH_PAGES, (pages) => {
          if (indexing) return; // the route's paths asked for again: the same posts, already being indexed
          indexing = writeSearchIndex(pages, outDir, lang, { dir: cacheDir, warn: (message) => logger.warn(message) });
          indexing.catch(() => undefined); // reported when build:done waits for it
        });
      },
      'astro:build:done': async ({ logger }) => {
        receive(SEARCH_PAGES, undefined);
        const { posts, reused, parts, indexed } = (await indexing) ?? { posts: 0, reused: false, parts: 0, indexed: 0 };
        if (posts === 0) logger.info('no posts to index for search');
        else if (reused) logger.info(`search index of ${posts} posts unchanged: copied from the last build`);
        else if (indexed === parts) logger.info(`indexed ${posts} posts for search, in ${parts} part${parts === 1 ? '' : 's'}`);
        else if (indexed === 0) logger.info(`search index of ${posts} posts merged again from the parts kept from the last build`);
        else logger.info(`search index of ${posts} posts: ${indexed} of ${parts} parts indexed again, the others kept from the last build`);
      },
    },
  };
}

export interface SearchIndexResult {
  /** How many posts the index holds. */
  posts: number;
  /** Whether the whole index was copied from the last build's instead of made. */
  reused: boolean;
  /** How many parts the index was made from (src/search/search-pages.ts), and how many Pagefind indexed anew. */
  parts: number;
  indexed: number;
}

/** Where to keep the last index and its parts, and how to say that keeping or reading them failed. */
export interface SearchIndexCache {
  dir: string;
  warn: (message: string) => void;
}

/**
 * Indexes `pages` with Pagefind and writes the index into `outDir`/pagefind. Without pages there is no
 * index: Pagefind's script cannot search an empty one, and the search page of a site without posts
 * says so instead of offering a search (src/pages/search.astro).
 *
 * The pages are indexed in parts of a few hundred (searchIndexParts), one part after the other, and
 * the parts merged into the one index readers download (src/search/pagefind-merge.ts): so Pagefind never
 * holds more than a part in memory. With a `cache`, each part is kept under a hash of its pages, and
 * a rebuild indexes only the parts whose pages changed; the whole index is kept too, and linked into
 * the site when no page changed. The cache only saves time: when it cannot be read or written, the
 * build says so and goes on without it.
 */
export async function writeSearchIndex(
  pages: readonly SearchPage[],
  outDir: string,
  lang: string,
  cache?: SearchIndexCache,
): Promise<SearchIndexResult> {
  if (pages.length === 0) return { posts: 0, reused: false, parts: 0, indexed: 0 };
  const target = join(outDir, 'pagefind');
  const parts = searchIndexParts(pages);
  // Keys cover everything an index is made from: its pages in order, the language, Pagefind, this code,
  // and the ICU whose word boundaries mark the pages' Chinese and Japanese words (markSearchWords).
  const version = cache && pagefindVersion(cache.warn);
  const caches = cache && version ? openCaches(cache, `${version}+${searchCode()}+icu${process.versions.icu ?? ''}`) : undefined;
  const partKeys = parts.map((part) => caches && searchIndexKey(part, lang, caches.version));
  // The index is the merge of the parts in order: their keys in order name it, without hashing every
  // page a second time.
  const key = caches && createHash('sha256').update(partKeys.join('\u0000')).digest('hex').slice(0, 32);
  // The index is linked and written into a folder of its own: nothing may be left from before.
  rmSync(target, { recursive: true, force: true });
  if (caches && key) {
    try {
      const damaged = (changes: string) => caches.warn(`the search index kept from the last build changed since (${changes}): made again from its parts`);
      if (restoreFolder(caches.whole, key, target, damaged)) return { posts: pages.length, reused: true, parts: parts.length, indexed: 0 };
    } catch (error) {
      caches.warn(`could not copy the last search index (${String(error)}); indexing again`);
      rmSync(target, { recursive: true, force: true });
    }
  }

  // Parts go to the cache's folder; a temporary folder is made only for a part that cannot be kept
  // there, so that a build killed half-way leaves nothing in the system's temporary folder.
  let scratch: string | undefined;
  const scratchFor = (i: number) => join((scratch ??= mkdtempSync(join(tmpdir(), 'search-parts-'))), String(i));
  try {
    let indexed = 0;
    const dirs: string[] = [];
    try {
      for (const [i, part] of parts.entries()) {
        const made = await indexPart(part, lang, () => scratchFor(i), caches, partKeys[i]);
        if (made.indexed) indexed++;
        dirs.push(made.dir);
      }
    } finally {
      // The Pagefind process, if a part started it: it exits, giving back all it held.
      await pagefind.close();
    }
    await mergeOrIndexAtOnce(dirs, target, pages, lang, cache?.warn);
    caches?.prune(new Set(partKeys.filter((k) => k !== undefined)));
    if (caches && key) {
      try {
        keepFolder(caches.whole, key, target);
      } catch (error) {
        caches.warn(`could not keep the search index for the next build (${String(error)})`);
      }
    }
    return { posts: pages.length, reused: false, parts: parts.length, indexed };
  } finally {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  }
}

interface Caches {
  /** Pagefind's version and a hash of this code: what the keys hold besides the pages and language. */
  version: string;
  /** The last whole index. */
  whole: string;
  /** Each part's index, by the key of its pages. */
  parts: string;
  warn: (message: string) => void;
  prune: (partKeys: ReadonlySet<string>) => void;
}

function openCaches(cache: SearchIndexCache, version: string): Caches {
  const whole = join(cache.dir, 'whole');
  const parts = join(cache.dir, 'parts');
  try {
    pruneFolders(cache.dir, new Set(['whole', 'parts'])); // what builds before the parts kept
  } catch (error) {
    cache.warn(`could not tidy the search index cache (${String(error)})`);
  }
  return {
    version,
    whole,
    parts,
    warn: cache.warn,
    // Parts of other posts are removed once this build is done with its own. (Two builds of one
    // project at once are not supported: Astro's own dist/ and node_modules/.astro would clash too.)
    prune: (partKeys) => {
      try {
        pruneFolders(parts, partKeys);
      } catch (error) {
        cache.warn(`could not remove old search index parts (${String(error)})`);
      }
    },
  };
}

/**
 * One part's index: the one kept under `key` by an earlier build when its pages did not change, else
 * a new one, kept for the next build (or, without a cache, written to the folder `scratch` makes).
 */
async function indexPart(
  pages: readonly SearchPage[],
  lang: string,
  scratch: () => string,
  caches: Caches | undefined,
  key: string | undefined,
): Promise<{ dir: string; indexed: boolean }> {
  let partial: string | undefined;
  if (caches && key) {
    try {
      const damaged = (changes: string) => caches.warn(`a search index part kept from the last build changed since (${changes}): indexing it again`);
      const kept = keptFolder(caches.parts, key, damaged);
      if (kept) return { dir: kept, indexed: false };
      partial = partialFolder(caches.parts, key);
    } catch (error) {
      caches.warn(`could not use the search index cache (${String(error)}); indexing without it`);
    }
  }
  const dir = partial ?? scratch();
  await runPagefind(pages, dir, lang);
  if (!partial || !caches || !key) return { dir, indexed: true };
  try {
    return { dir: finishFolder(caches.parts, key, partial), indexed: true };
  } catch (error) {
    caches.warn(`could not keep a search index part for the next build (${String(error)})`);
    return { dir: partial, indexed: true };
  }
}

/**
 * Merges the parts' indexes into `target`. A merge that refuses them (src/search/pagefind-merge.ts knows
 * one Pagefind's index format, and refuses any other) falls back to Pagefind's own way, all the pages
 * indexed at once, with a warning: slower and needing more memory, but never a build without search.
 */
async function mergeOrIndexAtOnce(dirs: readonly string[], target: string, pages: readonly SearchPage[], lang: string, warn = console.warn): Promise<void> {
  try {
    await mergePagefindBundles(dirs, target);
    return;
  } catch (error) {
    if (!(error instanceof PagefindMergeError)) throw error;
    warn(`the search index parts cannot be merged (${error.message}): all ${pages.length} posts are indexed at once instead`);
  }
  rmSync(target, { recursive: true, force: true });
  try {
    await runPagefind(pages, target, lang);
  } finally {
    await pagefind.close();
  }
}

/**
 * Indexes one part. All parts are indexed by one Pagefind process, one part at a time: a part's index
 * is deleted once written, which gives its memory back to the process (its size stays flat however
 * many parts there are), and starting a process from the build's large one costs the build's main
 * thread time on every start (figures in docs/performance.md). writeSearchIndex closes the process
 * when all are done.
 */
async function runPagefind(pages: readonly SearchPage[], target: string, lang: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({ forceLanguage: lang.split('-')[0]! });
  if (!index) throw new Error(errors.join('\n'));
  try {
    // Marked here rather than in each search page, so that a build whose parts are all kept from the
    // last one does not spend the time.
    const added = await Promise.all(pages.map(({ url, content }) => index.addHTMLFile({ url, content: markSearchWords(content, lang) })));
    const failed = added.flatMap((a) => a.errors);
    if (failed.length > 0) throw new Error(failed.join('\n'));
    const written = await index.writeFiles({ outputPath: target });
    if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
  } finally {
    // A Pagefind process that died cannot delete: its own error is the one to report.
    await index.deleteIndex().catch(() => undefined);
  }
}

let code: string | undefined;
/**
 * A hash of the code that splits, indexes and merges the pages (this file and what it imports) and
 * of the lock file: kept indexes made by other code are made again, with no version to bump.
 */
function searchCode(): string {
  if (code) return code;
  const root = projectFolder();
  return (code = codeFingerprint(root, [fileURLToPath(import.meta.url)]).slice(0, 16));
}

let version: string | undefined;
/**
 * The installed Pagefind's version (a new Pagefind may write a different index from the same pages),
 * from the package.json above its entry point; undefined, with a warning, when it cannot be read.
 */
function pagefindVersion(warn: (message: string) => void): string | undefined {
  if (version) return version;
  try {
    for (let dir = dirname(fileURLToPath(import.meta.resolve('pagefind'))); dir !== dirname(dir); dir = dirname(dir)) {
      const manifest = join(dir, 'package.json');
      if (!existsSync(manifest)) continue;
      const found = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (found.name === 'pagefind' && found.version) return (version = found.version);
    }
  } catch {
    // reported below
  }
  warn("could not read Pagefind's version: the search index is made afresh and not kept");
  return undefined;
}
