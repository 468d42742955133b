/** Splitting a list into numbered pages. */

export interface Page<T> {
  /** 1-based page number. */
  number: number;
  /** How many pages the list has (at least 1). */
  count: number;
  items: T[];
}

/** The pages of `items`, `size` per page. An empty list still has one (empty) page. */
export function paginate<T>(items: readonly T[], size: number): Page<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`page size must be a whole number >= 1, not ${size}`);
  const count = Math.max(1, Math.ceil(items.length / size));
  return Array.from({ length: count }, (_, i) => ({
    number: i + 1,
    count,
    items: items.slice(i * size, (i + 1) * size),
  }));
}
