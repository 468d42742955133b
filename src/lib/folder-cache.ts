/**
 * Folders kept between builds under a key, in a cache folder of their own (for example the search
 * index in node_modules/.cache/search-index): a build whose inputs have the same key uses the kept
 * folder instead of making it again. Folders are written under a temporary name and renamed when
 * whole, so that a build stopped half-way never leaves a partial folder that the next build would
 * take for a whole one; another build's folder in progress is left alone.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { linkFolder } from './link-files.ts';

/**
 * Puts the folder kept under `key` at `target` (its files linked, see src/lib/link-files.ts); false
 * when there is none.
 */
export function restoreFolder(cacheDir: string, key: string, target: string): boolean {
  const kept = keptFolder(cacheDir, key);
  if (!kept) return false;
  linkFolder(kept, target);
  return true;
}

/** Keeps `source` under `key` (its files linked), as the only folder kept in `cacheDir`. */
export function keepFolder(cacheDir: string, key: string, source: string): void {
  const partial = partialFolder(cacheDir, key);
  linkFolder(source, partial);
  finishFolder(cacheDir, key, partial);
  pruneFolders(cacheDir, new Set([key]));
}

/** The folder kept under `key`, to be read in place; undefined when there is none. */
export function keptFolder(cacheDir: string, key: string): string | undefined {
  const kept = join(cacheDir, key);
  return existsSync(kept) ? kept : undefined;
}

/** A new, empty folder to write what will be kept under `key`: finish it with finishFolder. */
export function partialFolder(cacheDir: string, key: string): string {
  const partial = join(cacheDir, `${key}.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  return partial;
}

/** Keeps the written `partial` folder under `key`; returns the kept folder's path. */
export function finishFolder(cacheDir: string, key: string, partial: string): string {
  const kept = join(cacheDir, key);
  try {
    renameSync(partial, kept);
  } catch (error) {
    if (!existsSync(kept)) throw error;
    rmSync(partial, { recursive: true, force: true }); // another build kept the same folder meanwhile
  }
  return kept;
}

/** Removes every kept folder whose key is not in `keys`, and partial ones of stopped builds. */
export function pruneFolders(cacheDir: string, keys: ReadonlySet<string>): void {
  if (!existsSync(cacheDir)) return;
  for (const name of readdirSync(cacheDir)) {
    const writer = /\.(\d+)\.partial$/u.exec(name)?.[1];
    if (keys.has(name) || (writer && isRunning(Number(writer)))) continue;
    rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
