import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { isStillKept, linkFilesBack, moveFolderAside, namesIgnoreCase, removeInWorker, removeKeptFiles, type KeptFile } from './empty-folder-aside.ts';
import { pageCacheLocation, readIncrementalRecord, recordedOutputFiles } from './incremental-build-record.ts';

/**
 * Empties dist/ at the start of a build by renaming the last build's aside (src/build-speed/empty-folder-
 * aside.ts), so that Astro finds it empty and the old files are removed in a worker thread while
 * the pages build, instead of on Astro's main thread before they start.
 *
 * The pages and feeds of the last build (those Astro's incremental build recorded) are linked back
 * first. Astro reuses a page whose cache key did not change by copying it from its cache into
 * dist/, unless dist/ has it already: then it keeps it. So a rebuild after one edit keeps nearly
 * every page and feed where it is instead of copying it (docs/performance.md). A page Astro renders
 * again is written over the kept one; a kept page this build does not make (a post made a draft, a
 * tag gone) is removed when the build is done, so dist/ ends as it would have: only this build's
 * files.
 *
 * Pages are kept only when they are surely what Astro's record describes:
 * - the last build to succeed wrote this dist/ and that record (a build into another folder, with
 *   `--outDir`, updates the record but not this dist/; a build that failed may have left anything);
 * - names on the file system differ by case (see namesIgnoreCase);
 * - the record is of a version this project knows (src/build-speed/incremental-build-record.ts):
 *   an unknown one keeps nothing, with a warning.
 * A build that fails after pages were kept removes them as it exits, so that a post made a draft
 * is not left in dist/ by a failed build either.
 *
 * It runs at `astro:build:start`, after the content is loaded: a build that stops on a post's bad
 * frontmatter leaves the last built site in place, as Astro does. A project that keeps dist/
 * (`vite.build.emptyOutDir: false`) keeps it.
 */
export function outDirEmptiedAside(): AstroIntegration {
  let outDir = '';
  let outDirUrl: URL;
  let asideRoot = '';
  let pageCacheManifest = '';
  let lastBuild = '';
  let keepsOutDir = false;
  let aside: string | undefined;
  let trusted = false;
  let kept: KeptFile[] = [];
  // Settles with the error of a removal that failed (a file the build may not delete): never
  // rejects, so that a failure is reported at the end of the build, not as a crash half-way.
  let removed: Promise<unknown> | undefined;
  // A build that stops before it is done removes the pages it kept: they may not be its own. (Only
  // those still there: in a process that builds again, a later build may have replaced them.)
  const removeKept = () => removeKeptFiles(outDir, kept, (file, path) => !isStillKept(file, path));
  return {
    name: 'out-dir-emptied-aside',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDirUrl = config.outDir;
        outDir = fileURLToPath(config.outDir);
        asideRoot = fileURLToPath(new URL('node_modules/.cache/old-out-dir/', config.root));
        lastBuild = fileURLToPath(new URL('node_modules/.cache/out-dir-last-build.json', config.root));
        pageCacheManifest = pageCacheLocation(config.cacheDir).record;
        keepsOutDir = config.vite?.build?.emptyOutDir === false;
      },
      'astro:build:start': () => {
        [kept, removed, aside] = [[], undefined, undefined];
        if (keepsOutDir) return;
        trusted = readLastBuild(lastBuild) === lastBuildRecord(outDir, pageCacheManifest);
        rmSync(lastBuild, { force: true }); // until this build is done, dist/ is not a finished build's
        aside = moveFolderAside(outDir, asideRoot);
      },
      // After Astro has emptied dist/ (which it does after build:start), before any page is made.
      'astro:build:setup': ({ logger }) => {
        if (!aside || removed) return;
        const record = trusted && !namesIgnoreCase(asideRoot) ? readIncrementalRecord(pageCacheManifest, (message) => logger.warn(message)) : undefined;
        if (record) {
          kept = linkFilesBack(aside, outDir, recordedOutputFiles(record, outDirUrl));
          process.once('exit', removeKept);
        }
        removed = removalError(asideRoot);
      },
      'astro:build:done': async ({ assets, logger }) => {
        if (keepsOutDir) return;
        process.off('exit', removeKept);
        const made = new Set([...assets.values()].flat().map((url) => fileURLToPath(url)));
        const gone = removeKeptFiles(outDir, kept, (_, path) => made.has(path));
        if (gone.length > 0) logger.info(`removed ${gone.length} page(s) of the last build that this one did not make`);
        // Waits so that the build ends with the old files gone, as it would have without this.
        const error = aside ? await (removed ?? removalError(asideRoot)) : undefined;
        if (error) logger.warn(`could not remove the last build's files from ${asideRoot} (${String(error)}); this build's dist/ is whole, remove that folder by hand`);
        [aside, kept, removed] = [undefined, [], undefined];
        try {
          mkdirSync(dirname(lastBuild), { recursive: true });
          writeFileSync(lastBuild, lastBuildRecord(outDir, pageCacheManifest));
        } catch (error) {
          logger.warn(`could not record the build for the next one (${String(error)}); it will copy every reused page`);
        }
      },
    },
  };
}

/** Removes `asideRoot` in a worker; resolves with the error when it could not, else undefined. */
function removalError(asideRoot: string): Promise<unknown> {
  return removeInWorker(asideRoot).then(
    () => undefined,
    (error: unknown) => error ?? new Error('unknown error'),
  );
}

/**
 * What a finished build leaves for the next one to check: which folder it built into, and a hash of
 * the incremental-build record Astro wrote beside it.
 */
function lastBuildRecord(outDir: string, manifest: string): string {
  let digest = 'none';
  try {
    digest = createHash('sha256').update(readFileSync(manifest)).digest('hex');
  } catch {
    // no record: nothing will be kept
  }
  return JSON.stringify({ outDir, pageCache: digest });
}

function readLastBuild(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
