import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { receive } from '../lib/build-hand-off.ts';
import { keepFolder, restoreFolder } from '../lib/folder-cache.ts';
import { SEARCH_PAGES, searchIndexKey, type SearchPage } from '../lib/search-pages.ts';

/**
 * The search index (Pagefind, into dist/pagefind/). The post pages' route hands over every post's
 * title and body (src/lib/search-pages.ts) before any page renders, and Pagefind indexes them in its
 * own process while the pages render, instead of reading the whole built site back afterwards. The
 * whole site is one index in the site's language (Japanese segmentation comes with the
 * `pagefind_extended` binary), so that a search also finds posts written in another language.
 *
 * A copy of the last index is kept in node_modules/.cache/search-index: a rebuild in which no post's
 * searchable text changed (a change to the templates, the styles, the site's settings) copies it
 * instead of indexing again (seconds at 1,000 posts, tens of seconds at 10,000).
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
        const { posts, reused } = (await indexing) ?? { posts: 0, reused: false };
        if (posts === 0) logger.info('no posts to index for search');
        else if (reused) logger.info(`search index of ${posts} posts unchanged: copied from the last build`);
        else logger.info(`indexed ${posts} posts for search`);
      },
    },
  };
}

export interface SearchIndexResult {
  /** How many posts the index holds. */
  posts: number;
  /** Whether it was copied from the last build's instead of indexed. */
  reused: boolean;
}

/** Where to keep the last index, and how to say that keeping or reading it failed. */
export interface SearchIndexCache {
  dir: string;
  warn: (message: string) => void;
}

/**
 * Indexes `pages` with Pagefind and writes the index into `outDir`/pagefind. Without pages there is no
 * index: Pagefind's script cannot search an empty one, and the search page of a site without posts
 * says so instead of offering a search (src/pages/search.astro). With a `cache`, an index made from
 * the same pages before is copied from there, and a new one is kept there for the next build. The
 * cache only saves time: when it cannot be read or written, the build says so and goes on without it.
 */
export async function writeSearchIndex(
  pages: readonly SearchPage[],
  outDir: string,
  lang: string,
  cache?: SearchIndexCache,
): Promise<SearchIndexResult> {
  if (pages.length === 0) return { posts: 0, reused: false };
  const target = join(outDir, 'pagefind');
  // The key covers everything the index is made from: the pages in order, the language, Pagefind.
  const version = cache && pagefindVersion(cache.warn);
  const key = version && searchIndexKey(pages, lang, version);
  if (cache && key) {
    try {
      if (restoreFolder(cache.dir, key, target)) return { posts: pages.length, reused: true };
    } catch (error) {
      cache.warn(`could not copy the last search index (${String(error)}); indexing again`);
      rmSync(target, { recursive: true, force: true });
    }
  }
  await runPagefind(pages, target, lang);
  if (cache && key) {
    try {
      keepFolder(cache.dir, key, target);
    } catch (error) {
      cache.warn(`could not keep the search index for the next build (${String(error)})`);
    }
  }
  return { posts: pages.length, reused: false };
}

async function runPagefind(pages: readonly SearchPage[], target: string, lang: string): Promise<void> {
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: lang.split('-')[0]! });
    if (!index) throw new Error(errors.join('\n'));
    const added = await Promise.all(pages.map((page) => index.addHTMLFile(page)));
    const failed = added.flatMap((a) => a.errors);
    if (failed.length > 0) throw new Error(failed.join('\n'));
    const written = await index.writeFiles({ outputPath: target });
    if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
  } finally {
    await pagefind.close();
  }
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
