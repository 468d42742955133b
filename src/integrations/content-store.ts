import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The module through which Astro's pages read the content store (Astro's own id, resolved). */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';

/**
 * Lets a static build's pages read the content store (every post, rendered) from the file Astro has
 * just written, node_modules/.astro/data-store.json, instead of from a copy inside the bundle.
 *
 * Astro puts the whole store into its page bundle as one string literal: it parses the file once to
 * check it, escapes it into a JavaScript module, and Vite's bundler parses and writes that module
 * (85 MB at 10,000 posts). That step alone lifts a build's peak memory by 0.5-1 GB and takes about
 * 5 s of Vite's 6 s at 10,000 posts. Reading the file when the pages load gives them the same data.
 *
 * Only for static output, where the bundle runs once, in the build, next to the file; not in
 * `astro dev`, and not when the store is split into chunks (`experimental.collectionStorage`).
 */
export function contentStoreReadAtBuild(): AstroIntegration {
  return {
    name: 'content-store-read-at-build',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if (command !== 'build' || config.output !== 'static' || config.adapter) return;
        if (config.experimental.collectionStorage && config.experimental.collectionStorage !== 'single-file') return;
        const file = fileURLToPath(new URL('data-store.json', config.cacheDir));
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'content-store-read-at-build',
                apply: 'build',
                load: {
                  order: 'pre', // before Astro's own loader of the same module
                  filter: { id: new RegExp(`^${escapeRegExp(CONTENT_STORE_MODULE)}$`, 'u') },
                  handler: () => contentStoreModule(file),
                },
              },
            ],
          },
        });
      },
    },
  };
}

/**
 * The content store module's code: the store file parsed when a page first asks for a post. Without
 * the file (a site without collections), an empty store, as Astro does. A file that cannot be read
 * then stops the build: Astro would otherwise take the failed import for an empty store, and build
 * a site without posts.
 */
export function contentStoreModule(file: string): { code: string; map: { mappings: string }; meta: Record<string, unknown> } {
  const code = existsSync(file)
    ? [
        `import { readFileSync } from 'node:fs';`,
        `let store;`,
        `try {`,
        `  store = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));`,
        `} catch (error) {`,
        `  console.error(${JSON.stringify(`The content store ${file} could not be read:`)}, error);`,
        `  process.exit(1);`,
        `}`,
        `export default store;`,
      ].join('\n')
    : 'export default new Map();';
  // Astro's mark for this module, so that its incremental builds do not count it as page code.
  return { code, map: { mappings: '' }, meta: { astroIncremental: { kind: 'content-data' } } };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
