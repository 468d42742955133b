// @ts-check
import { defineConfig } from 'astro/config';
import sitemap from '@astrojs/sitemap';
import mdx from '@astrojs/mdx';
import { site } from './src/site.config.ts';
import { assertTimeZone } from './src/blog/dates.ts';
import { draftsInDevOnly } from './src/integrations/drafts.ts';
import { searchIndex } from './src/search/search-integration.ts';
import { shareImagesInBuild } from './src/share-images/share-images-integration.ts';
import { devPosts } from './src/integrations/dev-posts.ts';
import { projectRoot } from './src/project/project-root.ts';
import { contentStoreReadFromFile } from './src/build-speed/content-store.ts';
import { outDirEmptiedAside } from './src/build-speed/out-dir-emptied-aside.ts';
import { placeholderUrlWarnedInBuild } from './src/integrations/placeholder-url.ts';
import { pageCacheSealed } from './src/build-speed/page-cache-seal.ts';
import { pageCacheKeysInBuilds } from './src/build-speed/page-keys.ts';
import { buildGuard } from './src/integrations/build-guard.ts';
import { renderedPostsCheck } from './src/integrations/rendered-posts-check.ts';
import { japaneseMarkdown } from './src/markdown/processor.ts';

assertTimeZone(site.timeZone);
// `url` may carry a path (https://user.github.io/blog): that path becomes Astro's `base`.
const siteUrl = new URL(site.url);

export default defineConfig({
  site: siteUrl.origin,
  base: siteUrl.pathname,
  trailingSlash: 'ignore',
  // Two files for one URL must stop the build, not overwrite each other.
  prerenderConflictBehavior: 'error',
  // Pages carry their CSS: the first screen arrives in one round trip (see the page-weight tests).
  build: { inlineStylesheets: 'always' },
  // Images in posts get a srcset of widths, so phones and high-density screens get sharp images
  // without downloading the largest one.
  image: { layout: 'constrained', responsiveStyles: true },
  // Rebuilds copy post pages whose cache key (src/build-speed/page-keys.ts) and code are unchanged.
  experimental: { incrementalBuild: true },
  // `mdx()` renders `.mdx` posts with `markdown.processor` below: the same Markdown rules as `.md` ones.
  integrations: [mdx(), pageCacheSealed(), pageCacheKeysInBuilds(), outDirEmptiedAside(), placeholderUrlWarnedInBuild(), draftsInDevOnly(), projectRoot(), contentStoreReadFromFile(), devPosts(), shareImagesInBuild(), sitemap(), searchIndex({ lang: site.lang }), renderedPostsCheck({ searchIndex: 'pagefind' }), buildGuard()],
  markdown: {
    // Code highlighting (shiki's theme and transformers) is set by the processor: see processor.ts.
    processor: japaneseMarkdown({ base: siteUrl.pathname }),
  },
});
