import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

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
 */
export function pageCacheSealed(): AstroIntegration {
  let cache: PageCache | undefined;
  return {
    name: 'page-cache-seal',
    hooks: {
      'astro:config:done': ({ config }) => {
        const dir = fileURLToPath(config.cacheDir);
        cache = { record: join(dir, 'incremental-build.json'), copies: join(dir, 'dist'), seal: join(dir, 'page-cache-seal.json') };
      },
      // Before Astro reads its record, which it does when it starts to render pages.
      'astro:build:start': ({ logger }) => {
        if (!cache) return;
        const problem = sealProblem(cache);
        rmSync(cache.seal, { force: true });
        if (problem) {
          logger.warn(`the page cache of the last build cannot be trusted (${problem}): every page is rendered again`);
          rmSync(cache.record, { force: true });
          rmSync(cache.copies, { recursive: true, force: true });
        }
      },
      'astro:build:done': ({ logger }) => {
        if (!cache) return;
        try {
          mkdirSync(dirname(cache.seal), { recursive: true });
          writeFileSync(cache.seal, sealOf(cache));
        } catch (error) {
          logger.warn(`could not seal the page cache (${String(error)}): the next build renders every page`);
        }
      },
    },
  };
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
