import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AstroConfig, AstroIntegration, AstroIntegrationLogger } from 'astro';

/** The module through which Astro's pages read the content store (Astro's own id, resolved). */
export const CONTENT_STORE_MODULE = '\0astro:data-layer-content';

/**
 * Lets the pages read the content store (every post, rendered) from the file Astro has just written
 * instead of from a JavaScript module that carries the whole store as one string literal.
 *
 * Astro makes that module by reading the file, parsing it once to check it and escaping it into
 * code, which Vite then parses:
 * - in a build, its bundler also writes it into the page bundle (every post, rendered): that alone
 *   lifted a large site's peak memory and took most of Vite's time;
 * - in `astro dev`, it is made again after every save, once Astro has saved the store, on the
 *   server's only thread, while a new post's page waited.
 * (Figures in docs/performance.md.)
 * A module that reads the file when it runs gives the pages the same data.
 *
 * Only for static output (the bundle runs in the build, next to the file), and not when the store
 * is split into chunks (`experimental.collectionStorage`).
 *
 * The module's id and the file's place are Astro's internals (tests/contract/astro-content-store.test.ts
 * checks them against the installed Astro). Should Astro move the file, no file is where this looks:
 * Astro's own module is used (slower, but the same posts), and a build says so. Should a file from an
 * older Astro be left there, the store names another Astro version than the one running, and the
 * build stops naming it rather than publish old posts.
 */
export function contentStoreReadFromFile(): AstroIntegration {
  let logger: AstroIntegrationLogger | undefined;
  let warned = false;
  return {
    name: 'content-store-read-from-file',
    hooks: {
      'astro:config:setup': ({ config, command, updateConfig, logger: integrationLogger }) => {
        logger = integrationLogger;
        if ((command !== 'build' && command !== 'dev') || config.output !== 'static' || config.adapter) return;
        if (config.experimental.collectionStorage && config.experimental.collectionStorage !== 'single-file') return;
        const file = contentStoreFile(config, command);
        const onError = command === 'dev' ? 'report' : 'stop';
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'content-store-read-from-file',
                apply: command === 'dev' ? 'serve' : 'build',
                load: {
                  order: 'pre', // before Astro's own loader of the same module
                  filter: { id: new RegExp(`^${escapeRegExp(CONTENT_STORE_MODULE)}$`, 'u') },
                  handler: () => {
                    const module = contentStoreModule(file, onError);
                    // Before the dev server's first save there may be no file yet: Astro's module serves.
                    if (!module && command === 'build' && !warned) {
                      warned = true;
                      logger?.warn(movedStoreMessage(file));
                    }
                    return module;
                  },
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
 * Where Astro keeps the content store (astro/dist/content/paths.js, getDataStoreFile): a build's in
 * the cache folder, the dev server's in .astro/.
 */
export function contentStoreFile(config: Pick<AstroConfig, 'root' | 'cacheDir'>, command: 'build' | 'dev'): string {
  return fileURLToPath(command === 'dev' ? new URL('.astro/data-store.json', config.root) : new URL('data-store.json', config.cacheDir));
}

/** The warning of a build whose content store is not where Astro 7.3 keeps it. */
function movedStoreMessage(file: string): string {
  return (
    `Astro's content store is not at ${file}, where this project reads it: Astro's own module is used instead (builds take more memory and time). ` +
    'If the installed Astro keeps it elsewhere, update contentStoreFile in src/build-speed/content-store.ts (see tests/contract/astro-content-store.test.ts).'
  );
}

/** The installed Astro's version, which Astro records in the store it writes. */
function installedAstroVersion(): string {
  return (createRequire(import.meta.url)('astro/package.json') as { version: string }).version;
}

/**
 * The Astro version a parsed store file records (Astro's content layer sets `astro-version` in its
 * `meta::meta` collection; the file is devalue's flat form of a Map of Maps: a list whose first item
 * is the root, whose other items are the values it points to by index). Kept as source text: it runs
 * inside the module below, in the page bundle.
 */
const STORE_ASTRO_VERSION = `function storeAstroVersion(data) {
  const at = (i) => (Array.isArray(data) && Number.isInteger(i) ? data[i] : undefined);
  const entry = (map, key) => {
    if (!Array.isArray(map) || map[0] !== 'Map') return undefined;
    for (let i = 1; i + 1 < map.length; i += 2) if (at(map[i]) === key) return at(map[i + 1]);
    return undefined;
  };
  const version = entry(entry(Array.isArray(data) ? data[0] : undefined, 'meta::meta'), 'astro-version');
  return typeof version === 'string' ? version : undefined;
}`;

/**
 * The content store module's code: the store file parsed when a page first asks for a post, checked
 * to be the running Astro's. Without the file, nothing (undefined): Astro's own loader then serves the
 * module, from wherever it keeps the store (or an empty store, in a site without collections).
 *
 * A file that cannot be read, or that another Astro version wrote, then stops the build (`stop`):
 * Astro would otherwise take the failed import for an empty store and build a site without posts,
 * or the pages would show the posts of an older build. The dev server (`report`) names the file and
 * the error in the terminal and fails the import, and keeps running: the next save writes the file
 * again.
 */
export function contentStoreModule(
  file: string,
  onError: 'stop' | 'report' = 'stop',
  astroVersion = installedAstroVersion(),
): { code: string; map: { mappings: string }; meta: Record<string, unknown> } | undefined {
  if (!existsSync(file)) return undefined;
  const fail = (message: string, error: string) =>
    onError === 'stop' ? `console.error(${JSON.stringify(message)}, ${error}); process.exit(1);` : `console.error(${JSON.stringify(message)}, ${error}); throw ${error};`;
  const code = [
    `import { readFileSync } from 'node:fs';`,
    STORE_ASTRO_VERSION,
    `let store;`,
    `try {`,
    `  store = JSON.parse(readFileSync(${JSON.stringify(file)}, 'utf8'));`,
    `} catch (error) {`,
    `  ${fail(`The content store ${file} could not be read:`, 'error')}`,
    `}`,
    `const written = storeAstroVersion(store);`,
    `if (written !== ${JSON.stringify(astroVersion)}) {`,
    `  const error = new Error(${JSON.stringify(`the store records Astro `)} + (written ?? 'no version') + ${JSON.stringify(
      `, this build runs Astro ${astroVersion}: it is not the store this build made. If the installed Astro keeps its store elsewhere, update contentStoreFile in src/build-speed/content-store.ts (see tests/contract/astro-content-store.test.ts).`,
    )});`,
    `  ${fail(`The content store ${file} is not this build's:`, 'error')}`,
    `}`,
    `export default store;`,
  ].join('\n');
  // Astro's mark for this module, so that its incremental builds do not count it as page code.
  return { code, map: { mappings: '' }, meta: { astroIncremental: { kind: 'content-data' } } };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
}
