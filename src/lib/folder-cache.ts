/**
 * One folder kept between builds under a key, in a cache folder of its own (for example the search
 * index in node_modules/.cache/search-index): a build whose inputs have the same key copies it back
 * instead of making it again. Only the newest folder is kept.
 */
import { cpSync, existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Copies the folder kept under `key` to `target`; false when there is none. */
export function restoreFolder(cacheDir: string, key: string, target: string): boolean {
  const kept = join(cacheDir, key);
  if (!existsSync(kept)) return false;
  cpSync(kept, target, { recursive: true });
  return true;
}

/**
 * Keeps a copy of `source` under `key` and removes the folders kept before. The copy is made under a
 * temporary name and renamed, so that a build stopped half-way never leaves a partial copy that the
 * next build would take for a whole one; another build's copy in progress is left alone.
 */
export function keepFolder(cacheDir: string, key: string, source: string): void {
  const kept = join(cacheDir, key);
  const partial = `${kept}.${process.pid}.partial`;
  cpSync(source, partial, { recursive: true });
  try {
    renameSync(partial, kept);
  } catch (error) {
    if (!existsSync(kept)) throw error;
    rmSync(partial, { recursive: true, force: true }); // another build kept the same folder meanwhile
  }
  for (const name of readdirSync(cacheDir)) {
    const copier = /\.(\d+)\.partial$/u.exec(name)?.[1];
    if (name === key || (copier && isRunning(Number(copier)))) continue;
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
