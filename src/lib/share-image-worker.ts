/**
 * A worker thread that draws share images into the built site (see src/integrations/share-images.ts):
 * it receives `{ file, content, cacheDir }` and answers `{ file }`, or `{ file, error }`. Sent `'close'`,
 * it finishes what it has and exits.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { linkOrCopyFile } from './link-files.ts';
import { cachedShareImage, type ShareImageContent } from './share-image.ts';

export interface DrawRequest {
  file: string;
  content: ShareImageContent;
  cacheDir: string;
}

export interface DrawResult {
  file: string;
  error?: string;
}

/** Draws one image into its file: a link to the cached image (src/lib/link-files.ts). */
export async function draw({ file, content, cacheDir }: DrawRequest): Promise<void> {
  const cached = await cachedShareImage(content, cacheDir);
  // Synchronous, as in the cache: this thread does nothing else, and the thread pool is the pages'.
  mkdirSync(dirname(file), { recursive: true });
  // A file left there (a project that keeps dist/ between builds) is unlinked, never written into.
  rmSync(file, { force: true });
  linkOrCopyFile(cached.file, file);
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
      await draw(request);
      result = { file: request.file };
    } catch (error) {
      result = { file: request.file, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort!.postMessage(result);
  });
});
