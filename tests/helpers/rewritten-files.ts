/**
 * Which files of a built site a rebuild wrote again, told from the files rather than from Astro's log
 * (whose wording is Astro's to change): a page Astro reuses stays the file the last build wrote
 * (src/build-speed/out-dir-emptied-aside.ts links it back into dist/), with its modification time;
 * a page Astro renders again is written anew, with a new time.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Each file of `dist` (relative, with `/`) and its modification time in nanoseconds. */
export function fileTimes(dist: string): Map<string, bigint> {
  const times = new Map<string, bigint>();
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath, entry.name);
    times.set(relative(dist, file).split(sep).join('/'), statSync(file, { bigint: true }).mtimeNs);
  }
  return times;
}

/** Whether `file` of `dist` was written since `before` was taken (a file that was not there counts as written). */
export function writtenSince(before: ReadonlyMap<string, bigint>, dist: string, file: string): boolean {
  const then = before.get(file);
  return then === undefined || statSync(join(dist, file), { bigint: true }).mtimeNs !== then;
}
