/**
 * Posts that cannot be published, as `astro dev` found them: file -> what is wrong. The content loader
 * records them (instead of stopping the dev server) and src/middleware.ts shows them on every page,
 * until the file is fixed or removed. Builds never get here: they stop at the first bad post.
 *
 * The loader and the pages run in different module graphs of one process, so the map lives on globalThis.
 */
const KEY = Symbol.for('blog.postProblems');
type Problems = Map<string, string>;

export function postProblems(): Problems {
  const g = globalThis as { [KEY]?: Problems };
  return (g[KEY] ??= new Map());
}
