/**
 * A hash of the code that makes something the build caches (posts' rendered HTML, share images, the
 * search index, summaries): the given source files and every project file they import, followed
 * through, files read as they are (such as the config), and always the lock file, which pins the
 * packages that code runs on. A cache keyed with it is made afresh when that code changes, with no
 * version number to remember to bump.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gu;

/**
 * Hashes `sources` with their relative imports, followed through, `files` alone, and the project's
 * package-lock.json; paths are named relative to `root`, so that the same project in another folder
 * hashes the same.
 */
export function codeFingerprint(root: string, sources: readonly string[], files: readonly string[] = []): string {
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const add = (file: string, follow: boolean) => {
    if (seen.has(file)) return;
    seen.add(file);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      hash.update(`${relative(root, file)}\u0000missing\u0000`);
      return;
    }
    hash.update(`${relative(root, file)}\u0000${text.length}\u0000`).update(text);
    if (!follow) return;
    for (const [, path] of text.matchAll(RELATIVE_IMPORT)) add(resolve(dirname(file), path!), true);
  };
  for (const file of sources) add(file, true);
  for (const file of [...files, join(root, 'package-lock.json')]) add(file, false);
  return hash.digest('hex');
}
