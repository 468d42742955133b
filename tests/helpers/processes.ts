/** Waiting on processes, for the tests of scripts/with-node.mjs. */

// Whether a process runs: the build lock's own check.
export { isRunning } from '../../src/project/process-running.ts';

/** Resolves once `check` holds, or fails naming `what` after `seconds`. */
export async function until(what: string, check: () => boolean, seconds: number): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
