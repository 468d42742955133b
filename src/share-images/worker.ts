/**
 * A worker thread that draws share images into the built site (see src/share-images/share-images-integration.ts),
 * in the site's theme (site-theme.ts):
 * it receives `{ file, content, cacheDir }` and answers `{ file }` (with `damaged` when the cached image
 * had changed since it was drawn, and was drawn again), or `{ file, error }`. Sent `'close'`, it
 * finishes what it has and exits.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { linkOrCopyFile } from '../build-speed/link-files.ts';
import { cachedShareImage } from './cache.ts';
import type { ShareImageContent } from './draw.ts';
import { siteShareImageTheme } from './site-theme.ts';

/** An image to draw: its file in the built site, what it shows, and the cache's folder. */
export interface DrawRequest {
  file: string;
  content: ShareImageContent;
  cacheDir: string;
}

/** What became of a DrawRequest. */
export interface DrawResult {
  file: string;
  /** How the cached image had changed, when it was drawn again for that. */
  damaged?: string;
  error?: string;
}

/**
 * Draws one image into its file: a link to the cached image (src/build-speed/link-files.ts). Says how the
 * cached image had changed, when it was drawn again for that.
 */
export async function draw({ file, content, cacheDir }: DrawRequest): Promise<{ damaged?: string }> {
  let damaged: string | undefined;
  const cached = await cachedShareImage(content, siteShareImageTheme(), cacheDir, (changes) => (damaged = changes));
  // Synchronous, as in the cache: this thread does nothing else, and the thread pool is the pages'.
  mkdirSync(dirname(file), { recursive: true });
  // A file left there (a project that keeps dist/ between builds) is unlinked, never written into.
  rmSync(file, { force: true });
  linkOrCopyFile(cached.file, file);
  return damaged === undefined ? {} : { damaged };
}

// One at a time, in order: the worker has one core to itself, and drawing is what takes it.
let chain = Promise.resolve();
parentPort?.on('message', (request: DrawRequest | 'close') => {
  if (request === 'close') {
    void chain.then(() => parentPort!.close());
    return;
  }
  chain = chain.then(async () => {
    let result: DrawResult;
    try {
      result = { file: request.file, ...(await draw(request)) };
    } catch (error) {
      result = { file: request.file, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort!.postMessage(result);
  });
});
