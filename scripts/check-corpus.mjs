#!/usr/bin/env node
// `node scripts/check-corpus.mjs [jekyll _posts folder]` (default ../shared/corpus/efcl): imports a real
// Jekyll blog into a temporary copy of the site, builds it, and checks that every imported post has
// its page, the feeds and sitemap are valid, and no link our templates made is broken. Prints the
// build time and page count. Run by .ci/run where the corpus exists; the README's tests do not need it.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { read as readJekyll } from './import/jekyll.ts';
import { writePosts } from './import/write-posts.ts';
import { site as siteConfig } from '../src/site.config.ts';
import { redirectFile } from '../src/lib/redirects.ts';
import { checkFeed, checkLinks, checkSitemap, listFiles } from './lib/site-checks.mjs';
import { makeSiteCopy, projectRoot, userEnv } from './lib/temp-site.mjs';

const source = resolve(process.argv[2] ?? join(projectRoot, '..', 'shared', 'corpus', 'efcl'));
if (!existsSync(source)) {
  console.error(`check-corpus: ${source} not found`);
  process.exit(2);
}
const origin = 'https://blog.example.com';
const site = makeSiteCopy('blog-corpus-');
const problems = [];
try {
  const { posts } = writePosts(readJekyll(source, { timeZone: siteConfig.timeZone }), { out: site.postsDir, from: source });
  const imported = posts.filter((p) => p.status !== 'failed');
  console.log(`imported ${imported.length} posts from ${source} (${posts.filter((p) => p.status === 'needs attention').length} need attention)`);
  for (const f of posts.filter((p) => p.status === 'failed')) problems.push(`import: ${f.source}: ${f.reasons.join('; ')}`);

  const start = process.hrtime.bigint();
  const build = spawnSync(site.astroBin, ['build'], { cwd: site.dir, env: userEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const output = `${build.stdout}${build.stderr}`;
  const warnings = output.split('\n').filter((l) => /^\[(images|html)\]/.test(l));
  if (build.status !== 0) {
    console.error(output.slice(-5000));
    throw new Error(`astro build failed (exit ${build.status})`);
  }
  const dist = join(site.dir, 'dist');
  const files = listFiles(dist);
  const pages = files.filter((f) => f.endsWith('.html')).length;
  console.log(`built in ${seconds.toFixed(1)} s: ${pages} pages, ${files.length} files`);
  console.log(`${warnings.length} content warnings (missing images, removed embed scripts), e.g.:\n  ${warnings.slice(0, 3).join('\n  ')}`);

  const redirects = readFileSync(join(dist, '_redirects'), 'utf8');
  let oldUrls = 0;
  for (const post of imported) {
    const page = join(dist, 'posts', ...post.id.split('/'), 'index.html');
    if (!existsSync(page)) problems.push(`no page for ${post.source} (expected /posts/${post.id}/)`);
    // Every old URL of the Jekyll blog leads to the new page.
    const href = `/posts/${post.id.split('/').map(encodeURIComponent).join('/')}/`;
    for (const alias of post.aliases) {
      oldUrls++;
      const file = join(dist, redirectFile(alias));
      if (!existsSync(file) || !readFileSync(file, 'utf8').includes(`url=${href}"`)) problems.push(`old URL ${alias} of ${post.source} does not lead to ${href}`);
      const line = `${alias.split('/').map(encodeURIComponent).join('/')} ${href} 301`;
      if (!redirects.includes(line)) problems.push(`_redirects lacks "${line}"`);
    }
  }
  const feeds = files.filter((f) => f.endsWith('rss.xml'));
  for (const feed of feeds) problems.push(...checkFeed(readFileSync(join(dist, feed), 'utf8'), feed));
  problems.push(...checkSitemap(dist, { origin }));
  problems.push(...checkLinks(dist, { origin, templatesOnly: true }));
  const bodyLinks = checkLinks(dist, { origin }).length;
  console.log(`checked ${imported.length} post pages, ${oldUrls} old URLs, ${feeds.length} feeds, the sitemap and every template link`);
  console.log(`(links inside post bodies that point nowhere on this site, as the authors wrote them: ${bodyLinks})`);
} catch (e) {
  problems.push(String(e.message ?? e));
} finally {
  rmSync(site.dir, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problems:\n- ${problems.slice(0, 50).join('\n- ')}`);
  process.exit(1);
}
console.log('corpus check passed');
