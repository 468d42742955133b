import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { COPIES_FOLDER, KNOWN_RECORD_VERSIONS, pageCacheLocation, RECORD_FILE, recordState } from './incremental-build-record.ts';

/**
 * Astro's incremental build (`experimental.incrementalBuild`) copies a page from its cache when the
 * page's key is unchanged. It rewrites those cached copies while it renders, but writes the record
 * that vouches for them (incremental-build.json) only at the end. A build stopped half-way (Ctrl-C,
 * a kill, a crash) thus left copies of pages from content the next build no longer has, vouched for
 * by the older record: revert an edit after an interrupted build, and the edit stayed in dist/.
 * A cached copy changed on disk in any other way (truncated, edited) was published as well.
 *
 * So a build that finishes seals the cache: it records the record's hash and every cached copy's
 * size and modification time. The next build starts by breaking the seal (until it finishes, the
 * cache is not a finished build's), and it uses the cache only if the seal it found matches the cache
 * as it is; otherwise it removes the cache, says why, and renders every page.
 *
 * Where the cache is comes from Astro's internals (src/build-speed/incremental-build-record.ts). A
 * finished build checks that Astro left its record there, in a version that file knows; if not, the
 * seal could not protect the cache, so the next builds turn Astro's incremental build off (every page
 * rendered, as without the option) and say so, until the installed Astro or that file changes.
 */
export function pageCacheSealed(): AstroIntegration {
  let cache: PageCache | undefined;
  let incremental = false;
  let turnedOff: string | undefined;
  return {
    name: 'page-cache-seal',
    hooks: {
      'astro:config:setup': ({ command, config, logger, updateConfig }) => {
        turnedOff = undefined;
        if (command !== 'build' || !config.experimental.incrementalBuild) return;
        turnedOff = unknownLayoutIn(join(fileURLToPath(config.cacheDir), SEAL_FILE));
        if (!turnedOff) return;
        logger.warn(`every page is rendered (Astro's incremental build is off for this build): ${turnedOff}`);
        updateConfig({ experimental: { incrementalBuild: false } });
      },
      'astro:config:done': ({ config }) => {
        cache = { ...pageCacheLocation(config.cacheDir), seal: join(fileURLToPath(config.cacheDir), SEAL_FILE) };
        incremental = config.experimental.incrementalBuild === true;
      },
      // Before Astro reads its record, which it does when it starts to render pages.
      'astro:build:start': ({ logger }) => {
        if (!cache) return;
        const problem = turnedOff ? undefined : sealProblem(cache);
        rmSync(cache.seal, { force: true });
        if (problem) logger.warn(`the page cache of the last build cannot be trusted (${problem}): every page is rendered again`);
        // With the incremental build off, whatever is left there is not this build's either.
        if (problem || turnedOff) {
          rmSync(cache.record, { force: true });
          rmSync(cache.copies, { recursive: true, force: true });
        }
      },
      'astro:build:done': ({ logger }) => {
        if (!cache) return;
        try {
          mkdirSync(dirname(cache.seal), { recursive: true });
          if (turnedOff) return writeFileSync(cache.seal, unknownLayoutSeal(turnedOff));
          const layoutProblem = incremental ? recordLayoutProblem(cache) : undefined;
          if (layoutProblem) {
            const message = `${layoutProblem}. Update src/build-speed/incremental-build-record.ts for the installed Astro (see tests/contract/astro-incremental-build.test.ts)`;
            logger.warn(`the page cache cannot be sealed: ${message}. Until then, the next builds render every page.`);
            writeFileSync(cache.seal, unknownLayoutSeal(message));
            return;
          }
          writeFileSync(cache.seal, sealOf(cache));
        } catch (error) {
          logger.warn(`could not seal the page cache (${String(error)}): the next build renders every page`);
        }
      },
    },
  };
}

/** The seal's file in Astro's cache folder. */
const SEAL_FILE = 'page-cache-seal.json';

/**
 * What a finished build with the incremental build on finds wrong with Astro's record, if anything:
 * Astro writes it at the end of every such build, so it must be there, in a known version.
 */
export function recordLayoutProblem(cache: PageCache): string | undefined {
  const state = recordState(cache.record);
  if (state.kind === 'none') return `Astro did not write its record where this project expects it (${cache.record})`;
  if (state.kind === 'unknown') return `Astro's record ${cache.record} is not one this project knows (${state.problem})`;
  return undefined;
}

/** What the seal names when the record was not as expected: the installed Astro and this reader. */
function layoutKey(): string {
  const astro = (createRequire(import.meta.url)('astro/package.json') as { version: string }).version;
  return JSON.stringify({ astro, reader: [RECORD_FILE, COPIES_FOLDER, KNOWN_RECORD_VERSIONS] });
}

function unknownLayoutSeal(problem: string): string {
  return JSON.stringify({ version: 1, unknownLayout: { key: layoutKey(), problem } });
}

/**
 * Why the incremental build is turned off for this build: the seal at `sealFile` says that a build
 * with the same Astro and the same reader found the record not as expected. Undefined otherwise.
 */
export function unknownLayoutIn(sealFile: string): string | undefined {
  try {
    const { unknownLayout } = JSON.parse(readFileSync(sealFile, 'utf8')) as { unknownLayout?: { key?: unknown; problem?: unknown } };
    return unknownLayout?.key === layoutKey() ? String(unknownLayout.problem) : undefined;
  } catch {
    return undefined;
  }
}

/** Where Astro keeps its page cache, and where its seal is kept. */
export interface PageCache {
  /** Astro's record of the last build's pages (incremental-build.json). */
  record: string;
  /** The folder of cached page copies. */
  copies: string;
  seal: string;
}

/**
 * Why the page cache cannot be used as it is, or undefined when it can: there is none, or it is the
 * one the last finished build sealed.
 */
export function sealProblem(cache: PageCache): string | undefined {
  const hasRecord = exists(cache.record);
  if (!hasRecord && !exists(cache.copies)) return undefined;
  let seal: string;
  try {
    seal = readFileSync(cache.seal, 'utf8');
  } catch {
    return 'the last build did not finish';
  }
  return seal === sealOf(cache) ? undefined : 'its files changed after the last build finished';
}

/** The seal of the cache as it is now: a hash of the record and of each copy's path, size and time. */
export function sealOf(cache: PageCache): string {
  const hash = createHash('sha256');
  hash.update(exists(cache.record) ? readFileSync(cache.record) : 'no record');
  for (const file of filesUnder(cache.copies)) {
    const stats = statSync(file, { bigint: true });
    hash.update(`\0${relative(cache.copies, file)}\0${stats.size}\0${stats.mtimeNs}`);
  }
  return JSON.stringify({ version: 1, cache: hash.digest('hex') });
}

function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
  } catch {
    return [];
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
