/**
 * Hands work from the pages to the integrations during `astro build`. The pages' `getStaticPaths` run
 * before any page renders; an integration that registered a receiver gets the work there and then
 * (share images to draw, posts to index for search) and does it beside page rendering, on the core
 * the build leaves idle. Outside a build nobody receives, and the pages do the work themselves (in
 * `astro dev`, share images are rendered on request).
 *
 * The pages and the integrations run in different module graphs of one process: the receivers live
 * on globalThis.
 */
const KEY = Symbol.for('blog.buildHandOff');

type Receivers = Map<string, (work: never) => void>;
const receivers = (): Receivers => ((globalThis as { [KEY]?: Receivers })[KEY] ??= new Map());

/** What receives `name`'s work in this build, if anything does. */
export function receiverOf<W>(name: string): ((work: W) => void) | undefined {
  return receivers().get(name) as ((work: W) => void) | undefined;
}

/** Registers (or with `undefined`, removes) the receiver of `name`'s work. */
export function receive<W>(name: string, receiver: ((work: W) => void) | undefined): void {
  if (receiver) receivers().set(name, receiver as (work: never) => void);
  else receivers().delete(name);
}
