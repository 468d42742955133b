/**
 * What the posts' rendered HTML depends on besides the posts themselves: the Markdown pipeline's
 * code (every file in src/markdown/ and what they import from the project, followed through), the
 * Markdown options in astro.config.mjs, and the installed packages (package-lock.json). Astro keeps
 * each post's HTML in its content store until the post's file changes, so the posts loader clears
 * the store when this changes (src/lib/posts-loader.ts): a fix to the Markdown rules reaches every
 * post on the next build, including builds that restore the store from a cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const RELATIVE_IMPORT = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/gu;

/** A hash of the files the Markdown pipeline is made from, under the project folder `root`. */
export function markdownFingerprint(root: string): string {
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
  const markdown = join(root, 'src', 'markdown');
  for (const name of readdirSync(markdown).sort()) add(join(markdown, name), true);
  // The config's own text only: following its imports would take in every integration.
  add(join(root, 'astro.config.mjs'), false);
  add(join(root, 'package-lock.json'), false);
  return hash.digest('hex');
}
