import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';
import { takeShareImages, type ShareImageJob } from '../lib/share-image-queue.ts';
import { shareImageCacheDir } from '../lib/share-image-response.ts';
import { settleShareImageCache } from '../lib/share-image.ts';
import { draw, type DrawRequest, type DrawResult } from '../lib/share-image-worker.ts';

/**
 * Posts' share images in a build: the og.png route queues them (src/lib/share-image-queue.ts) and a
 * worker thread draws them into the output folder while the main thread renders the pages; the build
 * waits for the last one when the pages are done. `astro dev` renders them on request instead.
 *
 * The worker runs src/lib/share-image-worker.ts as TypeScript, which needs Node's type stripping
 * (Node 22.18 and later); without it, the images are drawn on the main thread at the end.
 */
export function shareImagesInBuild(): AstroIntegration {
  let outDir = '';
  let pending = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const done: Promise<void>[] = [];
  let worker: { thread: Worker; exited: Promise<unknown> } | undefined;

  const request = (job: ShareImageJob): DrawRequest => ({ file: join(outDir, job.path), content: job.content, cacheDir: shareImageCacheDir() });

  return {
    name: 'share-images',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { 'import.meta.env.QUEUE_SHARE_IMAGES': JSON.stringify(command === 'build') } } });
      },
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:start': () => {
        pending = new Map();
        done.length = 0;
        if (!process.features.typescript) {
          // Drawn one after another on the main thread, when build:done waits for them.
          let chain = Promise.resolve();
          takeShareImages((job) => done.push((chain = chain.then(() => draw(request(job))))));
          return;
        }
        const w = new Worker(new URL('../lib/share-image-worker.ts', import.meta.url));
        worker = { thread: w, exited: new Promise((resolve) => w.once('exit', resolve)) };
        w.on('message', ({ file, error }: DrawResult) => {
          const waiter = pending.get(file);
          pending.delete(file);
          if (error) waiter?.reject(new Error(`share image ${file}: ${error}`));
          else waiter?.resolve();
        });
        w.on('error', (error) => {
          for (const waiter of pending.values()) waiter.reject(error);
          pending.clear();
        });
        takeShareImages((job) => {
          const message = request(job);
          done.push(new Promise<void>((resolve, reject) => pending.set(message.file, { resolve, reject })));
          w.postMessage(message);
        });
      },
      'astro:build:done': async ({ logger }) => {
        takeShareImages(undefined);
        const w = worker;
        worker = undefined;
        try {
          await Promise.all(done);
          logger.info(`drew ${done.length} share images`);
        } finally {
          // The worker finishes its cache writes, then exits by itself.
          w?.thread.postMessage('close');
          await w?.exited;
          await settleShareImageCache();
        }
      },
    },
  };
}
