/**
 * Folders kept between builds under a key, in a cache folder of their own (for example the search
 * index in node_modules/.cache/search-index): a build whose inputs have the same key uses the kept
 * folder instead of making it again. Folders are written under a temporary name and renamed when
 * whole, so that a build stopped half-way never leaves a partial folder that the next build would
 * take for a whole one; another build's folder in progress is left alone.
 *
 * Each kept folder has a record of its files beside it (`<key>.files.json`: each file's size and
 * content hash, src/build-speed/folder-record.ts), made when it is kept. A folder is used only while its
 * files are the ones recorded: one changed since (a file deleted, truncated or edited, in the cache or
 * through a hard link in dist/) is removed, and the caller is told what changed so that it can say so
 * and make the folder again.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folderChanges, isFolderRecord, recordFolder, type FolderRecord } from './folder-record.ts';
import { linkFolder } from './link-files.ts';
import { isRunning } from '../project/process-running.ts';

/** Told what changed in a kept folder that is therefore not used (and removed). */
export type OnDamaged = (changes: string) => void;

const RECORD = '.files.json';
/** Where the record of the folder kept under `key` is kept. */
const recordFile = (cacheDir: string, key: string) => join(cacheDir, `${key}${RECORD}`);

/**
 * Puts the folder kept under `key` at `target` (its files linked, see src/build-speed/link-files.ts); false
 * when there is none, or when it changed since it was kept (see keptFolder).
 */
export function restoreFolder(cacheDir: string, key: string, target: string, onDamaged: OnDamaged): boolean {
  const kept = keptFolder(cacheDir, key, onDamaged);
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

/**
 * The folder kept under `key`, to be read in place; undefined when there is none. A kept folder whose
 * files are not the ones recorded when it was kept is removed, and `onDamaged` told what changed.
 */
export function keptFolder(cacheDir: string, key: string, onDamaged: OnDamaged): string | undefined {
  const kept = join(cacheDir, key);
  if (!existsSync(kept)) return undefined;
  const record = readRecord(recordFile(cacheDir, key));
  const changes = record ? folderChanges(kept, record) : `its record of files, ${key}${RECORD}, is missing or unreadable`;
  if (changes === undefined) return kept;
  rmSync(kept, { recursive: true, force: true });
  rmSync(recordFile(cacheDir, key), { force: true });
  onDamaged(changes);
  return undefined;
}

/** A new, empty folder to write what will be kept under `key`: finish it with finishFolder. */
export function partialFolder(cacheDir: string, key: string): string {
  const partial = join(cacheDir, `${key}.${process.pid}.partial`);
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  return partial;
}

/** Keeps the written `partial` folder under `key`, with a record of its files; returns the kept folder's path. */
export function finishFolder(cacheDir: string, key: string, partial: string): string {
  const kept = join(cacheDir, key);
  // The record is written first under a partial name, and put in place once the folder is: a build
  // stopped in between leaves a folder without a record, which is not used.
  const record = join(cacheDir, `${key}.files.${process.pid}.partial`);
  writeFileSync(record, JSON.stringify(recordFolder(partial)));
  try {
    renameSync(partial, kept);
  } catch (error) {
    rmSync(record, { force: true });
    if (!existsSync(kept)) throw error;
    rmSync(partial, { recursive: true, force: true }); // another build kept the same folder meanwhile
    return kept;
  }
  renameSync(record, recordFile(cacheDir, key));
  return kept;
}

/** Removes every kept folder whose key is not in `keys` (and its record), and partial ones of stopped builds. */
export function pruneFolders(cacheDir: string, keys: ReadonlySet<string>): void {
  if (!existsSync(cacheDir)) return;
  for (const name of readdirSync(cacheDir)) {
    const writer = /\.(\d+)\.partial$/u.exec(name)?.[1];
    const key = name.endsWith(RECORD) ? name.slice(0, -RECORD.length) : name;
    if (keys.has(key) || (writer && isRunning(Number(writer)))) continue;
    rmSync(join(cacheDir, name), { recursive: true, force: true });
  }
}

/** The record kept beside a folder; undefined when there is none or it cannot be read. */
function readRecord(file: string): FolderRecord | undefined {
  try {
    const record: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isFolderRecord(record) ? record : undefined;
  } catch {
    return undefined;
  }
}
