/**
 * A worker thread that renders posts' Markdown (see src/markdown/render-threads.ts): it builds the
 * same renderer as the main thread, from `workerData` (the processor's options and Astro's shared
 * Markdown settings), receives `{ id, content, options }` and answers `{ id, result }` or
 * `{ id, error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderRequest, RenderReply, WorkerSetup } from './render-threads.ts';
import { localMarkdown } from './processor.ts';

const { options, shared } = workerData as WorkerSetup;
const renderer = localMarkdown(options).createRenderer(shared);

parentPort!.on('message', async ({ id, content, fileURL, frontmatter }: RenderRequest) => {
  let reply: RenderReply;
  try {
    const result = await (await renderer).render(content, { ...(frontmatter ? { frontmatter } : {}), ...(fileURL ? { fileURL: new URL(fileURL) } : {}) });
    reply = { id, result };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    reply = { id, error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}), props: { ...(e as unknown as Record<string, unknown>) } } };
  }
  try {
    parentPort!.postMessage(reply);
  } catch (cloneError) {
    parentPort!.postMessage({ id, error: { message: `the rendered post could not be handed back: ${String(cloneError)}` } } satisfies RenderReply);
  }
});
