#!/usr/bin/env node
// `node scripts/e2e-server.mjs --port N [--fixture NAME | --import KIND:PATH] [--link-cards FILE] [--build-niceness K]`:
// builds a temporary copy of the site and serves its dist/ with `astro preview` on 127.0.0.1:N, for
// the browser tests. Its posts are those of tests/fixtures/NAME (default: reader), with lists of 3
// posts a page so that a handful of posts paginate; or, with --import, a real blog imported by `npm
// run import`'s own code (scripts/import.ts's runImport, `--from KIND`; PATH relative to the project),
// with the site's own settings. With --build-niceness K the build runs at that scheduling niceness
// (`nice -n K`, its threads too) and the preview at the usual one: `npm test` builds the sites beside
// vitest at 19, so that they take only the time the tests leave (scripts/test-all.mjs).
//
// The copy is removed however this server ends: on SIGTERM or SIGINT it stops the preview and removes
// it; a failed import or build removes it and exits non-zero; and when it is killed outright (Playwright
// SIGKILLs a web server's process group unless the config asks for a graceful shutdown), a watcher
// outside its process group removes it (scripts/lib/remove-when-done.mjs).
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { removeWhenThisProcessEnds } from './lib/remove-when-done.mjs';
import { makeSiteCopy, projectRoot, testEnv } from './lib/temp-site.mjs';

const USAGE = 'usage: node scripts/e2e-server.mjs --port N [--fixture NAME | --import KIND:PATH] [--link-cards FILE] [--build-niceness K]';
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const port = arg('--port');
const imported = arg('--import');
const fixture = arg('--fixture', 'reader');
// A committed link-card store (src/content/link-cards.json) for the fixture's posts.
const linkCards = arg('--link-cards');
const buildNiceness = arg('--build-niceness');
const importMatch = imported === undefined ? undefined : /^([a-z]+):(.+)$/u.exec(imported);
if (!port || (imported !== undefined && !importMatch) || (buildNiceness !== undefined && !/^\d+$/u.test(buildNiceness))) {
  console.error(USAGE);
  process.exit(2);
}

/** @type {import('node:child_process').ChildProcess | undefined} */
let running;
let stopping = false;
/** @type {string | undefined} */
let copy;
/** Removes the copy and exits: what every way of ending comes to, once its child has stopped. */
const finish = (code) => {
  if (copy) rmSync(copy, { recursive: true, force: true, maxRetries: 5 });
  process.exit(code);
};
// A signal stops the build or the preview, whichever runs; the copy goes when it has exited (its
// files may be open until then). A signal before either starts ends here at once. The handlers come
// first: a signal that finds none ends the process on the spot.
const stop = (signal) => {
  stopping = true;
  if (running && running.exitCode === null && running.signalCode === null) running.kill(signal);
  else finish(0);
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGHUP', () => stop('SIGHUP'));

const site = makeSiteCopy('blog-e2e-');
copy = site.dir;
removeWhenThisProcessEnds(site.dir);
console.error(`e2e-server: site copy in ${site.dir}`);

/**
 * Runs the copy's astro with `args` (at `niceness`, when given) and resolves with its exit code (1 for
 * a signal). Asynchronous, so that a signal reaches the handlers above while it runs.
 * @param {string[]} args
 * @param {string} [niceness]
 */
function astro(args, niceness) {
  return new Promise((done) => {
    // `nice` replaces itself with astro: a signal to the child reaches astro.
    const [command, commandArgs] = niceness === undefined ? [site.astroBin, args] : ['nice', ['-n', niceness, site.astroBin, ...args]];
    running = spawn(command, commandArgs, { cwd: site.dir, env: testEnv(), stdio: 'inherit' });
    running.on('error', (error) => {
      console.error(`e2e-server: could not start astro ${args[0]}: ${error.message}`);
      done(1);
    });
    running.on('exit', (code) => done(code ?? 1));
  });
}

try {
  if (importMatch) {
    const [, kind, path] = importMatch;
    const { runImport } = await import('./import.ts');
    const source = resolve(projectRoot, path);
    const run = await runImport([source, '--from', kind, '--out', site.postsDir, '--report', join(site.dir, 'import-report.txt')], undefined, () => {});
    if (!run.result) throw new Error(`the import of ${source} did not run (exit ${run.code})`);
  } else {
    cpSync(join(projectRoot, 'tests', 'fixtures', fixture), site.postsDir, { recursive: true });
    // Small pages so that the lists paginate with a handful of posts.
    const config = join(site.dir, 'src', 'site.config.ts');
    writeFileSync(config, `${readFileSync(config, 'utf8')}\nObject.assign(site, { pageSize: 3 });\n`);
  }
  if (linkCards) cpSync(resolve(projectRoot, linkCards), join(site.dir, 'src', 'content', 'link-cards.json'));
} catch (error) {
  console.error(`e2e-server: ${error instanceof Error ? error.message : String(error)}`);
  finish(1);
}

const built = stopping ? 1 : await astro(['build'], buildNiceness);
if (stopping || built !== 0) finish(stopping ? 0 : built);
const served = await astro(['preview', '--host', '127.0.0.1', '--port', port]);
finish(stopping ? 0 : served);
