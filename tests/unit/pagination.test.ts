import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/blog/pagination.ts';

describe('paginate', () => {
  it('splits into pages of the given size, in order', () => {
    const pages = paginate([1, 2, 3, 4, 5], 2);
    expect(pages.map((p) => p.items)).toEqual([[1, 2], [3, 4], [5]]);
    expect(pages.map((p) => [p.number, p.count])).toEqual([[1, 3], [2, 3], [3, 3]]);
  });

  it('has one empty page for no items, and one page for exactly a page of items', () => {
    expect(paginate([], 10)).toEqual([{ number: 1, count: 1, items: [] }]);
    expect(paginate([1, 2], 2)).toHaveLength(1);
  });

  it('rejects a page size that is not a whole number >= 1', () => {
    expect(() => paginate([1], 0)).toThrow(/page size/);
    expect(() => paginate([1], 1.5)).toThrow(/page size/);
  });
});
