/**
 * Cache keys for Astro's incremental builds (`experimental.incrementalBuild`): a page whose key and
 * code are unchanged since the last build is copied from it instead of rendered again. The key is a
 * hash of everything the page is made from, its props; a post's entry counts by its digest (Astro's
 * hash of the file), which also covers the rendered body.
 */
import { createHash } from 'node:crypto';

/** The cache key of a page made from `props` alone (and the site's code and settings). */
export function pageCacheKey(props: unknown): string {
  const json = JSON.stringify(props, (key, value: unknown) => {
    if (key === 'entry' && value && typeof value === 'object' && 'digest' in value && typeof value.digest === 'string') {
      return `${(value as { id?: string }).id ?? ''}@${value.digest}`;
    }
    return value;
  });
  return createHash('sha256').update(json).digest('base64url');
}

/** Static paths with their cache keys, for a `getStaticPaths` whose pages are made from their props. */
export function withCacheKeys<P extends { props: unknown }>(paths: P[]): (P & { cacheKey: string })[] {
  return paths.map((path) => ({ ...path, cacheKey: pageCacheKey(path.props) }));
}
