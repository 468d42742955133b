import { describe, expect, it } from 'vitest';
import { Memo } from '../../src/memo.ts';

describe('Memo', () => {
  it('makes each value once, and forgets everything when full', () => {
    const memo = new Memo<string>(2);
    let made = 0;
    const get = (k: string) => memo.get(k, () => `${k}${++made}`);
    expect([get('a'), get('a'), get('b'), get('a')]).toEqual(['a1', 'a1', 'b2', 'a1']);
    expect(get('c')).toBe('c3'); // full: a and b forgotten
    expect([get('c'), get('a')]).toEqual(['c3', 'a4']);
  });
});
