import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { receive } from '../build-speed/build-hand-off.ts';
import { SHARE_IMAGES, shareImageCacheDir, type ShareImageJob } from './response.ts';
import { draw, type DrawRequest, type DrawResult } from './worker.ts';

/**
 * Posts' share images in a build: the og.png route hands them over (src/build-speed/build-hand-off.ts) instead
 * of rendering them as pages, and a worker thread draws them into the output folder while the main
 * thread renders the pages; the build waits for the last one when the pages are done. As pages they
 * cost Astro's per-page work and a wait on the disk as well as the drawing (docs/performance.md).
 * `astro dev` renders them on request instead.
 *
 * Each image is linked from the cache (src/share-images/cache.ts), which draws again one that
 * changed since it was drawn; the build names those in one warning at the end.
 *
 * The worker runs src/share-images/worker.ts as TypeScript, which needs Node's type stripping
 * (Node 22.18 and later); without it, the images are drawn on the main thread at the end.
 */
export function shareImagesInBuild(): AstroIntegration {
  let outDir = '';
  let pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const done: Promise<void>[] = [];
  /** Files handed over in this build: the route's paths may be asked for more than once. */
  const owed = new Set<string>();
  /** Images whose cached file had changed since it was drawn, with how: drawn again. */
  const damaged: string[] = [];
  const noteDamage = (file: string, changes: string | undefined) => {
    if (changes !== undefined) damaged.push(`${relative(outDir, file).split(sep).join('/')} (${changes})`);
  };
  let worker: { thread: Worker; exited: Promise<unknown> } | undefined;

  /** Keeps `drawing` for build:done to wait for; a failure is reported there, not as an unhandled rejection. */
  const owe = (drawing: Promise<void>) => {
    drawing.catch(() => undefined);
    done.push(drawing);
  };
  const fresh = (jobs: ShareImageJob[]) => jobs.filter((job) => !owed.has(job.path) && owed.add(job.path));
  const request = (job: ShareImageJob): DrawRequest => ({ file: join(outDir, job.path), content: job.content, cacheDir: shareImageCacheDir() });

  return {
    name: 'share-images',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        pending = new Map();
        done.length = 0;
        owed.clear();
        damaged.length = 0;
        if (!process.features.typescript) {
          // Drawn one after another on the main thread, between pages.
          let chain = Promise.resolve();
          receive<ShareImageJob[]>(SHARE_IMAGES, (jobs) => {
            for (const job of fresh(jobs)) {
              const message = request(job);
              owe((chain = chain.then(async () => noteDamage(message.file, (await draw(message)).damaged))));
            }
          });
          return;
        }
        const w = new Worker(new URL('./worker.ts', import.meta.url));
        worker = { thread: w, exited: new Promise((resolve) => w.once('exit', resolve)) };
        w.on('message', ({ file, error, damaged: changes }: DrawResult) => {
          noteDamage(file, changes);
          const waiter = pending.get(file);
          pending.delete(file);
          if (error) waiter?.reject(new Error(`share image ${file}: ${error}`));
          else waiter?.resolve();
        });
        // A worker that fails (or exits) fails every image it still owes, and every one handed over later.
        let failure: Error | undefined;
        const failAll = (error: Error) => {
          failure ??= error;
          for (const waiter of pending.values()) waiter.reject(error);
          pending.clear();
        };
        w.on('error', failAll);
        w.on('exit', (code) => failAll(new Error(`the share-image worker stopped (exit code ${code})`)));
        receive<ShareImageJob[]>(SHARE_IMAGES, (jobs) => {
          for (const job of fresh(jobs)) {
            const message = request(job);
            if (failure) {
              owe(Promise.reject(failure));
              continue;
            }
            owe(new Promise<void>((resolve, reject) => pending.set(message.file, { resolve, reject })));
            w.postMessage(message);
          }
        });
      },
      'astro:build:done': async ({ logger }) => {
        receive(SHARE_IMAGES, undefined);
        const w = worker;
        worker = undefined;
        try {
          await Promise.all(done);
          logger.info(`drew ${done.length} share images`);
          if (damaged.length > 0) {
            const shown = damaged.slice(0, 5).join(', ') + (damaged.length > 5 ? ` and ${damaged.length - 5} more` : '');
            logger.warn(
              damaged.length === 1
                ? `a cached share image had changed since it was drawn, and was drawn again: ${shown}`
                : `${damaged.length} cached share images had changed since they were drawn, and were drawn again: ${shown}`,
            );
          }
        } finally {
          // The worker finishes what it has, then exits by itself.
          w?.thread.postMessage('close');
          await w?.exited;
        }
      },
    },
  };
}
