/** Folders kept between builds (src/lib/folder-cache.ts). */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keepFolder, restoreFolder } from '../../src/lib/folder-cache.ts';

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

describe('kept folders', () => {
  it('come back whole under their key, and not under another', () => {
    const cache = join(root, 'cache-1');
    expect(restoreFolder(cache, 'k1', join(root, 'nothing'))).toBe(false);
    keepFolder(cache, 'k1', folder('made', { 'a.txt': 'a', 'sub/b.txt': 'b' }));
    expect(restoreFolder(cache, 'k2', join(root, 'other'))).toBe(false);
    expect(existsSync(join(root, 'other'))).toBe(false);
    expect(restoreFolder(cache, 'k1', join(root, 'back'))).toBe(true);
    expect(readFileSync(join(root, 'back', 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(join(root, 'back', 'sub', 'b.txt'), 'utf8')).toBe('b');
  });

  it('are only the newest; a partial copy of a stopped build is removed, one in progress is left', () => {
    const cache = join(root, 'cache-2');
    keepFolder(cache, 'old', folder('first', { 'x.txt': '1' }));
    // A build that was stopped half-way (no such process) and one still copying (this test's parent).
    const stopped = folder('cache-2/new.4194999.partial', { 'x.txt': 'half' });
    const copying = folder(`cache-2/other.${process.ppid}.partial`, { 'x.txt': 'half' });
    keepFolder(cache, 'new', folder('second', { 'x.txt': '2' }));
    expect(readdirSync(cache).sort()).toEqual(['new', `other.${process.ppid}.partial`].sort());
    expect(existsSync(stopped)).toBe(false);
    expect(existsSync(copying)).toBe(true);
    expect(restoreFolder(cache, 'new', join(root, 'second-back'))).toBe(true);
    expect(readFileSync(join(root, 'second-back', 'x.txt'), 'utf8')).toBe('2');
  });
});
