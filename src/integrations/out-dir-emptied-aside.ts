import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { linkFilesBack, moveFolderAside, removeInWorker, removeKeptFilesNotMade } from '../lib/empty-folder-aside.ts';

/**
 * Empties dist/ at the start of a build by renaming the last build's aside (src/lib/empty-folder-
 * aside.ts), so that Astro finds it empty and the old files are removed in a worker thread while
 * the pages build, instead of on Astro's main thread before they start.
 *
 * The pages and feeds of the last build (those Astro's incremental build recorded) are linked back
 * first. Astro reuses a page whose cache key did not change by copying it from its cache into
 * dist/, unless dist/ has it already: then it keeps it. So a rebuild after one edit keeps about
 * 1,260 files at 1,000 posts instead of copying them. A page Astro renders again is written over the
 * kept one; a kept page this build does not make (a post made a draft, a tag gone) is removed when
 * the build is done, so dist/ ends as it would have: only this build's files. (A build that fails
 * part-way leaves the kept pages in dist/ beside what it made; like any failed build's output, it is
 * not a site to publish, and the next build that succeeds removes what it does not make.)
 *
 * It runs at `astro:build:start`, after the content is loaded: a build that stops on a post's bad
 * frontmatter leaves the last built site in place, as Astro does. A project that keeps dist/
 * (`vite.build.emptyOutDir: false`) keeps it.
 */
export function outDirEmptiedAside(): AstroIntegration {
  let outDir = '';
  let outDirUrl: URL;
  let asideRoot = '';
  let pageCacheManifest: URL;
  let keepsOutDir = false;
  let aside: string | undefined;
  let kept: string[] = [];
  let removed: Promise<void> | undefined;
  return {
    name: 'out-dir-emptied-aside',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDirUrl = config.outDir;
        outDir = fileURLToPath(config.outDir);
        asideRoot = fileURLToPath(new URL('node_modules/.cache/old-out-dir/', config.root));
        pageCacheManifest = new URL('incremental-build.json', config.cacheDir);
        keepsOutDir = config.vite?.build?.emptyOutDir === false;
      },
      'astro:build:start': () => {
        [kept, removed] = [[], undefined];
        aside = keepsOutDir ? undefined : moveFolderAside(outDir, asideRoot);
      },
      // After Astro has emptied dist/ (which it does after build:start), before any page is made.
      'astro:build:setup': () => {
        if (!aside || removed) return;
        const keep = lastBuildPageFiles(pageCacheManifest).map((file) => relative(outDir, fileURLToPath(new URL(file, outDirUrl))));
        kept = linkFilesBack(aside, outDir, keep);
        removed = removeInWorker(asideRoot);
      },
      'astro:build:done': async ({ assets, logger }) => {
        if (!aside) return;
        const made = new Set([...assets.values()].flat().map((url) => fileURLToPath(url)));
        const gone = removeKeptFilesNotMade(outDir, kept, made);
        if (gone.length > 0) logger.info(`removed ${gone.length} page(s) of the last build that this one did not make`);
        // Waits so that the build ends with the old files gone, as it would have without this.
        await (removed ?? removeInWorker(asideRoot)).catch((error: unknown) =>
          logger.warn(`could not remove the last build's files from ${asideRoot}: ${String(error)}`),
        );
        [aside, kept, removed] = [undefined, [], undefined];
      },
    },
  };
}

/**
 * The files (URL-encoded paths relative to dist/) of the pages and endpoints Astro's incremental
 * build recorded in its last build (`experimental.incrementalBuild`, in the cache folder). An
 * unreadable or unknown manifest keeps nothing: Astro then copies reused pages from its cache.
 */
function lastBuildPageFiles(manifest: URL): string[] {
  try {
    const { routes } = JSON.parse(readFileSync(manifest, 'utf8')) as { routes?: Record<string, { paths?: Record<string, { outputFile?: unknown }> }> };
    return Object.values(routes ?? {}).flatMap((route) =>
      Object.values(route.paths ?? {}).flatMap(({ outputFile }) => (typeof outputFile === 'string' ? [outputFile] : [])),
    );
  } catch {
    return [];
  }
}
