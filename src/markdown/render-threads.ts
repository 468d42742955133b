/**
 * Renders posts' Markdown in a worker thread as well as on the main thread while content syncs.
 * Rendering (Sätteri, shiki and the plugins of src/markdown/) is most of a cold content sync, which
 * ran on one thread while the second core sat mostly idle; with a worker beside it the sync is shorter
 * (figures in docs/performance.md). The main thread's own share of the sync (reading, parsing, validating
 * and storing posts) is smaller, so it renders too, whenever the worker has enough queued.
 *
 * The worker builds the same renderer from the same modules (src/markdown/render-worker.ts): only
 * the Markdown, the post's frontmatter and file URL, and the rendered result cross between threads.
 * It is started when posts come to render in a burst (content sync at the start of a build or of
 * `astro dev`), not for the one post saved in `astro dev`, which the main thread renders at once; it
 * exits when it has been idle for a while. Where no worker can be used (one core, a Node without
 * TypeScript type stripping, settings that cannot be handed to a thread) the main thread renders.
 *
 * The worker rebuilds the renderer from Astro's Markdown settings as @astrojs/markdown-satteri 0.4.2
 * reads them (tests/contract/markdown-satteri-settings.test.ts): shiki's theme and transformers are
 * set again in the worker, everything else is copied. So that no other version's settings can make
 * the worker render differently, the settings must arrive in the thread unchanged, and a worker's
 * first job is a sample post that both threads render: unless the two agree, no post rendered in
 * that worker is used, the main thread renders every post, and a warning says why.
 */
import { availableParallelism } from 'node:os';
import { isDeepStrictEqual } from 'node:util';
import { Worker } from 'node:worker_threads';

type RenderOptions = { frontmatter?: Record<string, unknown>; fileURL?: URL };
type Renderer<Result> = { render: (content: string, options?: RenderOptions) => Promise<Result> };

/** What the worker builds its renderer from: the processor's options, and Astro's Markdown settings. */
export interface WorkerSetup {
  options: { base: string };
  shared: Record<string, unknown>;
}
export interface RenderRequest {
  id: number;
  content: string;
  fileURL?: string;
  frontmatter?: Record<string, unknown>;
}
export type RenderReply =
  | { id: number; result: unknown; error?: undefined }
  | { id: number; error: { message: string; stack?: string; props?: Record<string, unknown> }; result?: undefined };

/** Renders asked for within one second that start the worker. */
const BURST = 16;
/** Renders queued in the worker beyond which the main thread renders the next post itself. */
const WORKER_QUEUE = 8;
/** A worker without work for this long exits. */
const IDLE_MS = 2000;

interface WorkerRenderer {
  /** Renders in the worker, when it is running or a burst of renders starts it; else undefined. */
  render: (content: string, options?: RenderOptions) => Promise<unknown> | undefined;
}

/** The worker of each setup in use: renderers of one setup share it. */
const workers = new Map<string, WorkerRenderer>();

/**
 * The sample post a new worker renders first, which the main thread renders too: code (shiki's
 * settings), GFM's table, footnote and strikethrough, typographic quotes, a heading's id, a remote
 * image (the image settings) and Japanese line joins.
 */
export const SAMPLE_POST = [
  '## 見出し "quoted" -- text',
  '',
  '日本語の',
  '文章と脚注[^1]、~~取り消し~~。',
  '',
  '| a | b |',
  '| --- | --- |',
  '| 1 | 2 |',
  '',
  '```ts title="a.ts" {2}',
  'const a = 1;',
  'const b = a + 1;',
  '```',
  '',
  '![image](https://example.com/a.png)',
  '',
  '[^1]: 脚注。',
  '',
].join('\n');

const warned = new Set<string>();
/** Says once per process why posts are rendered on the main thread only. */
function warnOnce(reason: string): void {
  if (warned.has(reason)) return;
  warned.add(reason);
  console.warn(`[markdown] posts are rendered on the main thread only (slower content sync): ${reason}`);
}

/**
 * Why Astro's Markdown settings (and the processor's options) in `setup` cannot be handed to a worker
 * thread as they are, if they cannot: a value a thread cannot receive (a function), or one that would
 * arrive changed (a class instance arrives as a plain object).
 */
export function settingsProblem(setup: WorkerSetup): string | undefined {
  let copy: WorkerSetup;
  try {
    copy = structuredClone(setup);
  } catch (error) {
    return `the Markdown settings hold a value a worker thread cannot receive (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isDeepStrictEqual(copy, setup)) return 'the Markdown settings hold a value that would reach a worker thread changed (an instance of a class)';
  return undefined;
}

/**
 * A renderer that renders in a worker thread where that helps, else with `local`, whose settings the
 * worker's renderer is built from (`setup`). Renderers made with the same setup share one worker
 * (Astro's glob loader may make a renderer for each post it starts before the first is ready).
 */
export function renderInWorker<Result, R extends Renderer<Result>>(local: R, setup: WorkerSetup): R {
  if (availableParallelism() < 2 || !process.features.typescript) return local;
  const problem = settingsProblem(setup);
  if (problem) {
    warnOnce(problem);
    return local;
  }
  const key = JSON.stringify(setup);
  let inWorker = workers.get(key);
  if (!inWorker) workers.set(key, (inWorker = workerRenderer(setup, () => local.render(SAMPLE_POST))));
  const { render } = inWorker;
  // A post the worker could not render (or a worker that stopped) is rendered here: a post's own
  // error is then thrown as the main thread throws it, and a broken worker costs time, not the build.
  const rendered = (content: string, options?: RenderOptions) =>
    (render(content, options) as Promise<Result> | undefined)?.catch(() => local.render(content, options)) ?? local.render(content, options);
  return { ...local, render: rendered as R['render'] };
}

/** Test hooks: how many renders the workers answered, how many of those were used, and how many workers are running. */
let answered = 0;
let used = 0;
let running = 0;
export const workerRenders = (): number => answered;
export const usedWorkerRenders = (): number => used;
export const runningWorkers = (): number => running;

/**
 * The worker of one setup. `sample` renders SAMPLE_POST on the main thread: a started worker's
 * renders count only once its own rendering of it has come out the same.
 */
function workerRenderer(setup: WorkerSetup, sample: () => Promise<unknown>): WorkerRenderer {
  let worker: Worker | undefined;
  /** Whether the running worker renders as the main thread does (settles once, when it started). */
  let agrees: Promise<boolean> = Promise.resolve(false);
  let idle: NodeJS.Timeout | undefined;
  let next = 0;
  let burst = { start: 0, count: 0 };
  /** Set when a worker stopped by itself: no other is started for this setup. */
  let broken = false;
  const waiting = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();

  const start = (): Worker => {
    const w = new Worker(new URL('./render-worker.ts', import.meta.url), { workerData: setup });
    w.unref(); // only a render under way keeps the process alive (see render)
    running++;
    w.once('exit', () => running--);
    w.on('message', (reply: RenderReply) => {
      const waiter = waiting.get(reply.id);
      waiting.delete(reply.id);
      answered++;
      if (reply.error) {
        const { message, stack, props } = reply.error;
        waiter?.reject(Object.assign(new Error(message), props, stack ? { stack } : {}));
      } else waiter?.resolve(reply.result);
      if (waiting.size === 0) idleFor(w);
    });
    // A worker that fails fails what it was rendering (which the main thread then renders); one
    // stopped when idle had nothing left.
    const fail = (error: Error) => {
      if (worker !== w) return;
      worker = undefined;
      broken = true;
      for (const waiter of waiting.values()) waiter.reject(error);
      waiting.clear();
    };
    w.on('error', fail);
    w.on('exit', (code) => fail(new Error(`the Markdown worker stopped (exit code ${code})`)));
    agrees = sameAsMainThread(w);
    return w;
  };
  /** Has `w` render the sample post first, and compares it with the main thread's rendering. */
  const sameAsMainThread = async (w: Worker): Promise<boolean> => {
    const id = next++;
    const inWorker = new Promise<unknown>((resolve, reject) => waiting.set(id, { resolve, reject }));
    w.postMessage({ id, content: SAMPLE_POST } satisfies RenderRequest);
    const [there, here] = await Promise.allSettled([inWorker, sample()]);
    if (there.status === 'fulfilled' && here.status === 'fulfilled' && isDeepStrictEqual(there.value, structuredClone(here.value))) return true;
    broken = true; // no other worker for this setup: it would render the same
    if (worker === w) {
      worker = undefined;
      waiting.clear(); // their posts are rendered on the main thread
      void w.terminate();
    }
    if (there.status === 'rejected') warnOnce(`the Markdown worker could not render (${String(there.reason)})`);
    else if (here.status === 'rejected') warnOnce(`a sample post could not be rendered to check the Markdown worker (${String(here.reason)})`);
    else warnOnce('the Markdown worker renders a sample post differently from the main thread: the settings it was given are not the ones the main thread renders with (see src/markdown/render-threads.ts)');
    return false;
  };
  /** Lets the process exit without `w`, and stops it after a while without work. */
  const idleFor = (w: Worker) => {
    w.unref();
    clearTimeout(idle);
    idle = setTimeout(stop, IDLE_MS).unref();
  };
  const stop = () => {
    if (waiting.size > 0 || !worker) return;
    const w = worker;
    worker = undefined;
    void w.terminate();
  };

  const render = (content: string, options?: RenderOptions): Promise<unknown> | undefined => {
    const now = performance.now();
    if (now - burst.start > 1000) burst = { start: now, count: 0 };
    burst.count++;
    if (broken || (!worker && burst.count < BURST)) return undefined;
    // The main thread renders too once the worker has enough queued to stay busy meanwhile: its own
    // share of content sync (reading, parsing and storing posts) is smaller than rendering.
    if (waiting.size >= WORKER_QUEUE) return undefined;
    clearTimeout(idle);
    const w = (worker ??= start());
    const id = next++;
    const request: RenderRequest = {
      id,
      content,
      ...(options?.fileURL ? { fileURL: options.fileURL.href } : {}),
      ...(options?.frontmatter ? { frontmatter: options.frontmatter } : {}),
    };
    try {
      w.postMessage(request);
    } catch {
      if (waiting.size === 0) idleFor(w);
      return undefined; // frontmatter that cannot be handed to a thread: the main thread renders it
    }
    if (waiting.size === 0) w.ref(); // a render under way keeps the process alive
    const reply = new Promise((resolve, reject) => waiting.set(id, { resolve, reject }));
    reply.catch(() => undefined); // a reply dropped below never ends the process as unhandled
    // Until the sample agrees, and unless it does, the main thread renders the post (renderInWorker).
    return agrees.then((same) => (same ? reply.then((result) => (used++, result)) : Promise.reject(new Error('the Markdown worker is not used'))));
  };
  return { render };
}
