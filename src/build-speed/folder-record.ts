/**
 * A record of a folder's files (each one's size and a hash of its content), made when a build keeps
 * the folder for the next and checked before the next build reuses it: a kept folder changed on disk
 * since (a file deleted, truncated or edited, in the cache or through a hard link in dist/, see
 * src/build-speed/link-files.ts) is never taken for the one that was kept.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Each file of a folder by its path in the folder ('/' between names), with its size and content hash. */
export type FolderRecord = Record<string, [size: number, hash: string]>;

/** Records every file under `dir`. */
export function recordFolder(dir: string): FolderRecord {
  const record: FolderRecord = {};
  for (const path of filesUnder(dir)) {
    const bytes = readFileSync(join(dir, path));
    record[path] = [bytes.length, contentHash(bytes)];
  }
  return record;
}

/**
 * What differs between the files under `dir` and `record`, in a few words naming the files (a few of
 * each kind), or undefined when they are the files recorded.
 */
export function folderChanges(dir: string, record: FolderRecord): string | undefined {
  const missing: string[] = [];
  const changed: string[] = [];
  const resized: string[] = [];
  for (const [path, [size, hash]] of Object.entries(record)) {
    const file = join(dir, path);
    let found: number;
    try {
      found = statSync(file).size;
    } catch {
      missing.push(path);
      continue;
    }
    // The size is known without reading the file; a file of the same size is read and hashed.
    if (found !== size) resized.push(`${path} is ${found} byte${found === 1 ? '' : 's'}, ${size} when kept`);
    else if (contentHash(readFileSync(file)) !== hash) changed.push(path);
  }
  const extra = filesUnder(dir).filter((path) => !Object.hasOwn(record, path));
  const problems = [
    missing.length > 0 && `${names(missing)} ${missing.length === 1 ? 'is' : 'are'} missing`,
    changed.length > 0 && `${names(changed)} changed`,
    resized.length > 0 && names(resized),
    extra.length > 0 && `${names(extra)} ${extra.length === 1 ? 'was' : 'were'} added`,
  ].filter((problem) => problem !== false);
  return problems.length > 0 ? problems.join('; ') : undefined;
}

/** Whether `value` (read from a file) is a folder record. */
export function isFolderRecord(value: unknown): value is FolderRecord {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(
    (file: unknown) => Array.isArray(file) && file.length === 2 && typeof file[0] === 'number' && typeof file[1] === 'string',
  );
}

/**
 * The hash kept for a file's content: SHA-256, cut to 128 bits, which is plenty to tell a changed
 * file from the one kept (this guards against damage, not against someone forging a cache).
 */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

/** A few of `items`, and how many more. */
function names(items: readonly string[], shown = 3): string {
  if (items.length <= shown) return items.join(', ');
  return `${items.slice(0, shown).join(', ')} and ${items.length - shown} more`;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
