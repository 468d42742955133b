import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasWholeFrontmatter, readSavedPost, settledWatcher, type LoaderWatcher } from '../../src/posts/post-saves.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'post-saves-'));
  file = join(dir, 'a.md');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for Vite's watcher: events are emitted by the test. */
function fakeWatcher(): LoaderWatcher & EventEmitter & { added: string[] } {
  const emitter = new EventEmitter() as EventEmitter & LoaderWatcher & { added: string[] };
  emitter.added = [];
  emitter.add = (paths) => emitter.added.push(...[paths].flat());
  return emitter;
}

describe('hasWholeFrontmatter', () => {
  it('tells a saved post from one halfway through a save', () => {
    expect(hasWholeFrontmatter('---\ntitle: x\n---\n本文\n')).toBe(true);
    expect(hasWholeFrontmatter('---\r\ntitle: x\r\n---')).toBe(true);
    expect(hasWholeFrontmatter('---\n---\n')).toBe(true);
    expect(hasWholeFrontmatter('\uFEFF+++\ntitle = "x"\n+++\n')).toBe(true);
    expect(hasWholeFrontmatter('')).toBe(false);
    expect(hasWholeFrontmatter('---\ntitle: x\nda')).toBe(false);
    expect(hasWholeFrontmatter('---\ntitle: x\n---x')).toBe(false);
    expect(hasWholeFrontmatter('本文だけ\n')).toBe(false);
  });
});

describe('readSavedPost', () => {
  it('returns a first read with a whole frontmatter as it is, without reading again', async () => {
    writeFileSync(file, 'something else');
    expect(await readSavedPost(file, '---\ntitle: x\n---\n')).toBe('---\ntitle: x\n---\n');
  });

  it('reads an emptied file again until the save has written it', async () => {
    writeFileSync(file, '');
    setTimeout(() => writeFileSync(file, '---\ntitle: 保存後\n---\n本文\n'), 50);
    expect(await readSavedPost(file, '')).toBe('---\ntitle: 保存後\n---\n本文\n');
  });

  it('gives up after its tries, returning what the file holds, so that a post really written so is reported', async () => {
    writeFileSync(file, '本文だけ\n');
    const started = Date.now();
    expect(await readSavedPost(file, '', { tries: 3, intervalMs: 10 })).toBe('本文だけ\n');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('keeps the first read of a file removed meanwhile', async () => {
    expect(await readSavedPost(join(dir, 'gone.md'), '', { tries: 2, intervalMs: 5 })).toBe('');
  });
});

describe('settledWatcher', () => {
  /** A loader's change listener: reads the file after `slowMs`, as the glob loader does, and notes what it read. */
  function loaderReading(watch: ReturnType<typeof settledWatcher>, slowMs = 0) {
    const reads: string[] = [];
    let running = 0;
    let overlapped = false;
    const listener = async (path: string) => {
      running++;
      overlapped ||= running > 1;
      const text = readFileSync(path, 'utf8');
      await sleep(slowMs);
      watch.noteRead(path, text);
      reads.push(text);
      running--;
    };
    return { listener, reads, overlapped: () => overlapped };
  }

  it('reads a post again when the watcher announced only the emptying of an in-place save', async () => {
    const real = fakeWatcher();
    const watch = settledWatcher(real, { settles: () => true, settleMs: 60 });
    const loader = loaderReading(watch);
    watch.watcher.on('change', loader.listener);
    writeFileSync(file, '');
    real.emit('change', file);
    await sleep(10);
    // The write's own change event is dropped (it came within the watcher's 50 ms).
    writeFileSync(file, '---\ntitle: 保存後\n---\n');
    await sleep(300);
    expect(loader.reads).toEqual(['', '---\ntitle: 保存後\n---\n']);
    watch.close();
  });

  it('reads nothing again when the file is as read', async () => {
    const real = fakeWatcher();
    const watch = settledWatcher(real, { settles: () => true, settleMs: 20 });
    const loader = loaderReading(watch);
    watch.watcher.on('change', loader.listener);
    writeFileSync(file, '---\ntitle: x\n---\n');
    real.emit('change', file);
    await sleep(150);
    expect(loader.reads).toHaveLength(1);
    watch.close();
  });

  it('passes one file’s events one at a time: a change during a read is read once more after it', async () => {
    const real = fakeWatcher();
    const watch = settledWatcher(real, { settles: () => false });
    const loader = loaderReading(watch, 40);
    watch.watcher.on('change', loader.listener);
    writeFileSync(file, 'one');
    real.emit('change', file);
    await sleep(5);
    writeFileSync(file, 'two');
    real.emit('change', file);
    real.emit('change', file);
    real.emit('change', file);
    await sleep(200);
    expect(loader.overlapped()).toBe(false);
    expect(loader.reads).toEqual(['one', 'two']);
    watch.close();
  });

  it('keeps an unlink after the read it followed, and does not read a removed file again', async () => {
    const real = fakeWatcher();
    const watch = settledWatcher(real, { settles: () => true, settleMs: 20 });
    const order: string[] = [];
    watch.watcher.on('change', async () => {
      await sleep(30);
      order.push('change');
    });
    watch.watcher.on('unlink', () => order.push('unlink'));
    writeFileSync(file, 'x');
    real.emit('change', file);
    rmSync(file);
    real.emit('unlink', file);
    await sleep(150);
    expect(order).toEqual(['change', 'unlink']);
    watch.close();
  });

  it('passes other events and added paths on, and nothing once closed', async () => {
    const real = fakeWatcher();
    const watch = settledWatcher(real, { settles: () => true });
    const seen: string[] = [];
    watch.watcher.add('/some/folder');
    watch.watcher.on('error', () => seen.push('error'));
    watch.watcher.on('add', (path) => seen.push(`add ${path}`));
    real.emit('error', new Error('x'));
    real.emit('add', '/some/folder/b.md');
    await sleep(10);
    watch.close();
    real.emit('add', '/some/folder/c.md');
    await sleep(10);
    expect(real.added).toEqual(['/some/folder']);
    expect(seen).toEqual(['error', 'add /some/folder/b.md']);
    expect(real.listenerCount('add')).toBe(0);
  });
});
