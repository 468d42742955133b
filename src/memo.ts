/**
 * A cache for pure results that recur across a build's pages (a post's date, a title's phrases, a
 * string's shaping): each is made once. It holds at most `limit` values and forgets them all when
 * full, so that a dev server running for days, or a huge site, cannot grow it without end; a build's
 * working set is far smaller.
 */
export class Memo<V> {
  private readonly values = new Map<string, V>();
  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** The value remembered for `key`, else `make()`, remembered. */
  get(key: string, make: () => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= this.limit) this.values.clear();
      value = make();
      this.values.set(key, value);
    }
    return value;
  }
}
