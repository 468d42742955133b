import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The module through which Astro's pages read the content store (Astro's own id, resolved). */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';

/**
 * Lets the pages read the content store (every post, rendered) from the file Astro has just written
 * instead of from a JavaScript module that carries the whole store as one string literal.
 *
 * Astro makes that module by reading the file, parsing it once to check it and escaping it into
 * code, which Vite then parses:
 * - in a build, its bundler also writes it into the page bundle (85 MB at 10,000 posts): that alone
 *   lifted a build's peak memory by 0.5-1 GB and took about 5 s of Vite's 6 s at 10,000 posts;
 * - in `astro dev`, it is made again after every save, once Astro has saved the store: about 0.7 s
 *   of the server's only thread at 1,000 posts (9 MB), during which a new post's page waited.
 * A module that reads the file when it runs gives the pages the same data.
 *
 * Only for static output (the bundle runs in the build, next to the file), and not when the store
 * is split into chunks (`experimental.collectionStorage`).
 */
export function contentStoreReadFromFile(): AstroIntegration {
  return {
    name: 'content-store-read-from-file',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig }) => {
        if ((command !== 'build' && command !== 'dev') || config.output !== 'static' || config.adapter) return;
        if (config.experimental.collectionStorage && config.experimental.collectionStorage !== 'single-file') return;
        // Where Astro keeps the store (astro/dist/content/paths.js): the dev server's in .astro/.
        const store = command === 'dev' ? new URL('.astro/data-store.json', config.root) : new URL('data-store.json', config.cacheDir);
        const file = fileURLToPath(store);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'content-store-read-from-file',
                apply: command === 'dev' ? 'serve' : 'build',
                load: {
                  order: 'pre', // before Astro's own loader of the same module
                  filter: { id: new RegExp(`^${escapeRegExp(CONTENT_STORE_MODULE)}$`, 'u') },
                  handler: () => contentStoreModule(file, command === 'dev' ? 'report' : 'stop'),
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
 * then stops the build (`stop`): Astro would otherwise take the failed import for an empty store,
 * and build a site without posts. The dev server (`report`) names the file and the error in the
 * terminal and fails the import, and keeps running: the next save writes the file again.
 */
export function contentStoreModule(file: string, onError: 'stop' | 'report' = 'stop'): { code: string; map: { mappings: string }; meta: Record<string, unknown> } {
  const code = existsSync(file)
    ? [
        `import { readFileSync } from 'node:fs';`,
        `let store;`,
        `try {`,
        `  store = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));`,
        `} catch (error) {`,
        `  console.error(${JSON.stringify(`The content store ${file} could not be read:`)}, error);`,
        onError === 'stop' ? `  process.exit(1);` : `  throw error;`,
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
