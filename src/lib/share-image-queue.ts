/**
 * In a build, posts' share images are not rendered as pages: the og.png route queues them here, and
 * src/integrations/share-images.ts draws them in a worker thread while the main thread renders the
 * pages. As pages they cost Astro's per-page work and a wait on the disk as well as the drawing (about
 * 3 s at 1,000 posts); in the worker they cost next to nothing, on the core the build leaves idle.
 *
 * The pages and the integration run in different module graphs of one process: the queue lives on
 * globalThis.
 */
import type { ShareImageContent } from './share-image.ts';

/** A share image to draw into the built site: its path under the output folder, e.g. `posts/a/og.png`. */
export interface ShareImageJob {
  path: string;
  content: ShareImageContent;
}

interface Queue {
  /** Jobs queued before anything took them. */
  waiting: ShareImageJob[];
  /** Who draws them (the integration), once it is ready. */
  taker?: ((job: ShareImageJob) => void) | undefined;
}

const KEY = Symbol.for('blog.shareImageQueue');
const queue = (): Queue => ((globalThis as { [KEY]?: Queue })[KEY] ??= { waiting: [] });

/** Queues a share image to be drawn into the built site. */
export function queueShareImage(job: ShareImageJob): void {
  const { taker } = queue();
  if (taker) taker(job);
  else queue().waiting.push(job);
}

/** Hands every queued image, now and later, to `taker`; `undefined` stops it. */
export function takeShareImages(taker: ((job: ShareImageJob) => void) | undefined): void {
  const q = queue();
  q.taker = taker;
  if (taker) for (const job of q.waiting.splice(0)) taker(job);
}
