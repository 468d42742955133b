/**
 * Files the build puts both in a cache and in the built site (share images, the search index) are
 * hard links to one file instead of two copies: making a file costs far more than linking one (on
 * ext4, most of it is finding a free inode), and a cold build made such a copy of every share image
 * and search-index file (docs/performance.md). Where a link cannot be made (another file system, or
 * one without hard links), the file is copied.
 *
 * Nothing in the build writes into these files once they are made: the cache writes new files under
 * new names, and a build empties dist/ by removing files, which leaves the other link alone. Anything
 * else that edits one in place (through either link) changes the cached file too: so each cache
 * checks its files against the sizes and hashes it recorded when it made them, before it reuses one
 * (src/build-speed/folder-record.ts, src/share-images/cache.ts).
 */
import { constants, copyFileSync, linkSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Makes `to` the file `from` is (or a copy of it). `to` must not exist. */
export function linkOrCopyFile(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
    copyFileSync(from, to, constants.COPYFILE_EXCL); // never into a file that is there (it may be a link)
  }
}

/** Makes `target` (which must not exist) a folder like `source`, its files linked (or copied). */
export function linkFolder(source: string, target: string): void {
  mkdirSync(target, { recursive: true });
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const [from, to] = [join(source, entry.name), join(target, entry.name)];
    if (entry.isDirectory()) linkFolder(from, to);
    else linkOrCopyFile(from, to);
  }
}
