/** Summaries and reading times kept between builds (src/lib/derived-text-cache.ts). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DerivedTextCache } from '../../src/lib/derived-text-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'derived-text-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const text = (summary: string) => ({ summary, readingMinutes: 2 });

describe('derived text kept between builds', () => {
  it('gives the next build what this one made or used, and nothing else', () => {
    const file = join(root, 'a', 'kept.json');
    const first = new DerivedTextCache(file, 'code1');
    expect(first.get('k1')).toBeUndefined();
    first.set('k1', text('一')).set('k2', text('二'));
    first.save();

    const second = new DerivedTextCache(file, 'code1');
    expect(second.get('k1')).toEqual(text('一'));
    second.set('k3', text('三')); // k2's post is gone
    second.save();

    const third = new DerivedTextCache(file, 'code1');
    expect([third.get('k1'), third.get('k2'), third.get('k3')]).toEqual([text('一'), undefined, text('三')]);
  });

  it('is made afresh when the code that makes it changed', () => {
    const file = join(root, 'b.json');
    const first = new DerivedTextCache(file, 'code1');
    first.set('k', text('古い'));
    first.save();
    expect(new DerivedTextCache(file, 'code2').get('k')).toBeUndefined();
  });

  it('is not written again when nothing changed', () => {
    const file = join(root, 'c.json');
    const first = new DerivedTextCache(file, 'code1');
    first.set('k', text('同じ'));
    first.save();
    writeFileSync(file, readFileSync(file, 'utf8').replace('同じ', '手で直した'));
    const second = new DerivedTextCache(file, 'code1');
    expect(second.get('k')).toEqual(text('手で直した'));
    second.save();
    expect(readFileSync(file, 'utf8')).toContain('手で直した');
  });

  it('starts empty, with a warning, when its file holds something else', () => {
    const file = join(root, 'odd.json');
    writeFileSync(file, JSON.stringify({ code: 'code1', entries: { k: 5, j: { summary: 's', readingMinutes: 1 } } }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const cache = new DerivedTextCache(file, 'code1');
      expect([cache.get('k'), cache.get('j')]).toEqual([undefined, undefined]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('odd.json'));
    } finally {
      warn.mockRestore();
    }
  });

  it('starts empty, with a warning, when its file cannot be read, and the build goes on', () => {
    const file = join(root, 'broken.json');
    writeFileSync(file, '{ not json');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const cache = new DerivedTextCache(file, 'code1');
      expect(cache.get('k')).toBeUndefined();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('broken.json'));
      cache.set('k', text('新'));
      cache.save();
      expect(new DerivedTextCache(file, 'code1').get('k')).toEqual(text('新'));
    } finally {
      warn.mockRestore();
    }
  });
});
