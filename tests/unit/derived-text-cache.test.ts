/** Summaries and reading times kept between builds (src/build-speed/derived-text-cache.ts). */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { DerivedTextCache } from '../../src/build-speed/derived-text-cache.ts';
import { contentHash } from '../../src/build-speed/folder-record.ts';

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
    const written = statSync(file, { bigint: true });
    const second = new DerivedTextCache(file, 'code1');
    expect(second.get('k')).toEqual(text('同じ'));
    second.save();
    const after = statSync(file, { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([written.ino, written.mtimeNs]);
  });

  it.each([
    ['a summary edited, at the same size', (kept: string) => kept.replace('夕焼けの写真', '朝焼けの写真'), /changed since the build that wrote it \(the entries' bytes changed\)/u],
    ['a reading time edited', (kept: string) => kept.replace('"readingMinutes":2', '"readingMinutes":9'), /the entries' bytes changed/u],
    ['the file truncated', (kept: string) => kept.slice(0, -10), /changed since the build that wrote it \(\d+ bytes of entries, \d+ when written\)/u],
    ['the header line alone', (kept: string) => kept.slice(0, kept.indexOf('\n')), /0 bytes of entries/u],
  ])('is not used when changed since the build that wrote it (%s): every summary is made afresh, with a warning', (_, damage, warning) => {
    const file = join(root, 'changed.json');
    const first = new DerivedTextCache(file, 'code1');
    first.set('k', text('夕焼けの写真')).set('j', text('朝'));
    first.save();
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const second = new DerivedTextCache(file, 'code1');
      expect([second.get('k'), second.get('j')]).toEqual([undefined, undefined]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toContain('changed.json');
      expect(warn.mock.calls[0]![0]).toMatch(warning);
      // Made again, the file is trusted again.
      second.set('k', text('夕焼けの写真'));
      second.save();
      expect(new DerivedTextCache(file, 'code1').get('k')).toEqual(text('夕焼けの写真'));
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

  it('starts empty, with a warning, when its file holds something else', () => {
    const file = join(root, 'odd.json');
    const entries = Buffer.from(JSON.stringify({ k: 5, j: { summary: 's', readingMinutes: 1 } }));
    const header = { version: 2, code: 'code1', size: entries.length, hash: contentHash(entries) };
    writeFileSync(file, `${JSON.stringify(header)}\n${entries.toString()}`);
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
