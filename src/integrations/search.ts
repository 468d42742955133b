import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { receive } from '../lib/build-hand-off.ts';
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
      'astro:build:start': () => {
        indexing = undefined;
        receive<SearchPage[]>(SEARCH_PAGES, (pages) => {
          if (indexing) return; // the route's paths asked for again: the same posts, already being indexed
          indexing = writeSearchIndex(pages, outDir, lang, cacheDir);
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

/**
 * Indexes `pages` with Pagefind and writes the index into `outDir`/pagefind. Without pages there is no
 * index: Pagefind's script cannot search an empty one, and the search page of a site without posts
 * says so instead of offering a search (src/pages/search.astro). With a `cacheDir`, an index made from
 * the same pages before is copied from there, and a new one is kept there for the next build.
 */
export async function writeSearchIndex(
  pages: readonly SearchPage[],
  outDir: string,
  lang: string,
  cacheDir?: string,
): Promise<SearchIndexResult> {
  if (pages.length === 0) return { posts: 0, reused: false };
  const target = join(outDir, 'pagefind');
  // The key covers everything the index is made from: the pages in order, the language, Pagefind.
  const cached = cacheDir ? join(cacheDir, searchIndexKey(pages, lang, pagefindVersion())) : undefined;
  if (cached && existsSync(cached)) {
    cpSync(cached, target, { recursive: true });
    return { posts: pages.length, reused: true };
  }
  await runPagefind(pages, target, lang);
  if (cacheDir && cached) keepForNextBuild(target, cacheDir, cached);
  return { posts: pages.length, reused: false };
}

/**
 * Copies the index at `target` to `cached` in `cacheDir` and removes older ones. The copy is made under
 * a temporary name and renamed, so that a build stopped half-way never leaves a partial copy that the
 * next build would take for a whole one.
 */
function keepForNextBuild(target: string, cacheDir: string, cached: string): void {
  const partial = `${cached}.${process.pid}.partial`;
  cpSync(target, partial, { recursive: true });
  if (existsSync(cached)) rmSync(partial, { recursive: true, force: true });
  else renameSync(partial, cached);
  for (const name of readdirSync(cacheDir)) {
    if (join(cacheDir, name) !== cached) rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
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
/** The installed Pagefind's version: a new Pagefind may write a different index from the same pages. */
function pagefindVersion(): string {
  const manifest = () => readFileSync(new URL('../package.json', import.meta.resolve('pagefind')), 'utf8');
  return (version ??= (JSON.parse(manifest()) as { version: string }).version);
}
