/**
 * Related posts: others that share a tag with a post, most shared tags first, then nearest in date.
 * Never the post itself, never a draft.
 */
import type { Post } from './post-index.ts';

export const RELATED_COUNT = 4;

/**
 * Related posts of every post at once, through an index of tags: each post is compared only with the
 * posts that share a tag with it, not with all others.
 */
export function relatedIndex<P extends Post>(posts: readonly P[], count = RELATED_COUNT): Map<string, P[]> {
  const byTag = new Map<string, P[]>();
  for (const p of posts) for (const t of p.tags) byTag.set(t.key, [...(byTag.get(t.key) ?? []), p]);
  return new Map(
    posts.map((post) => {
      const candidates = new Set(post.tags.flatMap((t) => byTag.get(t.key) ?? []));
      return [post.id, relatedPosts(post, [...candidates], count)];
    }),
  );
}

export function relatedPosts<P extends Post>(post: P, posts: readonly P[], count = RELATED_COUNT): P[] {
  const own = new Set(post.tags.map((t) => t.key));
  const when = post.date.instant.getTime();
  return posts
    .filter((p) => p.id !== post.id && !p.draft)
    .map((p) => ({ p, shared: p.tags.filter((t) => own.has(t.key)).length, distance: Math.abs(p.date.instant.getTime() - when) }))
    .filter(({ shared }) => shared > 0)
    .sort((a, b) => b.shared - a.shared || a.distance - b.distance || (a.p.id < b.p.id ? -1 : 1))
    .slice(0, count)
    .map(({ p }) => p);
}
