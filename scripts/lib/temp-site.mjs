// Temporary copies of the site: the project's own code, a folder of posts of your choosing, and a
// node_modules folder of links to the project's packages (so that Astro's and Vite's caches, which
// live in node_modules/.astro and .vite, belong to the copy). Used by the built-site tests and the
// benchmark. Plain JavaScript so that scripts and tests can both import it.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const COPIED = ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json'];

/**
 * Makes a copy of the site in a new temporary folder, with an empty posts folder.
 * @param {string} [prefix] name prefix of the folder
 * @returns {{ dir: string, postsDir: string, astroBin: string }}
 */
export function makeSiteCopy(prefix = 'blog-site-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of COPIED) cpSync(join(projectRoot, entry), join(dir, entry), { recursive: true });
  const postsDir = join(dir, 'src', 'content', 'posts');
  rmSync(postsDir, { recursive: true, force: true });
  mkdirSync(postsDir, { recursive: true });
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(projectRoot, 'node_modules'))) {
    // Build caches belong to the copy, not the project.
    if (name === '.astro' || name === '.vite' || name === '.cache') continue;
    symlinkSync(join(projectRoot, 'node_modules', name), join(modules, name));
  }
  return { dir, postsDir, astroBin: join(modules, '.bin', 'astro') };
}

/**
 * The environment a user's shell would give astro: a test runner's own variables (NODE_ENV=test,
 * VITEST, ...) change how Astro and Vite behave, so they are left out; so is SHOW_DRAFTS, which the
 * runner's Vite copies into process.env from the drafts integration's `import.meta.env` define.
 * @returns {NodeJS.ProcessEnv}
 */
export function userEnv() {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(NODE_ENV|VITEST.*|TEST|MODE|BASE_URL|PROD|DEV|SSR|SHOW_DRAFTS)$/u.test(k)),
  );
  // A test's dev server never fetches link cards: this machine's tests reach no other host.
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', LINK_CARDS_OFFLINE: '1' };
}

/** Where the test tools keep their caches between runs: Node's compile cache, Playwright's transforms. */
export const TEST_CACHE_DIR = join(projectRoot, 'node_modules', '.cache', 'tests');

/**
 * userEnv() for the tests' and checks' builds, with Node's compile cache on. Astro's command turns it
 * on itself except when `CI` is set (a CI machine, it expects, builds once), but the suite starts Astro
 * some sixty times, each compiling the same modules of Astro, Vite and their packages again without it
 * (docs/performance.md). It is kept between runs on purpose, in the project's node_modules/.cache
 * (TEST_CACHE_DIR) rather than the system's temporary folder, where the tests leave nothing. The
 * benchmark leaves the choice to Astro, as the baseline's build does.
 * @returns {NodeJS.ProcessEnv}
 */
export function testEnv() {
  return { ...userEnv(), NODE_COMPILE_CACHE: join(TEST_CACHE_DIR, 'node-compile-cache') };
}

/**
 * A port on 127.0.0.1 that nothing listens on, for a dev or preview server of a copy: `port` when
 * given and free (rejects when it is taken), else one the system picks.
 * @param {number} [port]
 * @returns {Promise<number>}
 */
export function freePort(port = 0) {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}
