/** Folders kept between builds (src/build-speed/folder-cache.ts). */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepFolder, keptFolder, restoreFolder } from '../../src/build-speed/folder-cache.ts';

const root = mkdtempSync(join(tmpdir(), 'folder-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

const unexpected = (changes: string) => expect.fail(`a kept folder was taken for damaged: ${changes}`);

describe('kept folders', () => {
  it('come back whole under their key, and not under another', () => {
    const cache = join(root, 'cache-1');
    expect(restoreFolder(cache, 'k1', join(root, 'nothing'), unexpected)).toBe(false);
    keepFolder(cache, 'k1', folder('made', { 'a.txt': 'a', 'sub/b.txt': 'b' }));
    expect(restoreFolder(cache, 'k2', join(root, 'other'), unexpected)).toBe(false);
    expect(existsSync(join(root, 'other'))).toBe(false);
    expect(restoreFolder(cache, 'k1', join(root, 'back'), unexpected)).toBe(true);
    expect(readFileSync(join(root, 'back', 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(join(root, 'back', 'sub', 'b.txt'), 'utf8')).toBe('b');
  });

  it('are only the newest, with their record; a partial copy of a stopped build is removed, one in progress is left', () => {
    const cache = join(root, 'cache-2');
    keepFolder(cache, 'old', folder('first', { 'x.txt': '1' }));
    // A build that was stopped half-way (no such process) and one still copying (this test's parent).
    const stopped = folder('cache-2/new.4194999.partial', { 'x.txt': 'half' });
    const copying = folder(`cache-2/other.${process.ppid}.partial`, { 'x.txt': 'half' });
    keepFolder(cache, 'new', folder('second', { 'x.txt': '2' }));
    expect(readdirSync(cache).sort()).toEqual(['new', 'new.files.json', `other.${process.ppid}.partial`].sort());
    expect(existsSync(stopped)).toBe(false);
    expect(existsSync(copying)).toBe(true);
    expect(restoreFolder(cache, 'new', join(root, 'second-back'), unexpected)).toBe(true);
    expect(readFileSync(join(root, 'second-back', 'x.txt'), 'utf8')).toBe('2');
  });
});

describe('a kept folder changed since it was kept', () => {
  const files = { 'entry.json': '{"pages":5}', 'fragment/a.frag': 'aaaa', 'fragment/b.frag': 'bbbb', 'fragment/c.frag': 'cccc' };
  let n = 0;
  /** Keeps a folder, changes it with `damage` (given the kept folder), and restores it. */
  function restoredAfter(damage: (kept: string) => void) {
    const cache = join(root, `damaged-${++n}`);
    keepFolder(cache, 'k', folder(`source-${n}`, files));
    damage(join(cache, 'k'));
    const said: string[] = [];
    const target = join(root, `restored-${n}`);
    const restored = restoreFolder(cache, 'k', target, (changes) => said.push(changes));
    return { restored, said, target, cache };
  }

  it.each([
    ['a file edited, at the same size', (kept: string) => writeFileSync(join(kept, 'entry.json'), '{"pages":4}'), /^entry\.json changed$/u],
    ['a file truncated', (kept: string) => truncateSync(join(kept, 'fragment/b.frag'), 1), /^fragment\/b\.frag is 1 byte, 4 when kept$/u],
    ['files deleted', (kept: string) => ['a', 'b'].forEach((f) => rmSync(join(kept, `fragment/${f}.frag`))), /^fragment\/a\.frag, fragment\/b\.frag are missing$/u],
    ['a file added', (kept: string) => writeFileSync(join(kept, 'fragment/d.frag'), 'd'), /^fragment\/d\.frag was added$/u],
    ['its record deleted', (kept: string) => rmSync(`${kept}.files.json`), /record of files, k\.files\.json, is missing/u],
    ['its record edited', (kept: string) => appendFileSync(`${kept}.files.json`, ' junk'), /record of files, k\.files\.json, is missing or unreadable/u],
  ])('is not used, and is removed, with what changed named: %s', (_, damage, said) => {
    const result = restoredAfter(damage);
    expect(result.restored).toBe(false);
    expect(existsSync(result.target)).toBe(false);
    expect(result.said).toHaveLength(1);
    expect(result.said[0]).toMatch(said);
    expect(readdirSync(result.cache)).toEqual([]);
  });

  it('is not used when a file was edited in place through a link made from it (as dist/ holds them)', () => {
    const cache = join(root, 'linked');
    keepFolder(cache, 'k', folder('linked-source', files));
    const target = join(root, 'linked-target');
    expect(restoreFolder(cache, 'k', target, unexpected)).toBe(true);
    expect(statSync(join(target, 'fragment/c.frag')).nlink).toBeGreaterThan(1);
    writeFileSync(join(target, 'fragment/c.frag'), 'CCCC'); // in place: the same file
    const said: string[] = [];
    expect(keptFolder(cache, 'k', (changes) => said.push(changes))).toBeUndefined();
    expect(said).toEqual(['fragment/c.frag changed']);
  });

  it('names a few files of each kind, and how many more', () => {
    const many = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`f${i}.txt`, String(i)]));
    const cache = join(root, 'many');
    keepFolder(cache, 'k', folder('many-source', many));
    for (let i = 0; i < 8; i++) rmSync(join(cache, 'k', `f${i}.txt`));
    const said: string[] = [];
    expect(keptFolder(cache, 'k', (changes) => said.push(changes))).toBeUndefined();
    expect(said).toEqual(['f0.txt, f1.txt, f2.txt and 5 more are missing']);
  });
});
