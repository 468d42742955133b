/**
 * What the posts' rendered HTML depends on besides the posts themselves: the Markdown pipeline's
 * code (every file in src/markdown/ and what they import from the project, followed through), the
 * Markdown options in astro.config.mjs, the link-card store that cards and GitHub code are rendered
 * from (src/content/link-cards.json), and the installed packages (package-lock.json). Astro keeps
 * each post's HTML in its content store until the post's file changes, so the posts loader clears
 * that store when this changes (src/posts/posts-loader.ts): a fix to the Markdown rules, or cards
 * fetched by `npm run cards`, reach every post on the next build, including builds that restore the
 * content store from a cache.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { codeFingerprint } from '../build-speed/code-fingerprint.ts';
import { LINK_CARD_STORE } from './link-card-store.ts';

/** A hash of the files the Markdown pipeline is made from, under the project folder `root`. */
export function markdownFingerprint(root: string): string {
  const markdown = join(root, 'src', 'markdown');
  const sources = readdirSync(markdown).sort().map((name) => join(markdown, name));
  // The config's own text only: following its imports would take in every integration. The store is
  // data; a project without one hashes as such.
  return codeFingerprint(root, sources, [join(root, 'astro.config.mjs'), join(root, LINK_CARD_STORE)]);
}
