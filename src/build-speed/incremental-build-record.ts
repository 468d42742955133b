/**
 * The one reader of Astro's incremental-build record (`experimental.incrementalBuild`): where Astro
 * keeps its page cache, and what its record says. Astro does not promise this file: its name, its
 * folder and `CACHE_VERSION` come from astro/dist/core/build/incremental.js (Astro 7.3.5 writes
 * version 1), and tests/contract/astro-incremental-build.test.ts fails when the installed Astro
 * writes anything else. At build time a record of a version this file does not know is never read
 * as if it were known: it counts as no record (nothing kept, with one warning).
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Astro's record of the last build's pages, in its cache folder (`config.cacheDir`). */
export const RECORD_FILE = 'incremental-build.json';
/** The folder of Astro's copies of the last build's pages, beside the record. */
export const COPIES_FOLDER = 'dist';
/** The record versions whose layout this reader knows. */
export const KNOWN_RECORD_VERSIONS: readonly unknown[] = [1];

/** Where Astro keeps its page cache. */
export interface PageCacheLocation {
  /** The record (incremental-build.json). */
  record: string;
  /** The folder of cached page copies. */
  copies: string;
}

/** The page cache's files in the cache folder `cacheDir` (Astro's `config.cacheDir`). */
export function pageCacheLocation(cacheDir: URL): PageCacheLocation {
  const dir = fileURLToPath(cacheDir);
  return { record: join(dir, RECORD_FILE), copies: join(dir, COPIES_FOLDER) };
}

/** What this project reads of a record: each route's paths, with the file each was written to. */
export interface IncrementalRecord {
  version: unknown;
  routes: Record<string, { paths?: Record<string, { outputFile?: unknown }> }>;
}

/** What is in the record file: nothing, a record this reader knows, or one it does not (and why). */
export type RecordState = { kind: 'none' } | { kind: 'known'; record: IncrementalRecord } | { kind: 'unknown'; problem: string };

/** Reads the record at `file`, checking its version and shape. */
export function recordState(file: string): RecordState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { kind: 'none' };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'unknown', problem: 'it is not JSON' };
  }
  const { version, routes } = (data ?? {}) as Partial<IncrementalRecord>;
  if (!KNOWN_RECORD_VERSIONS.includes(version)) {
    return { kind: 'unknown', problem: `its version is ${JSON.stringify(version)}, this project reads ${KNOWN_RECORD_VERSIONS.join(', ')}` };
  }
  if (!routes || typeof routes !== 'object') return { kind: 'unknown', problem: 'it has no routes' };
  return { kind: 'known', record: { version, routes } };
}

const warned = new Set<string>();

/**
 * The record at `file` when this reader knows its version and shape; otherwise undefined, and
 * `warn` says why (once per file and problem in a process, so a dev server or a test run that builds
 * many times is not flooded).
 */
export function readIncrementalRecord(file: string, warn: (message: string) => void): IncrementalRecord | undefined {
  const state = recordState(file);
  if (state.kind === 'known') return state.record;
  if (state.kind === 'unknown' && !warned.has(`${file}\0${state.problem}`)) {
    warned.add(`${file}\0${state.problem}`);
    warn(unknownRecordMessage(file, state.problem));
  }
  return undefined;
}

/** The warning for a record this reader does not know. */
export function unknownRecordMessage(file: string, problem: string): string {
  return (
    `Astro's incremental-build record ${file} is not one this project knows (${problem}): no page of the last build is kept, ` +
    'the build is whole but slower. Update src/build-speed/incremental-build-record.ts for the installed Astro (see tests/contract/astro-incremental-build.test.ts).'
  );
}

/**
 * The files (paths relative to `outDir`) of the pages and endpoints the record lists. Astro writes
 * each `outputFile` URL-encoded, relative to the output folder.
 */
export function recordedOutputFiles(record: IncrementalRecord, outDir: URL): string[] {
  const folder = fileURLToPath(outDir);
  return Object.values(record.routes).flatMap((route) =>
    Object.values(route?.paths ?? {}).flatMap((path) =>
      typeof path?.outputFile === 'string' ? [relative(folder, fileURLToPath(new URL(path.outputFile, outDir)))] : [],
    ),
  );
}
