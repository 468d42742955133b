/** Files shared by a cache and the built site (src/build-speed/link-files.ts). */
import * as fs from 'node:fs';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { linkFolder, linkOrCopyFile } from '../../src/build-speed/link-files.ts';

/** When set, hard links fail as they do across file systems. */
let linkError: string | undefined;
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const linkSync: typeof real.linkSync = (from, to) => {
    if (linkError) throw Object.assign(new Error(`${linkError}: cannot link`), { code: linkError });
    real.linkSync(from, to);
  };
  return { ...real, default: { ...real, linkSync }, linkSync };
});

const root = mkdtempSync(join(tmpdir(), 'link-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => (linkError = undefined));

function tree(name: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(dir, 'a.txt'), 'a');
  writeFileSync(join(dir, 'sub', 'b.bin'), Buffer.from([0, 1, 2]));
  writeFileSync(join(dir, 'sub', 'deeper', 'c.txt'), '日本語');
  return dir;
}
const files = ['a.txt', 'sub/b.bin', 'sub/deeper/c.txt'];

describe('linked files', () => {
  it('gives a folder the same files, each one file with the source (no second copy)', () => {
    const source = tree('source');
    linkFolder(source, join(root, 'linked'));
    for (const file of files) {
      expect(readFileSync(join(root, 'linked', file))).toEqual(readFileSync(join(source, file)));
      expect(statSync(join(root, 'linked', file)).ino).toBe(statSync(join(source, file)).ino);
    }
  });

  it('copies where a hard link cannot be made', () => {
    const source = tree('elsewhere');
    linkError = 'EXDEV';
    linkFolder(source, join(root, 'copied'));
    for (const file of files) {
      expect(readFileSync(join(root, 'copied', file))).toEqual(readFileSync(join(source, file)));
      expect(statSync(join(root, 'copied', file)).ino).not.toBe(statSync(join(source, file)).ino);
    }
  });

  it('never replaces a file that is already there', () => {
    const source = tree('twice');
    writeFileSync(join(root, 'taken.txt'), 'kept');
    expect(() => linkOrCopyFile(join(source, 'a.txt'), join(root, 'taken.txt'))).toThrow(/EEXIST/u);
    expect(readFileSync(join(root, 'taken.txt'), 'utf8')).toBe('kept');
    linkError = 'EXDEV'; // nor when it copies
    expect(() => linkOrCopyFile(join(source, 'a.txt'), join(root, 'taken.txt'))).toThrow(/EEXIST/u);
    expect(fs.readFileSync(join(root, 'taken.txt'), 'utf8')).toBe('kept');
  });
});
