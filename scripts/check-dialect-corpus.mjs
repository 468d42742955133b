#!/usr/bin/env node
// `node scripts/check-dialect-corpus.mjs [--keep] [zenn corpus] [qiita corpus]` (defaults
// ../shared/corpus/zenn-kaityo256 and ../shared/corpus/qiita-bicstone; --keep leaves the built copy of the
// site in /tmp for a look at its pages): converts real Zenn and Qiita posts
// into one temporary copy of the site, builds it, and checks that none of their dialect (`:::message`,
// `:::note`, `@[card](...)`, `$$` math, bare-URL cards) is left raw or mangled in any post page, feed
// item or summary. Also: every published post has its page and no draft has one, the feeds and sitemap
// are valid, template links resolve, and every post page passes html-validate. Prints counts
// per detector and corpus and the first offenders; exits 1 on any problem, 2 when a corpus is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { HtmlValidate } from 'html-validate';
import htmlValidateConfig from '../.htmlvalidate.mjs';
import { importCorpus, inlineCodeTexts, missingCodeFileNames, pageSummaries, scanHtml, scanText } from './lib/dialect-corpus.mjs';
import { checkFeed, checkLinks, checkSitemap, listFiles } from './lib/site-checks.mjs';
import { makeSiteCopy, projectRoot, testEnv } from './lib/temp-site.mjs';

const args = process.argv.slice(2);
const keep = args.includes('--keep');
const [zennDir, qiitaDir] = args.filter((a) => a !== '--keep');
const corpusRoot = join(projectRoot, '..', 'shared', 'corpus');
const corpora = [
  { name: 'zenn', kind: 'zenn', dir: resolve(zennDir ?? join(corpusRoot, 'zenn-kaityo256')) },
  { name: 'qiita', kind: 'qiita', dir: resolve(qiitaDir ?? join(corpusRoot, 'qiita-bicstone')) },
];
for (const corpus of corpora) {
  if (!existsSync(corpus.dir)) {
    console.error(`check-dialect-corpus: ${corpus.dir} not found`);
    process.exit(2);
  }
}
const SHOWN_PER_DETECTOR = 3;
const origin = 'https://blog.example.com';

const site = makeSiteCopy('blog-dialect-');
const problems = [];
/**
 * What the detectors found; `post` is the post (id) a page, feed item or summary belongs to, or the
 * page file for a page's own meta description.
 * @type {{ detector: string, corpus: string, place: 'page' | 'feed' | 'summary', post: string, where: string, snippet: string }[]}
 */
const findings = [];
const postIdOf = (href) => /\/posts\/(.+?)\/?$/u.exec(new URL(href, origin).pathname)?.[1];
const corpusOf = (id) => (id ? decodeURIComponent(id).split('/')[0] : undefined) ?? 'site';

try {
  const imported = [];
  for (const corpus of corpora) {
    const result = importCorpus(corpus, site.postsDir, join(site.dir, 'public'));
    console.log(`imported ${result.imported.length} posts (${result.imported.filter((p) => !p.published).length} drafts) from ${corpus.dir}`);
    imported.push(...result.imported);
    for (const failure of result.failed) problems.push(`import: ${failure}`);
  }

  const start = process.hrtime.bigint();
  const build = spawnSync(site.astroBin, ['build'], { cwd: site.dir, env: testEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const output = `${build.stdout}${build.stderr}`;
  if (build.status !== 0) {
    console.error(output.slice(-5000));
    throw new Error(`astro build failed (exit ${build.status})`);
  }
  const dist = join(site.dir, 'dist');
  const files = listFiles(dist);
  console.log(`built in ${seconds.toFixed(1)} s: ${files.filter((f) => f.endsWith('.html')).length} pages`);
  // The build's warnings about posts (`[images] <post>: ...`, Shiki's unknown languages), by area.
  const warnings = new Map();
  for (const line of output.split('\n')) {
    const area = /^\[([A-Za-z-]+)\] /u.exec(line)?.[1];
    if (area) warnings.set(area, [...(warnings.get(area) ?? []), line.trim()]);
  }
  for (const [area, lines] of warnings) {
    console.log(`build warnings [${area}]: ${lines.length}, e.g. ${lines[0]}`);
    // One thing wrong (an unknown code language, say) is said once per build, not once per block.
    const repeated = [...new Set(lines.filter((line, i) => lines.indexOf(line) !== i))];
    for (const line of repeated) problems.push(`the build says ${lines.filter((l) => l === line).length} times: ${line}`);
  }

  // Pages: every published post has one, no draft has one; each post's <article> is scanned.
  const pageOf = (id) => join(dist, 'posts', ...id.split('/'), 'index.html');
  /** Each post's inline code, which its summary keeps as text (see scanText). */
  const inlineCode = new Map();
  for (const post of imported) {
    const exists = existsSync(pageOf(post.id));
    if (post.published && !exists) problems.push(`no page for ${post.corpus}:${post.source} (expected /posts/${post.id}/)`);
    if (!post.published && exists) problems.push(`draft ${post.corpus}:${post.source} has a page`);
    if (!exists) continue;
    const html = readFileSync(pageOf(post.id), 'utf8');
    inlineCode.set(post.id, inlineCodeTexts(html));
    for (const f of [...scanHtml(html, { document: true, cards: true }), ...missingCodeFileNames(html, post.codeFileNames)]) {
      findings.push({ ...f, corpus: post.corpus, place: 'page', post: post.id, where: `posts/${post.id}/` });
    }
  }

  // Summaries: every page's meta descriptions, and the summary of each post a list shows.
  for (const file of files.filter((f) => f.endsWith('.html'))) {
    const ownId = /^posts\/(.+)\/index\.html$/u.exec(file)?.[1];
    for (const { href, text } of pageSummaries(readFileSync(join(dist, file), 'utf8'))) {
      const id = href ? postIdOf(href) : ownId;
      for (const f of scanText(text, { code: inlineCode.get(id) })) findings.push({ ...f, corpus: corpusOf(id), place: 'summary', post: id ?? file, where: file });
    }
  }

  // Feeds: each item's description (a summary) and content:encoded, once per post.
  const feeds = files.filter((f) => f.endsWith('rss.xml'));
  const xml = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'item' });
  const fedPosts = new Set();
  for (const feed of feeds) {
    const text = readFileSync(join(dist, feed), 'utf8');
    problems.push(...checkFeed(text, feed));
    for (const item of xml.parse(text).rss?.channel?.item ?? []) {
      const id = postIdOf(item.link);
      if (!id || fedPosts.has(id)) continue;
      fedPosts.add(id);
      const at = { corpus: corpusOf(id), post: id, where: feed };
      for (const f of scanText(String(item.description ?? ''), { code: inlineCode.get(id) })) findings.push({ ...f, ...at, place: 'summary' });
      for (const f of scanHtml(String(item['content:encoded'] ?? ''))) findings.push({ ...f, ...at, place: 'feed' });
    }
  }
  problems.push(...checkSitemap(dist, { origin }));
  problems.push(...checkLinks(dist, { origin, templatesOnly: true }));

  // html-validate on every post page (the lists and tag pages are the templates', which the built-site tests validate).
  const validator = new HtmlValidate(htmlValidateConfig);
  const validated = imported.filter((p) => p.published && existsSync(pageOf(p.id)));
  const validateStart = process.hrtime.bigint();
  for (const post of validated) {
    const report = await validator.validateString(readFileSync(pageOf(post.id), 'utf8'), `posts/${post.id}/index.html`);
    for (const result of report.results) {
      for (const m of result.messages) problems.push(`html-validate posts/${post.id}/:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
    }
  }
  const validateSeconds = Number(process.hrtime.bigint() - validateStart) / 1e9;

  const published = imported.filter((p) => p.published).length;
  console.log(
    `checked ${published} post pages, ${fedPosts.size} posts in ${feeds.length} feeds, the summaries of ${files.filter((f) => f.endsWith('.html')).length} pages, ` +
      `the sitemap, template links; html-validate on ${validated.length} post pages in ${validateSeconds.toFixed(1)} s`,
  );
} catch (e) {
  problems.push(String(e.stack ?? e.message ?? e));
} finally {
  if (keep) console.log(`the site is kept in ${site.dir}`);
  else rmSync(site.dir, { recursive: true, force: true });
}

// Counts: per detector, corpus and place (page / feed / summary), in posts: a post counts once per detector
// and place however often it shows the construct (its summary once for all the lists, metas and feeds).
const places = ['page', 'feed', 'summary'];
const byPost = new Map();
for (const f of findings) {
  const key = [f.detector, f.corpus, f.place, f.post].join('\0');
  if (!byPost.has(key)) byPost.set(key, f);
}
const counted = [...byPost.values()];
if (counted.length > 0) {
  const names = [...new Set(counted.map((f) => f.corpus))].sort();
  const detectors = [...new Set(counted.map((f) => f.detector))];
  const header = ['detector'.padEnd(18), ...names.flatMap((n) => places.map((p) => `${n} ${p}`.padStart(14)))].join('');
  console.log(`\nposts with raw or mangled dialect, by detector and where it shows:\n${header}`);
  for (const d of detectors) {
    const row = names.flatMap((n) => places.map((p) => String(counted.filter((f) => f.detector === d && f.corpus === n && f.place === p).length).padStart(14)));
    console.log([d.padEnd(18), ...row].join(''));
  }
  for (const d of detectors) {
    const these = counted.filter((f) => f.detector === d);
    console.log(`\n${d}: first of ${these.length}`);
    for (const f of these.slice(0, SHOWN_PER_DETECTOR)) console.log(`  ${f.place} ${f.where} (${decodeURIComponent(f.post)}): ${f.snippet.slice(0, 160)}`);
  }
  const posts = new Set(counted.map((f) => f.post)).size;
  problems.push(`raw or mangled Zenn/Qiita dialect in ${posts} posts (${counted.length} post, detector and place triples; see above)`);
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problems:\n- ${problems.slice(0, 50).join('\n- ')}`);
  process.exit(1);
}
console.log('dialect corpus check passed');
