/**
 * Related posts: others that share a tag with a post, most shared tags first, then nearest in date.
 * Never the post itself, never a draft.
 */
import type { Post } from './post-index.ts';

export const RELATED_COUNT = 4;

/**
 * Whether a related post with `shared` tags, `distance` in time and `id` ranks before `b`: more shared
 * tags, then nearer in date, then by id. Its fields, not an object: most candidates are passed over.
 */
function ranksBefore(shared: number, distance: number, id: string, b: Ranked): boolean {
  return shared !== b.shared ? shared > b.shared : distance !== b.distance ? distance < b.distance : id < b.id;
}

interface Ranked {
  index: number;
  id: string;
  shared: number;
  distance: number;
}

/**
 * Related posts of every post at once, the same as `relatedPosts` for each: through an index of tags,
 * each post counts shared tags only over the posts that share one, and keeps its best `count` as it
 * goes instead of sorting them all. (Sorting every candidate was far slower on large sites: see
 * docs/performance.md.)
 */
export function relatedIndex<P extends Post>(posts: readonly P[], count = RELATED_COUNT): Map<string, P[]> {
  const byTag = new Map<string, number[]>();
  posts.forEach((p, i) => {
    if (p.draft) return;
    for (const t of p.tags) {
      const list = byTag.get(t.key);
      if (list) list.push(i);
      else byTag.set(t.key, [i]);
    }
  });
  const times = posts.map((p) => p.date.instant.getTime());
  const ids = posts.map((p) => p.id);
  // Shared tags by post index, and the posts counted: typed counts reset after each post, where a Map
  // per post cost most of the time on large sites (docs/performance.md).
  const shared = new Uint32Array(posts.length);
  const counted: number[] = [];
  const result = new Map<string, P[]>();
  posts.forEach((post, self) => {
    for (const t of new Set(post.tags.map((tag) => tag.key))) {
      for (const i of byTag.get(t) ?? []) {
        if (i === self || ids[i] === post.id) continue;
        if (shared[i] === 0) counted.push(i);
        shared[i]!++;
      }
    }
    const best: Ranked[] = [];
    for (const index of counted) {
      const n = shared[index]!;
      shared[index] = 0;
      const distance = Math.abs(times[index]! - times[self]!);
      const id = ids[index]!;
      if (best.length === count && !ranksBefore(n, distance, id, best[count - 1]!)) continue;
      let at = best.length;
      while (at > 0 && ranksBefore(n, distance, id, best[at - 1]!)) at--;
      best.splice(at, 0, { index, id, shared: n, distance });
      if (best.length > count) best.pop();
    }
    counted.length = 0;
    result.set(post.id, best.map((r) => posts[r.index]!));
  });
  return result;
}

/** The related posts of `post` among `posts`, by sorting them all: the definition `relatedIndex` follows. */
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
