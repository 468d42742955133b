/**
 * A hash of a post's rendered HTML, made once for each rendered entry in a build: the page cache keys
 * (src/build-speed/page-keys.ts) and the kept summaries (`derivedTextKey` in src/blog/post-index.ts) both key
 * by it, and hashing every post's HTML twice cost a build time on its main thread (docs/performance.md).
 */
import { createHash } from 'node:crypto';

const digests = new WeakMap<object, string>();

/** The SHA-256 (base64url) of `rendered.html`; of the empty string when there is nothing rendered. */
export function renderedHtmlDigest(rendered: { html?: string | undefined } | undefined): string {
  const known = rendered && digests.get(rendered);
  if (known !== undefined) return known;
  const digest = createHash('sha256').update(rendered?.html ?? '').digest('base64url');
  if (rendered) digests.set(rendered, digest);
  return digest;
}
