import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { handOffProblem } from '../build-speed/build-hand-off.ts';
import { frontmatterBlock } from '../markdown/frontmatter.ts';
import { isPostFile, listPostFolder } from '../posts/post-files.ts';
import { SEARCH_PAGES } from '../search/search-pages.ts';

export interface RenderedPostsCheckOptions {
  /** The route of the post pages, as Astro writes its pattern. */
  postRoute?: string;
  /** The posts folder, from the project root. */
  postsDir?: string;
  /** What the post route hands over in a build (src/build-speed/build-hand-off.ts), which must arrive when posts are rendered. */
  handOffs?: readonly string[];
  /** The search index's folder in the output (Pagefind's), which must hold posts when posts are rendered; none by default. */
  searchIndex?: string;
}

/**
 * The last word of a build on its posts, at its end: it stops the build, naming the problem, when
 * - posts that are published exist on disk and no post page was rendered (the content store reached
 *   the pages empty: an Astro internal this project relies on has moved);
 * - post pages were rendered and the work their route hands over never arrived (the pages ran where
 *   the integrations cannot be reached), or the search index holds no post.
 * Such a build would otherwise end as a success with a blog of no posts, or without search.
 *
 * It costs nothing when all is well: the posts folder is read only when no post page was rendered.
 * Register it after the integrations whose output it checks (the search index), before the build
 * guard, so that a build it stops stays marked unfinished.
 */
export function renderedPostsCheck({
  postRoute = '/posts/[...slug]',
  postsDir = 'src/content/posts',
  handOffs = [SEARCH_PAGES],
  searchIndex,
}: RenderedPostsCheckOptions = {}): AstroIntegration {
  let root = '';
  let outDir = '';
  let building = false;
  return {
    name: 'rendered-posts-check',
    hooks: {
      'astro:config:setup': ({ command }) => {
        building = command === 'build';
      },
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
        outDir = fileURLToPath(config.outDir);
      },
      'astro:routes:resolved': ({ routes }) => {
        if (building && !routes.some((route) => route.pattern === postRoute)) {
          throw quietError(`rendered-posts-check: the site has no route ${postRoute} for its posts; set renderedPostsCheck's postRoute to the post pages' route.`);
        }
      },
      'astro:build:done': ({ assets }) => {
        const rendered = assets.get(postRoute)?.length ?? 0;
        const problem = renderedPostsProblem({ rendered, postsFolder: join(root, postsDir), root, handOffs, searchIndex: searchIndex && join(outDir, searchIndex) });
        if (problem) throw quietError(problem);
      },
    },
  };
}

/** What is wrong with a build's posts, from what it rendered and what is on disk; undefined when nothing is. */
export function renderedPostsProblem({
  rendered,
  postsFolder,
  root,
  handOffs,
  searchIndex,
}: {
  rendered: number;
  postsFolder: string;
  root: string;
  handOffs: readonly string[];
  searchIndex: string | undefined;
}): string | undefined {
  if (rendered === 0) {
    const published = firstPublishedPost(postsFolder);
    if (!published) return undefined; // no posts, or only drafts: a blog without posts is right
    return (
      `Published posts exist (${relative(root, published).split(sep).join('/')} and maybe others), but the build rendered no post page: ` +
      'the posts did not reach the pages. This is not a problem with the posts: an Astro internal this project relies on has likely moved ' +
      '(run the contract tests: npx vitest run tests/contract). The build is stopped so that a blog without posts is not published.'
    );
  }
  for (const name of handOffs) {
    const problem = handOffProblem(name, rendered);
    if (problem) return `${problem} The build is stopped so that a site without its ${name} is not published.`;
  }
  if (searchIndex) {
    const indexed = indexedPages(searchIndex);
    if (indexed === 0) {
      return `${rendered} post page${rendered === 1 ? ' was' : 's were'} rendered, but the search index in ${relative(root, searchIndex).split(sep).join('/')}/ holds no post. The build is stopped so that a site without search is not published.`;
    }
  }
  return undefined;
}

/**
 * How many pages the Pagefind index in `folder` holds: 0 without one; undefined when its entry file
 * is there but not laid out as Pagefind 1.x lays it out (then the check cannot tell, and leaves it to
 * tests/contract/pagefind-index.test.ts).
 */
export function indexedPages(folder: string): number | undefined {
  let entry: { languages?: Record<string, { page_count?: unknown }> };
  try {
    entry = JSON.parse(readFileSync(join(folder, 'pagefind-entry.json'), 'utf8')) as typeof entry;
  } catch {
    return 0;
  }
  const counts = Object.values(entry.languages ?? {}).map((language) => language?.page_count);
  if (counts.length === 0 || !counts.every((count) => typeof count === 'number')) return undefined;
  return (counts as number[]).reduce((sum, count) => sum + count, 0);
}

/** A post under `folder` whose frontmatter publishes it (`published: true`), if any: the first found. */
export function firstPublishedPost(folder: string): string | undefined {
  for (const name of listPostFolder(folder).sort()) {
    if (!isPostFile(name) || name.split(sep).some((part) => part.startsWith('.'))) continue;
    const file = join(folder, name);
    try {
      if (frontmatterOf(readFileSync(file, 'utf8'))?.published === true) return file;
    } catch {
      // a folder named like a post, or a file that cannot be read: not a published post
    }
  }
  return undefined;
}

/** The parsed frontmatter of a post's text (YAML between `---`, or TOML between `+++`). */
function frontmatterOf(text: string): Record<string, unknown> | undefined {
  const block = frontmatterBlock(text);
  if (!block) return undefined;
  try {
    const data: unknown = block.language === 'yaml' ? parseYaml(block.text) : parseToml(block.text);
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** An error Astro prints as its message alone: where in this file the build stopped helps no one. */
function quietError(message: string): Error {
  const error = new Error(message);
  error.stack = '';
  return error;
}
