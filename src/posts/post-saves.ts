/**
 * Reading posts while an editor saves them (`astro dev`). Many editors save in place: they empty the
 * file, then write it. Two things go wrong between the two steps:
 *
 * - a read of the file then sees nothing (or a frontmatter cut short), which is not the post;
 * - Vite's file watcher (chokidar) drops a change that comes within 50 ms of the previous one, so the
 *   write may never be announced, and the empty read would stay until the next save.
 *
 * `readSavedPost` reads a file that looks half-saved again for a moment before it is taken as written;
 * `settledWatcher` hands the posts loader each file's events one at a time (a late read of an old event
 * never lands after a newer one) and, once the file's saving has settled, compares the file with what
 * the loader last read of it, announcing a change the watcher dropped.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** A frontmatter block from its first line to its closing fence: YAML `---`, or TOML `+++`. */
const WHOLE_FRONTMATTER = /^\uFEFF?\s*(---|\+\+\+)[ \t]*\r?\n(?:[\s\S]*?\r?\n)?\1[ \t]*(?:\r?\n|$)/u;

/** Whether `text` starts with a whole frontmatter block (a post's file as saved, not halfway through a save). */
export function hasWholeFrontmatter(text: string): boolean {
  return WHOLE_FRONTMATTER.test(text);
}

export interface ReadSavedPostOptions {
  /** How many times to read again. */
  tries?: number;
  /** The pause before each read. */
  intervalMs?: number;
}

/**
 * The text of a post file as saved, given a first read of it (`firstRead`). A first read without a
 * whole frontmatter may have come between an in-place save's two steps: the file is read again a few
 * times (by default 5, 40 ms apart), and the first read with a whole frontmatter is returned. A file
 * that stays without one (a post really written so, or emptied) is returned as last read, so that its
 * problem is reported.
 */
export async function readSavedPost(path: string, firstRead: string, { tries = 5, intervalMs = 40 }: ReadSavedPostOptions = {}): Promise<string> {
  let text = firstRead;
  for (let i = 0; i < tries && !hasWholeFrontmatter(text); i++) {
    await sleep(intervalMs);
    try {
      text = await readFile(path, 'utf8');
    } catch {
      return text; // removed meanwhile: the watcher's unlink event tells the loader
    }
  }
  return text;
}

/** The part of Vite's file watcher that Astro's glob loader uses. */
export interface LoaderWatcher {
  add(paths: string | readonly string[]): unknown;
  on(event: string, listener: (path: string) => unknown): unknown;
  off?(event: string, listener: (path: string) => unknown): unknown;
}

const FILE_EVENTS = ['add', 'change', 'unlink'] as const;
type FileEvent = (typeof FILE_EVENTS)[number];

export interface SettledWatcherOptions {
  /** Whether a file is read again once its saving has settled (the posts); other files' events are only passed on in order. */
  settles: (path: string) => boolean;
  /**
   * How long after a file's last event it is compared with what was read: longer than the watcher's
   * 50 ms in which a second change is dropped.
   */
  settleMs?: number;
}

export interface SettledWatcher {
  /** The watcher to hand the glob loader: its listeners get each file's events one at a time. */
  watcher: LoaderWatcher;
  /** Notes the text the loader read of a file (an absolute path), to tell later whether the file has changed since. */
  noteRead(path: string, text: string): void;
  /** Stops passing events on, for a new load of the collection that has a watcher of its own. */
  close(): void;
}

/** A file's events still to pass on, and when the last one came. */
interface FileQueue {
  events: FileEvent[];
  lastEventAt: number;
}

/**
 * Wraps the dev server's watcher for the glob loader. The loader's `add`, `change` and `unlink`
 * listeners are called for one file at a time, each awaited before the next event of that file (a
 * change that comes while one is being read is read once more after it; several such are one read).
 * After a file's last event, once `settleMs` has passed, a file for which `settles` holds is read and
 * compared with what `noteRead` recorded: if it differs, the listeners get a change event for it.
 */
export function settledWatcher(real: LoaderWatcher, { settles, settleMs = 120 }: SettledWatcherOptions): SettledWatcher {
  const listeners = new Map<FileEvent, Array<(path: string) => unknown>>();
  const lastRead = new Map<string, string>();
  const queues = new Map<string, FileQueue>();
  const handlers = new Map<FileEvent, (path: string) => void>();
  let closed = false;

  const changedSinceRead = (path: string): boolean => {
    const read = lastRead.get(path);
    if (read === undefined) return false;
    try {
      return readFileSync(path, 'utf8') !== read;
    } catch {
      return false; // removed: the unlink event is on its way
    }
  };

  const drain = async (path: string, queue: FileQueue) => {
    while (!closed && queue.events.length > 0) {
      const event = queue.events.shift()!;
      await Promise.allSettled((listeners.get(event) ?? []).map(async (listener) => listener(path)));
      if (event === 'unlink' || queue.events.length > 0 || !settles(path)) continue;
      await sleep(queue.lastEventAt + settleMs - Date.now());
      if (queue.events.length === 0 && changedSinceRead(path)) queue.events.push('change');
    }
    queues.delete(path);
  };

  const handlerFor = (event: FileEvent) => (path: string) => {
    if (closed) return;
    const queue = queues.get(path) ?? { events: [], lastEventAt: 0 };
    queue.lastEventAt = Date.now();
    // A change waiting behind another change is one read of the file.
    if (!(event === 'change' && queue.events.at(-1) === 'change')) queue.events.push(event);
    if (!queues.has(path)) {
      queues.set(path, queue);
      void drain(path, queue);
    }
  };

  const watcher: LoaderWatcher = {
    add: (paths) => real.add(paths),
    on: (event, listener) => {
      if (!(FILE_EVENTS as readonly string[]).includes(event)) return real.on(event, listener);
      const fileEvent = event as FileEvent;
      listeners.set(fileEvent, [...(listeners.get(fileEvent) ?? []), listener]);
      if (!handlers.has(fileEvent)) {
        const handler = handlerFor(fileEvent);
        handlers.set(fileEvent, handler);
        real.on(fileEvent, handler);
      }
      return watcher;
    },
    off: (event, listener) => {
      const list = listeners.get(event as FileEvent);
      if (list) listeners.set(event as FileEvent, list.filter((l) => l !== listener));
      else real.off?.(event, listener);
      return watcher;
    },
  };

  return {
    watcher,
    noteRead: (path, text) => lastRead.set(path, text),
    close: () => {
      closed = true;
      for (const [event, handler] of handlers) real.off?.(event, handler);
      handlers.clear();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
