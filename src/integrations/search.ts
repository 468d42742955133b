import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import * as pagefind from 'pagefind';

/**
 * Indexes the built site with Pagefind once `astro build` has written it, into dist/pagefind/. Only
 * what post pages mark with `data-pagefind-body` is indexed (title and body): lists, tags and
 * navigation are not. Drafts are never built, so never indexed. The whole site is one index in the
 * site's language (Japanese segmentation comes with the `pagefind_extended` binary), so that a search
 * also finds posts written in another language.
 */
export function searchIndex({ lang }: { lang: string }): AstroIntegration {
  return {
    name: 'search-index',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        try {
          const { index, errors } = await pagefind.createIndex({ forceLanguage: lang.split('-')[0]! });
          if (!index) throw new Error(errors.join('\n'));
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(added.errors.join('\n'));
          const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
          if (written.errors.length > 0) throw new Error(written.errors.join('\n'));
          logger.info(`indexed ${added.page_count} pages for search`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}
