import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';
import { receive } from '../lib/build-hand-off.ts';
import { SEARCH_PAGES, type SearchPage } from '../lib/search-pages.ts';

/**
 * The search index (Pagefind, into dist/pagefind/). The post pages' route hands over every post's
 * title and body (src/lib/search-pages.ts) before any page renders, and Pagefind indexes them in its
 * own process while the pages render, instead of reading the whole built site back afterwards. The
 * whole site is one index in the site's language (Japanese segmentation comes with the
 * `pagefind_extended` binary), so that a search also finds posts written in another language.
 */
export function searchIndex({ lang }: { lang: string }): AstroIntegration {
  let outDir = '';
  let indexing: Promise<number> | undefined;
  return {
    name: 'search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        indexing = undefined;
        receive<SearchPage[]>(SEARCH_PAGES, (pages) => {
          if (indexing) return; // the route's paths asked for again: the same posts, already being indexed
          indexing = writeSearchIndex(pages, outDir, lang);
          indexing.catch(() => undefined); // reported when build:done waits for it
        });
      },
      'astro:build:done': async ({ logger }) => {
        receive(SEARCH_PAGES, undefined);
        const count = (await indexing) ?? 0;
        logger.info(count > 0 ? `indexed ${count} posts for search` : 'no posts to index for search');
      },
    },
  };
}

/**
 * Indexes `pages` with Pagefind and writes the index into `outDir`/pagefind; returns how many. Without
 * pages there is no index: Pagefind's script cannot search an empty one, and the search page of a site
 * without posts says so instead of offering a search (src/pages/search.astro).
 */
export async function writeSearchIndex(pages: readonly SearchPage[], outDir: string, lang: string): Promise<number> {
  if (pages.length === 0) return 0;
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: lang.split('-')[0]! });
    if (!index) throw new Error(errors.join('\n'));
    const added = await Promise.all(pages.map((page) => index.addHTMLFile(page)));
    const failed = added.flatMap((a) => a.errors);
    if (failed.length > 0) throw new Error(failed.join('\n'));
    const written = await index.writeFiles({ outputPath: join(outDir, 'pagefind') });
    if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
    return pages.length;
  } finally {
    await pagefind.close();
  }
}
