#!/usr/bin/env node
// `node scripts/e2e-server.mjs --port N [--fixture NAME] [--link-cards FILE]`: builds a temporary copy of the site with the
// posts of tests/fixtures/NAME (default: reader) and serves dist/ with `astro preview` on 127.0.0.1:N,
// for the browser tests. Stops (and removes the copy) on SIGTERM or SIGINT.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSiteCopy, projectRoot, userEnv } from './lib/temp-site.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const port = arg('--port');
const fixture = arg('--fixture', 'reader');
// A committed link-card store (src/content/link-cards.json) for the fixture's posts.
const linkCards = arg('--link-cards');
if (!port) {
  console.error('usage: node scripts/e2e-server.mjs --port N [--fixture NAME] [--link-cards FILE]');
  process.exit(2);
}

const site = makeSiteCopy('blog-e2e-');
cpSync(join(projectRoot, 'tests', 'fixtures', fixture), site.postsDir, { recursive: true });
if (linkCards) cpSync(join(projectRoot, linkCards), join(site.dir, 'src', 'content', 'link-cards.json'));
// Small pages so that the lists paginate with a handful of posts.
const config = join(site.dir, 'src', 'site.config.ts');
writeFileSync(config, `${readFileSync(config, 'utf8')}\nObject.assign(site, { pageSize: 3 });\n`);
const build = spawnSync(site.astroBin, ['build'], { cwd: site.dir, env: userEnv(), stdio: 'inherit' });
if (build.status !== 0) {
  rmSync(site.dir, { recursive: true, force: true });
  process.exit(build.status ?? 1);
}
const preview = spawn(site.astroBin, ['preview', '--host', '127.0.0.1', '--port', port], {
  cwd: site.dir,
  env: userEnv(),
  stdio: 'inherit',
});
const stop = () => preview.kill('SIGTERM');
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
preview.on('exit', (code) => {
  rmSync(site.dir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
