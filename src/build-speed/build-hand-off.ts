/**
 * Hands work from the pages to the integrations during `astro build`. The pages' `getStaticPaths` run
 * before any page renders; an integration that registered a receiver gets the work there and then
 * (share images to draw, posts to index for search) and does it beside page rendering, on the core
 * the build leaves idle. Outside a build nobody receives, and the pages do the work themselves (in
 * `astro dev`, share images are rendered on request).
 *
 * The pages and the integrations run in different module graphs of one process: the receivers live
 * on globalThis. That holds while Astro runs `getStaticPaths` in the build's own thread, which Astro
 * does not promise (tests/contract/astro-prerender-realm.test.ts checks the installed Astro). Pages
 * run anywhere else (a worker thread, another runtime) find no receiver and hand nothing over: the
 * receiving side can tell, because this file counts what each receiver got (handOffProblem).
 */
const KEY = Symbol.for('blog.buildHandOff');

interface HandOff {
  receiver: ((work: never) => void) | undefined;
  /** How many times work arrived since the receiver was registered. */
  received: number;
}
type HandOffs = Map<string, HandOff>;
const handOffs = (): HandOffs => ((globalThis as { [KEY]?: HandOffs })[KEY] ??= new Map());

/** What receives `name`'s work in this build, if anything does. */
export function receiverOf<W>(name: string): ((work: W) => void) | undefined {
  const handOff = handOffs().get(name);
  const receiver = handOff?.receiver as ((work: W) => void) | undefined;
  if (!handOff || !receiver) return undefined;
  return (work) => {
    handOff.received++;
    receiver(work);
  };
}

/**
 * Registers (or with `undefined`, removes) the receiver of `name`'s work. Registering starts a new
 * count of what arrives; removing keeps it, for a check at the end of the build (handOffProblem).
 */
export function receive<W>(name: string, receiver: ((work: W) => void) | undefined): void {
  const handOff = handOffs().get(name);
  if (receiver) handOffs().set(name, { receiver: receiver as (work: never) => void, received: 0 });
  else if (handOff) handOff.receiver = undefined;
}

/**
 * What is wrong when `rendered` pages of the route that hands over `name`'s work were made and a
 * receiver was registered for it, but no work arrived: the route ran where this process's receivers
 * are out of reach. Undefined when all is well, or when nothing was registered for `name`.
 */
export function handOffProblem(name: string, rendered: number): string | undefined {
  const handOff = handOffs().get(name);
  if (!handOff || rendered === 0 || handOff.received > 0) return undefined;
  return (
    `${rendered} post page${rendered === 1 ? ' was' : 's were'} rendered, but nothing was handed over to "${name}" (src/build-speed/build-hand-off.ts): ` +
    "Astro ran the pages' getStaticPaths where the build's integrations cannot be reached (another thread or runtime?). See tests/contract/astro-prerender-realm.test.ts."
  );
}
