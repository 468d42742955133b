/**
 * Work handed from the pages to the integrations (src/build-speed/build-hand-off.ts), and what the receiving
 * side sees when the pages run where the receivers cannot be reached: here a worker thread, as Astro
 * would have it if it prerendered pages in threads.
 */
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { handOffProblem, receive, receiverOf } from '../../src/build-speed/build-hand-off.ts';

const HAND_OFF_URL = new URL('../../src/build-speed/build-hand-off.ts', import.meta.url).href;

/** Runs a route's hand-off in a worker thread: whether it found a receiver there. */
function handOverInAnotherThread(name: string): Promise<string> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    import(${JSON.stringify(HAND_OFF_URL)}).then(({ receiverOf }) => {
      const receiver = receiverOf(${JSON.stringify(name)});
      receiver?.(['a page']);
      parentPort.postMessage(receiver ? 'handed over' : 'no receiver');
    });`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true });
    worker.once('message', (message: string) => {
      resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

describe('the build hand-off', () => {
  it('gives the pages the receiver an integration registered, and counts what arrived', () => {
    const got: string[][] = [];
    receive<string[]>('test-same-thread', (work) => got.push(work));
    receiverOf<string[]>('test-same-thread')!(['a', 'b']);
    expect(got).toEqual([['a', 'b']]);
    receive('test-same-thread', undefined); // the integration is done with it
    expect(receiverOf('test-same-thread')).toBeUndefined();
    expect(handOffProblem('test-same-thread', 2)).toBeUndefined();
  });

  it('reaches no receiver from another thread, and the receiving side says so once posts were rendered', async () => {
    const got: unknown[] = [];
    receive('test-other-thread', (work) => got.push(work));
    expect(await handOverInAnotherThread('test-other-thread')).toBe('no receiver');
    receive('test-other-thread', undefined);
    expect(got).toEqual([]);
    const problem = handOffProblem('test-other-thread', 3);
    expect(problem).toContain('3 post pages were rendered, but nothing was handed over to "test-other-thread"');
    expect(problem).toContain('another thread or runtime');
    expect(handOffProblem('test-other-thread', 0)).toBeUndefined(); // nothing rendered: nothing owed
  });

  it('expects nothing of a hand-off no integration registered (a site without search)', () => {
    expect(handOffProblem('test-never-registered', 5)).toBeUndefined();
  });

  it('counts afresh in each build', () => {
    receive('test-rebuilt', () => undefined);
    receiverOf('test-rebuilt')!([]);
    receive('test-rebuilt', () => undefined); // the next build registers again
    expect(handOffProblem('test-rebuilt', 1)).toContain('nothing was handed over');
  });
});
