/**
 * `astro dev` only: posts the loader has just read again after a save, before Astro's content store
 * (saved to disk after a 500 ms pause, then read again by the pages) has them. Pages lay these over
 * the collection, so a saved post shows on the next reload; once the store has caught up (same
 * digest), the fresh copy is dropped.
 *
 * The loader and the pages run in different module graphs of one process: the state lives on globalThis.
 */
const KEY = Symbol.for('blog.freshPosts');

export interface FreshPosts<E> {
  /** Posts read again since the store was last loaded, by id. */
  changed: Map<string, E>;
  /** Ids of posts removed (deleted, or now invalid) since then. */
  removed: Set<string>;
  /** Called when either changes (src/integrations/dev-posts.ts clears the dev server's page cache). */
  listeners: Set<() => void>;
}

export function freshPosts<E>(): FreshPosts<E> {
  const g = globalThis as { [KEY]?: FreshPosts<unknown> };
  return (g[KEY] ??= { changed: new Map(), removed: new Set(), listeners: new Set() }) as FreshPosts<E>;
}

/** Tells the listeners that fresh posts changed. */
export function announceFreshPosts(): void {
  for (const listener of freshPosts().listeners) listener();
}

/**
 * The collection with the fresh posts laid over it. Entries the store already has in the same version
 * (digest) are forgotten, so the overlay is only ever as large as the last few saves.
 */
export function withFreshPosts<E extends { id: string; digest?: unknown }>(entries: readonly E[], fresh: FreshPosts<E>): E[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const [id, entry] of fresh.changed) {
    if (byId.get(id)?.digest === entry.digest) fresh.changed.delete(id);
    else byId.set(id, entry);
  }
  for (const id of fresh.removed) {
    if (!byId.has(id) || fresh.changed.has(id)) fresh.removed.delete(id);
    else byId.delete(id);
  }
  return [...byId.values()];
}
