// Checks over a built site (dist/): internal links and #fragments, RSS feeds, the sitemap. Each returns a
// list of problems (empty when all is well). Shared by the built-site tests and scripts/check-corpus.mjs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { SyntaxValidator } from 'fast-xml-validator';
import { parse } from 'parse5';

/** Every file under `dir`, relative, with `/` separators. */
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

const URL_ATTRIBUTES = { a: ['href'], link: ['href'], img: ['src', 'srcset'], source: ['srcset'], script: ['src'], iframe: ['src'] };

function attr(node, name) {
  return node.attrs?.find((a) => a.name === name)?.value;
}

function classes(node) {
  return (attr(node, 'class') ?? '').split(/\s+/);
}

/** Ids (and `name`s of anchors) in a page, and its outgoing URLs with whether they sit in a post body. */
function readPage(html) {
  const ids = new Set();
  const urls = [];
  const visit = (node, inBody) => {
    if (node.attrs) {
      const id = attr(node, 'id');
      if (id !== undefined) ids.add(id);
      if (node.nodeName === 'a' && attr(node, 'name') !== undefined) ids.add(attr(node, 'name'));
      for (const name of URL_ATTRIBUTES[node.nodeName] ?? []) {
        const value = attr(node, name);
        if (value === undefined) continue;
        const list = name === 'srcset' ? value.split(',').map((c) => c.trim().split(/\s+/)[0]) : [value];
        for (const url of list) urls.push({ url, tag: node.nodeName, inBody });
      }
    }
    // The post body (Markdown) is the author's; everything else the templates made.
    const body = inBody || (node.attrs && classes(node).includes('prose'));
    for (const child of node.childNodes ?? []) visit(child, body);
    if (node.content) visit(node.content, body);
  };
  visit(parse(html), false);
  return { ids, urls };
}

/** The file a site-relative path is served from, or undefined. */
function fileFor(dist, pathname) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const candidates = decoded.endsWith('/') ? [`${decoded}index.html`] : [decoded, `${decoded}/index.html`, `${decoded}.html`];
  for (const c of candidates) {
    const file = join(dist, c);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/**
 * Internal links, assets and #fragments of every HTML page in `dist` that do not resolve.
 * @param {string} dist
 * @param {{ origin: string, base?: string, templatesOnly?: boolean }} options origin of the site
 *   (absolute links to it count as internal); base path; templatesOnly: skip links in post bodies.
 */
export function checkLinks(dist, { origin, base = '/', templatesOnly = false }) {
  const problems = [];
  const pages = new Map();
  const page = (file) => {
    if (!pages.has(file)) pages.set(file, readPage(readFileSync(file, 'utf8')));
    return pages.get(file);
  };
  for (const file of listFiles(dist).filter((f) => f.endsWith('.html'))) {
    const here = new URL(`${base.replace(/\/$/, '')}/${file.replace(/index\.html$/, '')}`, origin);
    for (const { url, tag, inBody } of page(join(dist, file)).urls) {
      if (templatesOnly && inBody) continue;
      if (/^(mailto|tel|javascript|data):/i.test(url)) continue;
      let target;
      try {
        target = new URL(url, here);
      } catch {
        problems.push(`${file}: <${tag}> "${url}" is not a URL`);
        continue;
      }
      if (target.origin !== new URL(origin).origin) continue;
      if (!target.pathname.startsWith(base)) {
        problems.push(`${file}: <${tag}> "${url}" is outside the site's base path ${base}`);
        continue;
      }
      const targetFile = fileFor(dist, `/${target.pathname.slice(base.length)}`);
      if (!targetFile) {
        problems.push(`${file}: <${tag}> "${url}" points to no file`);
        continue;
      }
      if (target.hash && targetFile.endsWith('.html')) {
        const id = decodeURIComponent(target.hash.slice(1));
        if (!page(targetFile).ids.has(id)) problems.push(`${file}: <${tag}> "${url}": no element with id "${id}"`);
      }
    }
  }
  return problems;
}

const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['item', 'category'].includes(name) });

/** An RSS 2.0 feed: well-formed, required elements, RFC 822 dates, unique guids, absolute URLs only. */
export function checkFeed(xml, label = 'feed') {
  const problems = [];
  try {
    SyntaxValidator.validate(xml);
  } catch (e) {
    return [`${label}: not well-formed XML: ${e.message}`];
  }
  const { rss } = parser.parse(xml);
  if (!rss || rss['@_version'] !== '2.0') return [`${label}: not RSS 2.0`];
  const channel = rss.channel;
  for (const key of ['title', 'link', 'description']) if (!channel?.[key]) problems.push(`${label}: channel has no <${key}>`);
  const absolute = (u) => /^https?:\/\//.test(u);
  if (channel?.link && !absolute(channel.link)) problems.push(`${label}: channel link is not absolute`);
  if (channel?.lastBuildDate && !RFC822.test(channel.lastBuildDate)) problems.push(`${label}: lastBuildDate is not RFC 822`);
  const guids = new Set();
  for (const [i, item] of (channel?.item ?? []).entries()) {
    const at = `${label} item ${i + 1}`;
    if (!item.title && !item.description) problems.push(`${at}: neither title nor description`);
    if (!absolute(item.link ?? '')) problems.push(`${at}: link "${item.link}" is not absolute`);
    const guid = typeof item.guid === 'object' ? item.guid['#text'] : item.guid;
    if (!guid) problems.push(`${at}: no guid`);
    else if (guids.has(guid)) problems.push(`${at}: guid ${guid} repeats`);
    else guids.add(guid);
    if (!RFC822.test(item.pubDate ?? '') || Number.isNaN(Date.parse(item.pubDate))) problems.push(`${at}: pubDate "${item.pubDate}" is not RFC 822`);
    for (const { url, tag } of readPage(String(item['content:encoded'] ?? '')).urls) {
      // A URL with a scheme (https:, mailto:, an author's javascript: bookmarklet) stands on its own.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(url)) problems.push(`${at}: <${tag}> has a relative URL "${url}"`);
    }
  }
  return problems;
}

/** The sitemap lists every HTML page (but 404.html) and nothing else, as absolute URLs. */
export function checkSitemap(dist, { origin, base = '/' }) {
  const problems = [];
  const read = (f) => readFileSync(join(dist, f), 'utf8');
  const xml = (f) => {
    try {
      SyntaxValidator.validate(read(f));
      return new XMLParser({ isArray: (n) => ['url', 'sitemap'].includes(n) }).parse(read(f));
    } catch (e) {
      problems.push(`${f}: ${e.message}`);
      return undefined;
    }
  };
  const index = xml('sitemap-index.xml');
  const prefix = new URL(base, origin).href;
  const listed = (index?.sitemapindex?.sitemap ?? []).flatMap((s) => {
    if (!s.loc.startsWith(prefix)) problems.push(`sitemap index lists ${s.loc}, outside ${prefix}`);
    return (xml(s.loc.slice(prefix.length))?.urlset?.url ?? []).map((u) => u.loc);
  });
  // Redirect pages for old URLs are not pages of the site.
  const isRedirect = (f) => /<meta http-equiv="refresh"/i.test(read(f));
  const expected = listFiles(dist)
    .filter((f) => f.endsWith('.html') && f !== '404.html' && !isRedirect(f))
    .map((f) => `${prefix}${f.replace(/index\.html$/, '').split('/').map(encodeURIComponent).join('/')}`);
  const want = new Set(expected);
  const have = new Set(listed);
  for (const u of want) if (!have.has(u)) problems.push(`sitemap lacks ${u}`);
  for (const u of have) if (!want.has(u)) problems.push(`sitemap lists ${u}, which is no page`);
  if (have.size !== listed.length) problems.push('sitemap lists a URL twice');
  return problems;
}
