#!/usr/bin/env node
// `npm run check:corpus [-- name…]`: imports each real blog of ../shared/corpus (see its README) with
// `npm run import`'s own code (scripts/import.ts's runImport, with --from, --user and --out, no hand
// edit) into its own folder of one temporary copy of the site (posts/efcl/, posts/zenn/, …), builds that
// copy once, and checks what a blogger moving here would check:
//
// - every post of each source is imported, except the failures listed in EXPECTED_FAILURES (posts the
//   source itself has broken), and those fail naming the file and the value;
// - every post the source publishes has its page; no post that is a draft in its source has a page,
//   a feed item, a sitemap entry or an old URL leading to it. What the source publishes is read here
//   from the source files by each system's own rule, not taken from the importer;
// - every tag of the source (its tags, topics or categories, as the README's table says) is on its
//   post's page;
// - every old URL the import wrote leads to its post (a redirect page in dist and a `_redirects` line);
//   Zenn and Qiita posts lived on another site: they link back to it instead;
// - no raw platform syntax (`:::`, `@[`, `{%`, `{{<`, `+++`) outside code in any page (post bodies, list
//   summaries, meta descriptions) or feed item, but for the places listed in EXPECTED_SYNTAX, where
//   the author wrote it as text;
// - every image a post page shows that is not on the site is in the import report for that post;
// - summaries made from a post's body (meta description, list summary, feed description) read as the
//   body does: no block runs into the next (`必要なもの人とぶつからない…`), no white space after
//   full-width punctuation (`なくなり、 e-Tax`), and the inline code of the first paragraph is kept;
// - titles of sources that write them as HTML (Jekyll, Hexo, WordPress) show no literal entity
//   (`整理&#038;同時検索`) in the post's heading, `<title>`, lists or feeds;
// - feeds and the sitemap are valid and no link our templates made is broken (as before).
//
// Prints per-corpus counts and the first problems; exits 1 on any problem. Run by .ci/run.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { decodeHTML } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseHtml } from 'parse5';
import { parse as parseYaml } from 'yaml';
import { runImport } from './import.ts';
import { isWidePunctuation } from '../src/typesetting/east-asian-width.ts';
import { redirectFile } from '../src/blog/redirects.ts';
import { tagKey } from '../src/blog/tags.ts';
import { checkFeed, checkLinks, checkSitemap, listFiles } from './lib/site-checks.mjs';
import { makeSiteCopy, projectRoot, testEnv } from './lib/temp-site.mjs';

const corpusRoot = resolve(process.env.CORPUS_DIR ?? join(projectRoot, '..', 'shared', 'corpus'));
const origin = 'https://blog.example.com';

/**
 * The corpora: folder (under corpusRoot), the import's arguments besides --out, and how to read the
 * source's own truth (see `sourcePosts`). `linkBack`: posts first published elsewhere, whose old URL is a
 * link back rather than an alias. `htmlTitles`: the source's templates wrote titles as HTML, so an entity
 * in one was a character to its readers and must be one here.
 */
const CORPORA = [
  { name: 'efcl', path: 'efcl', kind: 'jekyll', args: ['--from', 'jekyll'], htmlTitles: true },
  { name: 'zenn', path: 'zenn-kaityo256', kind: 'zenn', args: ['--from', 'zenn', '--user', 'kaityo256'], linkBack: 'https://zenn.dev/kaityo256/articles/' },
  { name: 'qiita', path: 'qiita-bicstone', kind: 'qiita', args: ['--from', 'qiita'], linkBack: 'https://qiita.com/' },
  { name: 'hexo', path: 'hexo-nekozuki', kind: 'hexo', args: ['--from', 'hexo'], htmlTitles: true },
  { name: 'wordpress', path: 'hexo-nekozuki/wordpress-nekozukime.xml', kind: 'wordpress', args: ['--from', 'wordpress'], htmlTitles: true },
  { name: 'astro', path: 'astro-starter-cloudadmin', kind: 'astro', args: ['--from', 'astro'] },
];

/** Posts the sources themselves have broken: the import must stop each, naming the file and the value. */
const EXPECTED_FAILURES = [
  {
    corpus: 'hexo',
    source: 'source/_posts/kk202011.md',
    says: /2020-12\/01 04:23:00/u,
    reason: 'its date is typo\'d in the source ("2020-12/01 04:23:00"): Hexo itself cannot read it',
  },
];

/**
 * Platform syntax the authors wrote as text on purpose (outside code, or in inline code, which summaries
 * show as text): it is what they meant the page to show. Each is expected exactly where listed (corpus, post, the syntax); any other is a problem, and
 * an entry that no longer occurs is one too (so that the list stays true).
 */
const EXPECTED_SYNTAX = [
  {
    corpus: 'qiita',
    source: 'public/django-template-isdebug.md',
    syntax: '{%',
    reason: 'its first sentence names Django\'s `{% if DEBUG %}` in inline code, which summaries keep as text',
  },
];

const SYNTAX = [':::', '@[', '{%', '{{<', '+++'];

const selected = process.argv.slice(2);
const corpora = selected.length > 0 ? CORPORA.filter((c) => selected.includes(c.name)) : CORPORA;
if (!existsSync(corpusRoot) || corpora.length === 0) {
  console.error(`check-corpus: ${existsSync(corpusRoot) ? `no corpus named ${selected.join(', ')} (${CORPORA.map((c) => c.name).join(', ')})` : `${corpusRoot} not found`}`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------
// The sources' own truth, read without the importer: which posts exist, which are drafts, their tags.

/** Frontmatter of a Markdown file as YAML (Hexo's may lack the opening `---`); undefined when unreadable. */
function frontmatter(file) {
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
  const m = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)/u.exec(text) ?? /^([\s\S]*?)\n---[ \t]*(?:\n|$)/u.exec(text);
  try {
    const data = parseYaml(m?.[1] ?? '');
    return data && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

/** A frontmatter key in any case. */
const key = (data, name) => Object.entries(data ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * Tag names from frontmatter values: lists (nested for Hexo's category paths; each item one name), or
 * a string of names split at `split`.
 */
function names(values, split = /,/u) {
  const out = [];
  const add = (v, inList) => {
    if (Array.isArray(v)) v.forEach((item) => add(item, true));
    else if (v && typeof v === 'object' && typeof v.name === 'string') out.push(v.name);
    else if (typeof v === 'string') out.push(...(inList ? [v] : v.split(split)));
    else if (typeof v === 'number') out.push(String(v));
  };
  values.forEach((v) => add(v, false));
  return out.map((t) => decodeHTML(t).trim()).filter((t) => t !== '');
}

function walk(dir, test) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith('.')) return [];
    const full = join(dir, e.name);
    return e.isDirectory() ? walk(full, test) : test(e.name) ? [full] : [];
  });
}

/**
 * Every post of a source as that system sees it: `source` named as the importer names it, whether the
 * old site published it (each system's own rule), and its tags.
 * @returns {Map<string, { draft: boolean, tags: string[] | undefined }>}
 */
function sourcePosts(kind, root) {
  const posts = new Map();
  const md = (name) => /\.(?:md|markdown)$/iu.test(name);
  const add = (file, draft, tags, base = root) => posts.set(relative(base, file).split(sep).join('/'), { draft, tags });
  if (kind === 'jekyll') {
    const postsDir = existsSync(join(root, '_posts')) ? join(root, '_posts') : root;
    for (const file of walk(postsDir, md)) {
      const data = frontmatter(file);
      // Jekyll: `published: false` hides a post; the importer also honours `draft: true`.
      // Jekyll's own rule: a singular `tag`/`category` is one name, a plural string is split at spaces.
      const jekyllNames = (singular, plural) => (key(data, singular) != null ? names([[key(data, singular)]]) : names([key(data, plural)], /\s+/u));
      add(file, key(data, 'published') === false || key(data, 'draft') === true, data && [...jekyllNames('tag', 'tags'), ...jekyllNames('category', 'categories')]);
    }
    for (const file of walk(join(root, '_drafts'), md)) add(file, true, []);
  } else if (kind === 'zenn') {
    // zenn-cli reads articles/*.md only: nothing deeper.
    for (const e of readdirSync(join(root, 'articles'), { withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.md')) continue;
      const data = frontmatter(join(root, 'articles', e.name));
      add(join(root, 'articles', e.name), key(data, 'published') !== true, data && names([key(data, 'topics')]));
    }
  } else if (kind === 'qiita') {
    for (const e of readdirSync(join(root, 'public'), { withFileTypes: true })) {
      if (!e.isFile() || !e.name.endsWith('.md')) continue;
      const data = frontmatter(join(root, 'public', e.name));
      add(join(root, 'public', e.name), key(data, 'private') === true || key(data, 'ignorepublish') === true, data && names([key(data, 'tags')]));
    }
  } else if (kind === 'hexo') {
    for (const file of walk(join(root, 'source', '_posts'), md)) {
      const data = frontmatter(file);
      // Hexo reads `tag`/`category` when the plural is missing.
      const tags = data && names([key(data, 'tags') ?? key(data, 'tag'), key(data, 'categories') ?? key(data, 'category')]);
      add(file, key(data, 'published') === false, tags);
    }
    for (const file of walk(join(root, 'source', '_drafts'), md)) add(file, true, []);
  } else if (kind === 'wordpress') {
    const xml = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'item' || n === 'category' }).parse(readFileSync(root, 'utf8'));
    for (const item of xml.rss.channel.item ?? []) {
      if (String(item['wp:post_type']) !== 'post') continue;
      const tags = (item.category ?? []).filter((c) => ['category', 'post_tag'].includes(c['@_domain'])).map((c) => String(c['#text'] ?? c));
      posts.set(`${basename(root)}#${item['wp:post_id']}`, { draft: String(item['wp:status']) !== 'publish', tags: names([tags]) });
    }
  } else if (kind === 'astro') {
    for (const file of walk(join(root, 'src', 'content', 'blog'), (n) => /\.mdx?$/iu.test(n))) {
      const data = frontmatter(file);
      add(file, key(data, 'draft') === true, data && names([key(data, 'tags')]));
    }
  }
  return posts;
}

// ---------------------------------------------------------------------------------------------------
// Reading built pages

const SKIPPED = new Set(['code', 'pre', 'script', 'style', 'textarea', 'template', 'annotation', 'svg']);
const attr = (node, name) => node.attrs?.find((a) => a.name === name)?.value;
const hasClass = (node, name) => (attr(node, 'class') ?? '').split(/\s+/u).includes(name);

/**
 * What the checks need of an HTML page: its text outside code by owner (`''` for the page's own post or
 * its template, else the `/posts/<id>/` a list item links to), its meta description, the tags shown in
 * its post header, the images in its post body, its `<title>` and post heading, the title and summary
 * of each post it lists (by `/posts/<id>/`), and what its post body says about summaries (`proseFacts`).
 */
function readPage(html) {
  const text = new Map();
  const tags = [];
  const images = [];
  const listed = new Map();
  let description = '';
  let title = '';
  let heading = '';
  let prose;
  const push = (owner, value) => text.set(owner, `${text.get(owner) ?? ''}${value}`);
  const visit = (node, owner, inBody, inTags) => {
    if (node.nodeName === 'meta' && attr(node, 'name') === 'description') description = attr(node, 'content') ?? '';
    if (node.nodeName === 'title' && owner === '' && !title) title = textOf(node);
    if (node.nodeName === 'h1' && !hasClass(node, 'site-title') && owner === '' && !heading) heading = textOf(node);
    if (!prose && hasClass(node, 'prose')) prose = proseFacts(node);
    if (node.nodeName === '#text') {
      push(owner, node.value);
      if (inTags && node.value.startsWith('#')) tags.push(node.value.slice(1));
      return;
    }
    if (SKIPPED.has(node.nodeName)) return;
    if (node.nodeName === 'img' && inBody) images.push(attr(node, 'src') ?? '');
    let next = owner;
    if (node.nodeName === 'li' && node.parentNode && hasClass(node.parentNode, 'post-list')) {
      const link = findLink(node);
      if (link) {
        next = link;
        const child = (name) => node.childNodes?.find((c) => c.nodeName === name);
        listed.set(link, { title: textOf(child('h2') ?? {}), summary: textOf(child('p') ?? {}) });
      }
    }
    const body = inBody || hasClass(node, 'prose');
    // Tags in a post list belong to the listed post, not the page.
    const tagList = (inTags || (node.nodeName === 'ul' && hasClass(node, 'tags'))) && next === '';
    for (const child of node.childNodes ?? []) visit(child, next, body, tagList);
    if (node.content) visit(node.content, next, body, tagList);
    push(next, ' ');
  };
  visit(parseHtml(html), '', false, false);
  return { text, tags, images, description, title, heading, listed, prose };
}

/** The text of a node and everything in it. */
const textOf = (node) => (node.nodeName === '#text' ? node.value : (node.childNodes ?? []).map(textOf).join(''));

const BLOCKS = new Set(['p', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'td', 'th', 'tr', 'table', 'caption', 'dt', 'dd', 'dl', 'blockquote', 'div', 'section', 'figure', 'figcaption', 'details', 'summary', 'hr']);
const ENTITY = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/iu;

/**
 * What a post body says about its summary: the text of each block in order (`segments`: a heading, a
 * list item, a paragraph; code left out, as summaries leave it), and the inline code of its first
 * paragraph, each with the text just before it.
 */
function proseFacts(prose) {
  const segments = [];
  let current = '';
  const flush = () => {
    const t = current.replace(/\s+/gu, ' ').trim();
    if (t) segments.push(t);
    current = '';
  };
  const walk = (node) => {
    if (node.nodeName === '#text') {
      current += node.value;
      return;
    }
    // Inline code is part of its sentence, in summaries too; code blocks are not.
    if (node.nodeName !== 'code' && SKIPPED.has(node.nodeName)) return;
    const block = BLOCKS.has(node.nodeName);
    if (block) flush();
    for (const child of node.childNodes ?? []) walk(child);
    if (block) flush();
  };
  walk(prose);
  flush();
  const codes = [];
  const first = (node) => (node.nodeName === 'p' ? node : (node.childNodes ?? []).map(first).find(Boolean));
  const paragraph = first(prose);
  let before = '';
  const inline = (node) => {
    if (node.nodeName === '#text') before += node.value;
    else if (node.nodeName === 'code') {
      codes.push({ before: before.replace(/\s+/gu, ' ').trim().slice(-8), code: textOf(node).replace(/\s+/gu, ' ').trim() });
      before += textOf(node);
    } else for (const child of node.childNodes ?? []) inline(child);
  };
  if (paragraph) inline(paragraph);
  return { segments, codes };
}

/**
 * What is wrong with `summary`, a summary made from the body `prose` describes: a block that runs into
 * the next with nothing between them, white space after full-width punctuation, inline code of the
 * first paragraph left out.
 */
function summaryProblems(summary, prose) {
  const found = [];
  const text = summary.replace(/…$/u, '');
  const chars = [...text];
  const spaced = chars.findIndex((c, i) => isWidePunctuation(c.codePointAt(0)) && /\s/u.test(chars[i + 1] ?? ''));
  if (spaced >= 0) found.push(`white space after full-width punctuation: "${chars.slice(Math.max(0, spaced - 12), spaced + 12).join('')}"`);
  const { segments, codes } = prose ?? { segments: [], codes: [] };
  for (let i = 0; i + 1 < segments.length; i++) {
    const a = segments[i];
    // Two blocks meet with nothing between them only after full-width punctuation (`。`, `」`).
    if ([...a].length < 2 || isWidePunctuation(a.codePointAt(a.length - 1))) continue;
    const glued = a + segments[i + 1].slice(0, 6);
    if (text.includes(glued)) {
      found.push(`blocks run together: "${glued}"`);
      break;
    }
  }
  for (const { before, code } of codes) {
    const at = before ? text.indexOf(before) : -1;
    // Only where the summary goes on past the code: a cut summary may end before it.
    if (code && at >= 0 && at + before.length + code.length < text.length && !text.includes(code)) found.push(`inline code \`${code}\` left out`);
  }
  return found;
}

function findLink(node) {
  if (node.nodeName === 'a' && (attr(node, 'href') ?? '').includes('/posts/')) return decodeURIComponent(new URL(attr(node, 'href'), origin).pathname);
  for (const child of node.childNodes ?? []) {
    const found = findLink(child);
    if (found) return found;
  }
  return undefined;
}

/** Each piece of platform syntax in `text`, with a little of the text around it. */
function syntaxIn(text) {
  const found = [];
  for (const s of SYNTAX) {
    for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) {
      found.push({ syntax: s, context: text.slice(Math.max(0, i - 30), i + 40).replace(/\s+/gu, ' ').trim() });
    }
  }
  return found;
}

// The scan must see prose and skip code, or a clean result would mean nothing.
{
  const sample = readPage('<meta name="description" content="x {{< y"><main><div class="prose"><p>a ::: b <code>{%</code></p><pre>@[</pre></div><ul class="post-list"><li><h2><a href="/posts/p/">t</a></h2><p>+++</p></li></ul></main>');
  const seen = [...sample.text].flatMap(([owner, text]) => syntaxIn(text).map((h) => `${owner}:${h.syntax}`));
  if (seen.join(' ') !== ':::: /posts/p/:+++' || syntaxIn(sample.description).length !== 1) {
    console.error(`check-corpus: the syntax scan is broken (saw ${seen.join(' ')})`);
    process.exit(2);
  }
}

// So must the summary and title checks: each finds what it looks for, and nothing in a good summary.
{
  const sample = readPage(
    '<title>整理&amp;#038;同時検索 | ノート</title><h1>整理&amp;#038;同時検索</h1><div class="prose"><p>中に <code>![TYPE]</code> を入れる。</p>' +
      '<h2>必要なもの</h2><ul><li>人とぶつからない道</li><li>スマートフォン</li></ul><p>次の段落。</p></div>',
  );
  const seen = (summary) => summaryProblems(summary, sample.prose).map((p) => p.split(':')[0]);
  const bad = seen('中に を入れる。必要なもの人とぶつからない道スマートフォン なくなり、 e-Tax…');
  const good = seen('中に ![TYPE] を入れる。必要なもの 人とぶつからない道 スマートフォン 次の段落。');
  const expected = ['white space after full-width punctuation', 'blocks run together', 'inline code `![TYPE]` left out'];
  if (bad.join('|') !== expected.join('|') || good.length > 0 || !ENTITY.test(sample.heading) || !ENTITY.test(sample.title)) {
    console.error(`check-corpus: the summary checks are broken (saw ${bad.join(', ')} in a bad summary, ${good.join(', ') || 'nothing'} in a good one)`);
    process.exit(2);
  }
}

const started = Date.now();
const site = makeSiteCopy('blog-corpus-');
const problems = [];
/** Problems by corpus, to print each corpus's own. */
const byCorpus = new Map(corpora.map((c) => [c.name, []]));
const problem = (corpus, text) => {
  problems.push(corpus ? `${corpus}: ${text}` : text);
  if (corpus) byCorpus.get(corpus)?.push(text);
};
try {
  // 1. Import each corpus with the CLI's own code path.
  /** @type {Map<string, { corpus: typeof CORPORA[number], post: any, truth: any }>} by URL path `/posts/<id>/` */
  const postsByHref = new Map();
  const imports = [];
  for (const corpus of corpora) {
    const source = join(corpusRoot, corpus.path);
    if (!existsSync(source)) {
      problem(corpus.name, `${source} not found`);
      continue;
    }
    const out = join(site.postsDir, corpus.name);
    const report = join(site.dir, `import-report-${corpus.name}.txt`);
    const t = Date.now();
    const run = await runImport([source, ...corpus.args, '--out', out, '--report', report], undefined, () => {});
    const results = run.result?.posts ?? [];
    if (!run.result) problem(corpus.name, `the import did not run (exit ${run.code})`);
    const truth = sourcePosts(corpus.kind, source);
    imports.push({ corpus, results, truth, seconds: (Date.now() - t) / 1000 });

    // Every post of the source is imported, or fails as expected and only so.
    const bySource = new Map(results.map((r) => [r.source, r]));
    for (const [src] of truth) if (!bySource.has(src)) problem(corpus.name, `${src} is a post of the source, but the import does not mention it`);
    for (const r of results) if (!truth.has(r.source)) problem(corpus.name, `${r.source} was imported, but is no post of the source`);
    const expectedFailures = EXPECTED_FAILURES.filter((f) => f.corpus === corpus.name);
    for (const r of results.filter((p) => p.status === 'failed')) {
      const expected = expectedFailures.find((f) => f.source === r.source);
      if (!expected) problem(corpus.name, `import failed: ${r.source}: ${r.reasons.join('; ')}`);
      // The report's line names the file (`failed: <source> — <reason>`); the reason must name the value.
      else if (!expected.says.test(r.reasons.join('; '))) {
        problem(corpus.name, `${r.source} failed as expected (${expected.reason}), but its reason does not name the value: ${r.reasons.join('; ')}`);
      }
    }
    for (const f of expectedFailures) {
      if (bySource.get(f.source)?.status !== 'failed') problem(corpus.name, `${f.source} was expected to fail (${f.reason}), but did not: update EXPECTED_FAILURES`);
    }
    for (const r of results) {
      if (r.status === 'failed' || !r.id) continue;
      const id = `${corpus.name}/${r.id}`;
      postsByHref.set(`/posts/${id}/`, { corpus, post: { ...r, id }, truth: truth.get(r.source) });
    }
  }

  // 2. One build of all of them.
  const t = Date.now();
  const build = spawnSync(site.astroBin, ['build'], { cwd: site.dir, env: testEnv(), encoding: 'utf8', maxBuffer: 1 << 30 });
  const buildSeconds = (Date.now() - t) / 1000;
  const output = `${build.stdout}${build.stderr}`;
  if (build.status !== 0) {
    console.error(output.slice(-5000));
    throw new Error(`astro build failed (exit ${build.status})`);
  }
  const warnings = output.split('\n').filter((l) => /^\[(images|html)\]/u.test(l));
  const dist = join(site.dir, 'dist');
  const files = listFiles(dist);
  const htmlFiles = files.filter((f) => f.endsWith('.html'));
  console.log(`built ${postsByHref.size} posts in ${buildSeconds.toFixed(1)} s: ${htmlFiles.length} pages, ${files.length} files; ${warnings.length} content warnings`);

  // 3. Read every page and feed once.
  const redirects = readFileSync(join(dist, '_redirects'), 'utf8');
  const sitemapUrls = new Set(
    files
      .filter((f) => /^sitemap-\d+\.xml$/u.test(f))
      .flatMap((f) => [...readFileSync(join(dist, f), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/gu)].map((m) => decodeURIComponent(new URL(m[1]).pathname))),
  );
  const feedLinks = new Set();
  /** Each post's title and summary as lists and feeds show them, by `/posts/<id>/` (the first seen). */
  const shownIn = { list: new Map(), feed: new Map() };
  const keep = (where, owner, value) => {
    if (!shownIn[where].has(owner)) shownIn[where].set(owner, value);
  };
  /** @type {{ where: string, owner: string, syntax: string, context: string }[]} */
  const syntaxHits = [];
  const feeds = files.filter((f) => f.endsWith('rss.xml'));
  const feedParser = new XMLParser({ isArray: (n) => n === 'item' });
  for (const feed of feeds) {
    const xml = readFileSync(join(dist, feed), 'utf8');
    problems.push(...checkFeed(xml, feed));
    for (const item of feedParser.parse(xml).rss?.channel?.item ?? []) {
      const owner = decodeURIComponent(new URL(String(item.link), origin).pathname);
      feedLinks.add(owner);
      keep('feed', owner, { title: String(item.title ?? ''), summary: String(item.description ?? '') });
      const html = `${String(item.title ?? '')} <p>${String(item.description ?? '')}</p> ${String(item['content:encoded'] ?? '')}`;
      for (const [, text] of readPage(html).text) for (const hit of syntaxIn(text)) syntaxHits.push({ where: feed, owner, ...hit });
    }
  }
  const pages = new Map();
  for (const file of htmlFiles) {
    const html = readFileSync(join(dist, file), 'utf8');
    if (/<meta http-equiv="refresh"/iu.test(html)) continue;
    const page = readPage(html);
    const path = `/${file.replace(/index\.html$/u, '')}`;
    pages.set(path, page);
    for (const [owner, shown] of page.listed) keep('list', owner, shown);
    for (const [owner, text] of page.text) for (const hit of syntaxIn(text)) syntaxHits.push({ where: file, owner: owner || path, ...hit });
    for (const hit of syntaxIn(page.description)) syntaxHits.push({ where: `${file} (meta description)`, owner: path, ...hit });
  }

  // 4. Per post: page, drafts, tags, old URLs, link back, images.
  const counts = new Map(corpora.map((c) => [c.name, { posts: 0, published: 0, drafts: 0, failed: 0, pages: 0, tags: 0, oldUrls: 0, linksBack: 0, missingImages: 0, attention: 0, summaries: 0, titles: 0 }]));
  for (const { corpus, results } of imports) {
    const n = counts.get(corpus.name);
    n.posts = results.length;
    n.failed = results.filter((r) => r.status === 'failed').length;
    n.attention = results.filter((r) => r.status === 'needs attention').length;
    n.missingImages = results.reduce((s, r) => s + r.missingImages.length, 0);
  }
  for (const [href, { corpus, post, truth }] of postsByHref) {
    const n = counts.get(corpus.name);
    const page = pages.get(href);
    const name = `${post.source} (${href})`;
    if (!truth) continue; // reported above
    if (truth.draft) {
      n.drafts++;
      if (post.published) problem(corpus.name, `${name} is a draft in its source, but was imported published`);
      if (page || existsSync(join(dist, ...href.split('/').filter(Boolean), 'index.html'))) problem(corpus.name, `${name} is a draft in its source, but has a page`);
      if (feedLinks.has(href)) problem(corpus.name, `${name} is a draft in its source, but is in a feed`);
      if (sitemapUrls.has(href)) problem(corpus.name, `${name} is a draft in its source, but is in the sitemap`);
      if (redirects.includes(` ${href.split('/').map(encodeURIComponent).join('/')} `)) problem(corpus.name, `${name} is a draft in its source, but an old URL leads to it`);
      continue;
    }
    n.published++;
    if (!page) {
      problem(corpus.name, `${name} is published in its source, but has no page`);
      continue;
    }
    n.pages++;
    // Every tag of the source is on the post's page.
    const shown = new Set(page.tags.map((t) => tagKey(t)));
    if (truth.tags === undefined) problem(corpus.name, `${post.source}: its frontmatter could not be read here to know its tags`);
    for (const tag of truth.tags ?? []) {
      n.tags++;
      if (!shown.has(tagKey(tag))) problem(corpus.name, `${name} lacks the tag "${tag}" of its source (shows ${page.tags.join(', ') || 'none'})`);
    }
    // Old URLs lead to the post; posts first published elsewhere link back there instead.
    const encodedHref = href.split('/').map(encodeURIComponent).join('/');
    if (corpus.linkBack) {
      const html = readFileSync(join(dist, ...href.split('/').filter(Boolean), 'index.html'), 'utf8');
      if (html.includes(corpus.linkBack)) n.linksBack++;
      else problem(corpus.name, `${name} does not link back to ${corpus.linkBack}…, where it was first published`);
    } else if (post.aliases.length === 0) {
      problem(corpus.name, `${name} has no old URL: its old address would be lost`);
    }
    for (const alias of post.aliases) {
      n.oldUrls++;
      const file = join(dist, redirectFile(alias));
      if (!existsSync(file) || !readFileSync(file, 'utf8').includes(`url=${encodedHref}"`)) problem(corpus.name, `old URL ${alias} of ${post.source} does not lead to ${encodedHref}`);
      const line = `${alias.split('/').map(encodeURIComponent).join('/')} ${encodedHref} 301`;
      if (!redirects.includes(line)) problem(corpus.name, `_redirects lacks "${line}"`);
    }
    // An image the page shows that is not on the site must be in the import report.
    for (const src of page.images) {
      if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/iu.test(src)) continue;
      const target = new URL(src, `${origin}${href}`);
      const pathname = decodeURIComponent(target.pathname);
      if (existsSync(join(dist, pathname)) || target.pathname.startsWith('/_image')) continue;
      const file = (p) => decodeURIComponent(p.split(/[?#]/u)[0]).split('/').pop();
      if (!post.missingImages.some((ref) => ref === src || file(ref) === file(src))) problem(corpus.name, `${name} shows ${src}, which is not on the site and not in the import report`);
    }
    // Summaries made from the body read as it does (a description the author wrote is theirs).
    const written = frontmatter(join(site.postsDir, corpus.name, ...post.target.split('/')));
    if (key(written, 'description') == null) {
      n.summaries++;
      // Feeds hold the newest posts only: an older post may be in none.
      const summaries = { 'meta description': page.description, list: shownIn.list.get(href)?.summary, feed: shownIn.feed.get(href)?.summary };
      for (const [where, summary] of Object.entries(summaries)) {
        if (summary === undefined && where !== 'feed') problem(corpus.name, `${name} has no ${where}`);
        else for (const p of summaryProblems(summary ?? '', page.prose)) problem(corpus.name, `${name}: its ${where}: ${p}`);
      }
    }
    // A title the source wrote as HTML shows its characters, not its entities.
    if (corpus.htmlTitles) {
      n.titles++;
      const titles = { heading: page.heading, '<title>': page.title, list: shownIn.list.get(href)?.title, feed: shownIn.feed.get(href)?.title };
      for (const [where, title] of Object.entries(titles)) if (title && ENTITY.test(title)) problem(corpus.name, `${name}: its ${where} shows an entity: "${title}"`);
    }
  }

  // 5. Raw platform syntax, against the list of what the authors wrote on purpose.
  const ownerPost = (owner) => postsByHref.get(owner);
  const seenExpected = new Set();
  for (const hit of syntaxHits) {
    const owned = ownerPost(hit.owner);
    const expected = owned && EXPECTED_SYNTAX.findIndex((e) => e.corpus === owned.corpus.name && e.source === owned.post.source && e.syntax === hit.syntax);
    if (owned && expected !== undefined && expected >= 0) {
      seenExpected.add(expected);
      continue;
    }
    problem(owned?.corpus.name, `raw "${hit.syntax}" in ${hit.where}${owned ? ` (post ${owned.post.source})` : ''}: …${hit.context}…`);
  }
  EXPECTED_SYNTAX.forEach((e, i) => {
    if (!seenExpected.has(i)) problem(e.corpus, `"${e.syntax}" was expected in ${e.source} (${e.reason}), but is not on the site: update EXPECTED_SYNTAX`);
  });

  // 6. The site as a whole, as before.
  problems.push(...checkSitemap(dist, { origin }));
  problems.push(...checkLinks(dist, { origin, templatesOnly: true }));

  console.log('');
  for (const { corpus, seconds } of imports) {
    const n = counts.get(corpus.name);
    const own = byCorpus.get(corpus.name) ?? [];
    console.log(
      `${corpus.name.padEnd(9)} ${String(n.posts).padStart(4)} posts (imported in ${seconds.toFixed(1)} s): ${n.published} published with ${n.pages} pages, ${n.drafts} drafts, ${n.failed} failed as expected` +
        `, ${n.tags} tags, ${corpus.linkBack ? `${n.linksBack} links back` : `${n.oldUrls} old URLs`}, ${n.missingImages} missing images reported, ${n.attention} need attention` +
        `, ${n.summaries} summaries from the body${corpus.htmlTitles ? `, ${n.titles} HTML titles` : ''} — ${own.length === 0 ? 'ok' : `${own.length} problems`}`,
    );
    for (const p of own.slice(0, 5)) console.log(`    - ${p}`);
  }
  console.log(`\nchecked ${pages.size} pages, ${feeds.length} feeds, the sitemap and every template link in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (e) {
  problems.push(String(e?.stack ?? e));
} finally {
  // KEEP_SITE=1 keeps the built copy to look into.
  if (process.env.KEEP_SITE) console.log(`the site is kept in ${site.dir}`);
  else rmSync(site.dir, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(`\n${problems.length} problems:\n- ${problems.slice(0, 40).join('\n- ')}`);
  process.exit(1);
}
console.log('corpus check passed');
