/**
 * For `astro dev` (src/integrations/dev-posts.ts): fetches the cards that posts show and the store lacks, in the
 * background, so an author who pastes a URL sees its card without running `npm run cards`. One run at
 * a time; a request that comes while one runs starts one more run after it, never a pile of them.
 * Failures are not recorded: the next save tries again, and `npm run cards` records them. Builds never
 * call this.
 */
import { updateStore } from './update-store.ts';
import type { UpdateStoreOptions } from './update-store.ts';

let running: Promise<void> | undefined;
let wantedAgain: UpdateStoreOptions | undefined;

/**
 * Starts updating the store unless a run is going on, in which case one more run follows it. Returns
 * the promise of the run started or joined (tests await it; the dev server need not). Never rejects:
 * a store that cannot be read or written is reported through `options.log`.
 */
export function fetchMissingCardsInBackground(options: UpdateStoreOptions): Promise<void> {
  if (running) {
    wantedAgain = options;
    return running;
  }
  // Only the missing cards: refreshing, retrying, pruning and image sizes are the author's call, made
  // with the script.
  running = updateStore({ concurrency: 2, ...options, refresh: [], retryFailed: false, prune: false, recordFailures: false, images: false })
    .then(
      () => undefined,
      (error: unknown) => options.log?.(`link cards: ${(error as Error).message}`),
    )
    .finally(() => {
      running = undefined;
      const next = wantedAgain;
      wantedAgain = undefined;
      if (next) void fetchMissingCardsInBackground(next);
    });
  return running;
}
