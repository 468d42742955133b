/**
 * Empties a folder at once by renaming it aside and making it again, and removes the old one in a
 * worker thread. Astro empties dist/ at the start of every build with a synchronous removal on its
 * main thread: dist/ holds several files for every post, and removing them held up the main thread
 * at the start of every rebuild (docs/performance.md). Renamed aside, they are removed on another core
 * while the pages build.
 *
 * Files the caller names can be kept: linked back from the old folder into the new one before the
 * old one is removed (see src/build-speed/out-dir-emptied-aside.ts, which keeps the pages Astro may
 * reuse instead of copying each from its cache).
 */
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Renames `folder` into `asideRoot` (which must be on the same file system) and makes `folder` again,
 * empty and with the same permissions. Returns where the old folder now is.
 *
 * Returns undefined, and leaves `folder` as it was, when the folder should be emptied the usual
 * way: it does not exist, is not a plain folder (a symbolic link, say, which must stay one), holds
 * a `.git` folder (Astro keeps it when it empties dist/; a site deployed from a git worktree in
 * dist/ needs it), or cannot be renamed into `asideRoot` (another file system, a mount point).
 */
export function moveFolderAside(folder: string, asideRoot: string): string | undefined {
  let mode: number;
  try {
    const stats = lstatSync(folder);
    if (!stats.isDirectory()) return undefined;
    mode = stats.mode & 0o7777;
    if (readdirSync(folder).includes('.git')) return undefined;
  } catch {
    return undefined;
  }
  const aside = join(asideRoot, `${process.pid}-${Date.now()}`);
  try {
    mkdirSync(asideRoot, { recursive: true });
    renameSync(folder, aside);
  } catch {
    return undefined;
  }
  mkdirSync(folder, { mode });
  return aside;
}

/** A file linked back from the old folder: its path (relative to the folders) and its inode. */
export interface KeptFile {
  path: string;
  ino: number;
}

/**
 * Links the files of `keep` (paths relative to the folders) that `aside` has into `folder`, and
 * returns those it linked. A file is kept only if it is a plain file with no other link: a file that
 * is also a cache's (the share images, the search index) must never be written through by whoever
 * next writes that path.
 */
export function linkFilesBack(aside: string, folder: string, keep: readonly string[]): KeptFile[] {
  return keep.flatMap((path) => {
    const ino = linkBack(path, aside, folder);
    return ino === undefined ? [] : [{ path, ino }];
  });
}

function linkBack(file: string, from: string, to: string): number | undefined {
  const source = join(from, file);
  const target = join(to, file);
  // Only paths inside the folder: a manifest's `../x` must not reach out of it.
  if (relative(to, target).startsWith('..') || relative(to, target) === '') return undefined;
  try {
    const stats = lstatSync(source);
    if (!stats.isFile() || stats.nlink !== 1) return undefined;
    mkdirSync(dirname(target), { recursive: true });
    linkSync(source, target);
    return stats.ino;
  } catch {
    return undefined; // not in the old folder: whoever makes it writes it anew
  }
}

/**
 * Whether the file system that holds `dir` (an existing folder this code may write in) takes names
 * that differ only in case for one name, as macOS and Windows do by default. Files kept by name must
 * not be kept there: a post renamed from `Hello.md` to `hello.md` would be written into the kept
 * `Hello/` folder, and the new page then taken for the old one.
 */
export function namesIgnoreCase(dir: string): boolean {
  const probe = join(dir, `Case-Probe-${process.pid}`);
  writeFileSync(probe, '');
  try {
    return existsSync(join(dir, `case-probe-${process.pid}`));
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * Removes `asideRoot` and all in it (the old folder, and any left by a build that was stopped before
 * it removed its own) in a worker thread. Settles when it is gone; rejects when it could not be.
 */
export function removeInWorker(asideRoot: string): Promise<void> {
  // rmSync is Node's native recursive removal; in a worker it costs the main thread nothing.
  const worker = new Worker(
    `require('node:fs').rmSync(require('node:worker_threads').workerData, { recursive: true, force: true });`,
    { eval: true, workerData: asideRoot },
  );
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`removing ${asideRoot} stopped with code ${code}`))));
  });
}

/**
 * Removes the kept files of `folder` that `stillWanted` does not want (at the end of a build, a page
 * of the last build that this one did not make: a post since made a draft, a tag no post has any
 * more), and the folders that leaves empty. Returns the paths removed.
 */
export function removeKeptFiles(folder: string, kept: readonly KeptFile[], stillWanted: (file: KeptFile, path: string) => boolean): string[] {
  const root = resolve(folder); // no trailing separator, as dirname's results have none
  const removed = kept.filter((file) => !stillWanted(file, join(root, file.path)));
  for (const { path } of removed) {
    rmSync(join(root, path), { force: true });
    for (let dir = dirname(join(root, path)); dir.startsWith(root + sep); dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        break; // not empty: neither are the folders above it
      }
    }
  }
  return removed.map(({ path }) => path);
}

/** Whether `path` is still the kept file (not replaced since, by a later build for one). */
export function isStillKept(file: KeptFile, path: string): boolean {
  try {
    return lstatSync(path).ino === file.ino;
  } catch {
    return false;
  }
}
