/** Emptying dist/ by renaming it aside, and keeping some of its files (src/build-speed/empty-folder-aside.ts). */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, linkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { isStillKept, linkFilesBack, moveFolderAside, namesIgnoreCase, removeInWorker, removeKeptFiles } from '../../src/build-speed/empty-folder-aside.ts';

/** When set, the file system answers for names as a case-insensitive one (macOS, Windows) does. */
let ignoreCase = false;
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const existsSync: typeof real.existsSync = (path) =>
    real.existsSync(path) || (ignoreCase && typeof path === 'string' && real.readdirSync(join(path, '..')).some((name) => name.toLowerCase() === path.split('/').at(-1)!.toLowerCase()));
  return { ...real, default: { ...real, existsSync }, existsSync };
});
afterEach(() => (ignoreCase = false));

const root = mkdtempSync(join(tmpdir(), 'empty-folder-aside-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let made = 0;
/** A built site's folder with files in subfolders, and where to set it aside. */
function site(): { folder: string; asideRoot: string } {
  const dir = join(root, `case-${made++}`);
  const folder = join(dir, 'dist');
  mkdirSync(join(folder, 'posts', 'a'), { recursive: true });
  mkdirSync(join(folder, 'tags', '日本語'), { recursive: true });
  writeFileSync(join(folder, 'index.html'), '<p>一覧</p>');
  writeFileSync(join(folder, 'posts', 'a', 'index.html'), '<p>記事</p>');
  writeFileSync(join(folder, 'tags', '日本語', 'index.html'), '<p>タグ</p>');
  return { folder, asideRoot: join(dir, 'cache', 'old-out-dir') };
}

const files = (folder: string) => readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(folder.length + 1)).sort();

describe('moveFolderAside', () => {
  it('leaves the folder empty at once, with its permissions; the old files are removed in a worker', async () => {
    const { folder, asideRoot } = site();
    const mode = statSync(folder).mode;
    const aside = moveFolderAside(folder, asideRoot);
    expect(aside).toBeDefined();
    expect(readdirSync(folder)).toEqual([]);
    expect(statSync(folder).mode).toBe(mode);
    expect(files(aside!)).toEqual(['index.html', 'posts/a/index.html', 'tags/日本語/index.html']);
    await removeInWorker(asideRoot);
    expect(existsSync(asideRoot)).toBe(false);
  });

  it('removes what a stopped build left aside with its own', async () => {
    const { folder, asideRoot } = site();
    mkdirSync(join(asideRoot, 'left-by-a-stopped-build', 'posts'), { recursive: true });
    writeFileSync(join(asideRoot, 'left-by-a-stopped-build', 'posts', 'old.html'), 'old');
    moveFolderAside(folder, asideRoot);
    await removeInWorker(asideRoot);
    expect(existsSync(asideRoot)).toBe(false);
  });

  it('leaves a folder that holds .git to be emptied the usual way (Astro keeps .git)', () => {
    const { folder, asideRoot } = site();
    mkdirSync(join(folder, '.git'));
    expect(moveFolderAside(folder, asideRoot)).toBeUndefined();
    expect(readdirSync(folder).sort()).toEqual(['.git', 'index.html', 'posts', 'tags']);
  });

  it('leaves a symbolic link to a folder a link', () => {
    const { folder, asideRoot } = site();
    const link = join(root, `link-${made++}`);
    symlinkSync(folder, link);
    expect(moveFolderAside(link, asideRoot)).toBeUndefined();
    expect(readdirSync(link).sort()).toEqual(['index.html', 'posts', 'tags']);
  });

  it('does nothing for a folder that is not there, or one it cannot rename aside', () => {
    const { folder, asideRoot } = site();
    expect(moveFolderAside(join(root, 'missing'), asideRoot)).toBeUndefined();
    const file = join(root, `a-file-${made++}`);
    writeFileSync(file, '');
    expect(moveFolderAside(folder, join(file, 'aside'))).toBeUndefined(); // no folder can be made under a file
    expect(readdirSync(folder).sort()).toEqual(['index.html', 'posts', 'tags']);
  });
});

describe('linkFilesBack', () => {
  it('links back the files asked for that the old folder has, and no other', () => {
    const { folder, asideRoot } = site();
    const aside = moveFolderAside(folder, asideRoot)!;
    const kept = linkFilesBack(aside, folder, ['posts/a/index.html', 'tags/日本語/index.html', 'posts/gone/index.html']);
    expect(kept.map((file) => file.path)).toEqual(['posts/a/index.html', 'tags/日本語/index.html']);
    expect(files(folder)).toEqual(kept.map((file) => file.path));
    expect(statSync(join(folder, 'posts/a/index.html')).ino).toBe(statSync(join(aside, 'posts/a/index.html')).ino);
    expect(kept[0]!.ino).toBe(statSync(join(aside, 'posts/a/index.html')).ino);
    expect(readFileSync(join(folder, 'tags/日本語/index.html'), 'utf8')).toBe('<p>タグ</p>');
  });

  it('keeps no file that another link shares (a cache\'s), and nothing outside the folder', () => {
    const { folder, asideRoot } = site();
    const cached = join(root, `cached-${made++}.png`);
    writeFileSync(cached, 'png');
    linkSync(cached, join(folder, 'og.png'));
    writeFileSync(join(folder, '..', 'outside.html'), 'outside');
    const aside = moveFolderAside(folder, asideRoot)!;
    expect(linkFilesBack(aside, folder, ['og.png', '../outside.html', '../../outside.html', 'index.html']).map((file) => file.path)).toEqual(['index.html']);
    expect(files(folder)).toEqual(['index.html']);
  });
});

describe('removeKeptFiles', () => {
  it('removes the kept files no longer wanted, and the folders that leaves empty', () => {
    const { folder, asideRoot } = site();
    const aside = moveFolderAside(folder, asideRoot)!;
    const kept = linkFilesBack(aside, folder, ['index.html', 'posts/a/index.html', 'tags/日本語/index.html']);
    writeFileSync(join(folder, 'tags', 'new.html'), 'made by this build');
    const made = new Set([join(folder, 'index.html')]);
    // Astro's dist/ path ends with a separator.
    expect(removeKeptFiles(`${folder}/`, kept, (_, path) => made.has(path))).toEqual(['posts/a/index.html', 'tags/日本語/index.html']);
    expect(files(folder)).toEqual(['index.html', 'tags/new.html']);
    expect(readdirSync(folder).sort()).toEqual(['index.html', 'tags']); // posts/ is gone, tags/ still has a file
  });

  it('can spare what replaced a kept file since (isStillKept)', () => {
    const { folder, asideRoot } = site();
    const aside = moveFolderAside(folder, asideRoot)!;
    const kept = linkFilesBack(aside, folder, ['index.html', 'posts/a/index.html']);
    rmSync(join(folder, 'index.html'));
    writeFileSync(join(folder, 'index.html'), 'a later build\'s page');
    expect(removeKeptFiles(folder, kept, (file, path) => !isStillKept(file, path))).toEqual(['posts/a/index.html']);
    expect(files(folder)).toEqual(['index.html']);
  });
});

describe('namesIgnoreCase', () => {
  it('tells a case-insensitive file system from this one, and leaves nothing behind', () => {
    const dir = mkdtempSync(join(root, 'case-'));
    expect(namesIgnoreCase(dir)).toBe(false);
    ignoreCase = true;
    expect(namesIgnoreCase(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
  });
});
