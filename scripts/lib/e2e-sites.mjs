/**
 * The browser tests' three sites, as the arguments of scripts/e2e-servers.mjs (a set of
 * scripts/e2e-server.mjs arguments for each, after a `--`): the reader's site (tests/fixtures/reader),
 * Zenn, Qiita and GitHub Markdown with their link cards (tests/fixtures/dialect), and the fixed site the
 * screenshot tests photograph (tests/fixtures/screens). playwright.config.ts starts them when
 * Playwright runs alone; `npm test` (scripts/test-all.mjs) starts them itself, beside vitest.
 *
 * Their ports are in the environment, so that Playwright's workers, which load the config again, find
 * the same ones.
 */

/** The environment variables that hold the three sites' ports. */
export const E2E_PORT_VARIABLES = /** @type {const} */ (['E2E_PORT', 'E2E_DIALECT_PORT', 'E2E_SCREENS_PORT']);

/** What scripts/e2e-servers.mjs prints once every site answers. */
export const E2E_SERVERS_READY = 'e2e servers ready';

/**
 * The arguments of scripts/e2e-servers.mjs for the three sites on `ports` (in the order of
 * E2E_PORT_VARIABLES), each build at `buildNiceness` when given.
 * @param {readonly (string | number)[]} ports
 * @param {number} [buildNiceness]
 * @returns {string[]}
 */
export function e2eServersArgs([port, dialectPort, screensPort], buildNiceness) {
  const nice = buildNiceness === undefined ? [] : ['--build-niceness', String(buildNiceness)];
  return [
    ...['--', '--port', String(port), ...nice],
    ...['--', '--port', String(dialectPort), '--fixture', 'dialect', '--link-cards', 'tests/fixtures/link-cards/link-cards.json', ...nice],
    ...['--', '--port', String(screensPort), '--fixture', 'screens', ...nice],
  ];
}
