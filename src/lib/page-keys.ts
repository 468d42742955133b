/**
 * Cache keys for Astro's incremental builds (`experimental.incrementalBuild`): a page whose key and
 * code are unchanged since the last build is copied from it instead of rendered again. The key is a
 * hash of everything the page is made from, its props, with two exceptions:
 * - a post's entry counts by its digest (Astro's hash of the file), which also covers the rendered body;
 * - a post's list of tags counts by their names and slugs: pages show a post's tags as links, never
 *   how many posts carry each, so a new post with a common tag does not change every page that lists a
 *   post with that tag. (A tag page's own tag, a `tag` prop, counts whole: it shows the number.)
 */
import { createHash } from 'node:crypto';

/** The cache key of a page made from `props` alone (and the site's code and settings). */
export function pageCacheKey(props: unknown): string {
  const json = JSON.stringify(props, (key, value: unknown) => {
    if (key === 'entry' && value && typeof value === 'object' && 'digest' in value && typeof value.digest === 'string') {
      return `${(value as { id?: string }).id ?? ''}@${value.digest}`;
    }
    if (key === 'tags' && Array.isArray(value)) return value.map(shownTag);
    return value;
  });
  return createHash('sha256').update(json).digest('base64url');
}

/** What a page shows of a tag in a post's list of tags. */
function shownTag(tag: unknown): unknown {
  if (!tag || typeof tag !== 'object' || !('slug' in tag) || !('name' in tag)) return tag;
  return { name: tag.name, slug: tag.slug };
}

/** Static paths with their cache keys, for a `getStaticPaths` whose pages are made from their props. */
export function withCacheKeys<P extends { props: unknown }>(paths: P[]): (P & { cacheKey: string })[] {
  return paths.map((path) => ({ ...path, cacheKey: pageCacheKey(path.props) }));
}
