import { describe, expect, it } from 'vitest';
import { withFreshPosts, type FreshPosts } from '../../src/posts/fresh-posts.ts';

type E = { id: string; digest: string; title: string };
const fresh = (): FreshPosts<E> => ({ changed: new Map(), removed: new Set(), listeners: new Set() });
const store: E[] = [
  { id: 'a', digest: '1', title: 'A' },
  { id: 'b', digest: '1', title: 'B' },
];

describe('fresh posts over the collection (astro dev)', () => {
  it('shows a saved post at once, and forgets it once the store has the same version', () => {
    const f = fresh();
    f.changed.set('a', { id: 'a', digest: '2', title: 'A2' });
    f.changed.set('c', { id: 'c', digest: '1', title: 'C' });
    expect(withFreshPosts(store, f).map((e) => e.title)).toEqual(['A2', 'B', 'C']);
    expect(f.changed.size).toBe(2);
    const caughtUp = [{ id: 'a', digest: '2', title: 'A2' }, store[1]!, { id: 'c', digest: '1', title: 'C' }];
    expect(withFreshPosts(caughtUp, f).map((e) => e.title)).toEqual(['A2', 'B', 'C']);
    expect(f.changed.size).toBe(0);
  });

  it('hides a removed post until the store drops it too', () => {
    const f = fresh();
    f.removed.add('b');
    expect(withFreshPosts(store, f).map((e) => e.id)).toEqual(['a']);
    expect(f.removed.has('b')).toBe(true);
    expect(withFreshPosts([store[0]!], f).map((e) => e.id)).toEqual(['a']);
    expect(f.removed.size).toBe(0);
  });

  it('shows a post saved again after it was removed', () => {
    const f = fresh();
    f.removed.add('b');
    f.changed.set('b', { id: 'b', digest: '2', title: 'B2' });
    expect(withFreshPosts(store, f).map((e) => e.title)).toEqual(['A', 'B2']);
  });
});
