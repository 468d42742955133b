/**
 * Reads a WordPress export (WXR, the `.xml` from Tools → Export, WordPress.com included): its posts, not
 * its pages, attachments or menus.
 *
 * What maps to what:
 * - `title` (HTML entities decoded: `&#038;` is `&`); `wp:post_date_gmt` (UTC) as the date, written with
 *   the offset the blog had (`wp:post_date` minus the GMT date), else `wp:post_date` read in the zone passed
 *   in (drafts have no GMT date).
 * - `wp:status` `publish` → published; anything else (draft, pending, private, future, trash) → a draft;
 *   a password-protected post → a draft too (it was not public).
 * - tags are the categories (`domain="category"`) and tags (`domain="post_tag"`), as written.
 * - the old URL is `link`'s path, with the post's `_wp_old_slug`s in its place as more aliases (WordPress
 *   redirected those); a draft's `?p=123` link is not a path and gives none.
 * - the slug is `wp:post_name` (decoded), else `post-<id>`; `excerpt:encoded` is the description; a post's
 *   `source` is `<export file>#<wp:post_id>`.
 * - `content:encoded` is HTML and stays HTML. Block comments (`<!-- wp:paragraph -->`) go; embed blocks
 *   and `[embed]`/`[youtube]`/`[tweet]`/`[gist]` shortcodes become this blog's embeds (`@[tweet](url)`,
 *   `@[youtube](id)`, a bare URL for the rest), code blocks and `[code]`/`[sourcecode]` become fences,
 *   `[caption]` an image with its caption line, `[gallery ids]` the images (from the export's
 *   attachments), WordPress.com's `$latex x$` and `[latex]` math; headings at the top level become
 *   Markdown headings (ids, table of contents); `<!--more-->` is kept. Other shortcodes stay as written
 *   and are listed in `attention`. Posts written in the classic editor (no block comments) get
 *   `breaks: true`: WordPress turned their line breaks into `<br>` and blank lines into paragraphs.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { decodeHTML, decodeXML } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import {
  aliasPath,
  Attention,
  collectImages,
  convertTags,
  fencedBlock,
  HtmlBody,
  markdownHeadings,
  normalizeText,
  protectRawElements,
  readDate,
  readSourceText,
  slugSegment,
  tagList,
  tagParams,
  uniqueSlugs,
  type TagContent,
  type TagMatch,
  type TagToken,
} from './reader-kit.ts';
import { isoDateTime } from '../../src/blog/dates.ts';
import { htmlToText } from '../../src/blog/text.ts';
import type { SourceFailure, SourcePost, SourceReading } from './source-post.ts';

type XmlNode = Record<string, unknown>;

/**
 * Reads the WXR file at `path` (or the only `.xml` file in the folder `path`). Throws when it is not a
 * WordPress export.
 */
export function read(path: string, options: { timeZone: string }): SourceReading {
  const file = exportFile(path);
  const name = basename(file);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    cdataPropName: '#cdata',
    // Entities are decoded below, once, knowing which text was CDATA (literal) and which was not.
    processEntities: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (tag) => ['item', 'category', 'wp:postmeta', 'wp:comment'].includes(tag),
  });
  const doc = parser.parse(readSourceText(file)) as XmlNode;
  const channel = (doc['rss'] as XmlNode | undefined)?.['channel'] as XmlNode | undefined;
  if (!channel || !('wp:wxr_version' in channel || 'wp:base_site_url' in channel)) {
    throw new Error(`${path}: not a WordPress export (no <wp:wxr_version> in <rss><channel>)`);
  }
  const items = (channel['item'] as XmlNode[] | undefined) ?? [];
  const attachments = new Map<string, string>();
  for (const item of items) {
    if (text(item['wp:post_type']) === 'attachment') attachments.set(text(item['wp:post_id']), text(item['wp:attachment_url']) || text(item['guid']));
  }

  const failures: SourceFailure[] = [];
  const drafts: Draft[] = [];
  for (const item of items) {
    if (text(item['wp:post_type']) !== 'post') continue;
    const draft = readItem(item, name, options.timeZone);
    if ('reason' in draft) failures.push(draft);
    else drafts.push(draft);
  }
  const slugs = uniqueSlugs(drafts.map((d) => d.slugCandidates));
  const posts = drafts.map((d, i) => finish(d, slugs[i]!, attachments));
  return { kind: 'wordpress', posts, failures };
}

function exportFile(path: string): string {
  const full = resolve(path);
  if (!statSync(full).isDirectory()) return full;
  const xml = readdirSync(full).filter((n) => n.toLowerCase().endsWith('.xml'));
  if (xml.length !== 1) throw new Error(`${path}: give the WordPress export file itself (${xml.length} .xml files here)`);
  return join(full, xml[0]!);
}

/** An element's text: CDATA as written, other text with XML entities decoded. */
function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return decodeXML(String(node)).trim();
  if (Array.isArray(node)) return node.map(text).join('');
  if (typeof node === 'object') {
    const n = node as XmlNode;
    const cdata = n['#cdata'];
    const plain = n['#text'];
    return ((cdata === undefined ? '' : Array.isArray(cdata) ? cdata.join('') : String(cdata)) + (plain === undefined ? '' : decodeXML(String(plain)))).trim();
  }
  return '';
}

interface Draft {
  source: string;
  id: string;
  item: XmlNode;
  title: string;
  date: string;
  published: boolean;
  tags: string[];
  aliases: string[];
  description?: string;
  slugCandidates: string[];
  attention: Attention;
}

function readItem(item: XmlNode, fileName: string, timeZone: string): Draft | SourceFailure {
  const id = text(item['wp:post_id']);
  const source = `${fileName}#${id || '?'}`;
  const attention = new Attention();
  const postName = decodePath(text(item['wp:post_name']));

  // WordPress writes titles HTML-escaped (`&#038;`, `&amp;`), whether in CDATA or not.
  let title = decodeHTML(text(item['title'])).trim();
  if (!title) {
    title = postName || `post-${id}`;
    attention.add('no title: the post name is used');
  }

  const gmt = text(item['wp:post_date_gmt']);
  const local = text(item['wp:post_date']);
  const date = wordpressDate(gmt, local, timeZone);
  if (typeof date !== 'string') return { source, reason: `date: ${date.error}` };

  const status = text(item['wp:status']).toLowerCase();
  let published = status === 'publish';
  if (status === 'trash') attention.add('in the trash on WordPress: imported as a draft');
  if (text(item['wp:post_password']) !== '') {
    if (published) attention.add('password-protected on WordPress: imported as a draft');
    published = false;
  }

  const categories = ((item['category'] as XmlNode[] | undefined) ?? []).filter((c) => ['category', 'post_tag'].includes(String(c['@domain'] ?? '')));
  const tags = tagList(categories.map((c) => decodeHTML(text(c))));

  const aliases: string[] = [];
  const link = text(item['link']);
  const linkPath = urlPath(link);
  if (linkPath) {
    const main = aliasPath(linkPath);
    if (main) aliases.push(main);
    const metas = (item['wp:postmeta'] as XmlNode[] | undefined) ?? [];
    for (const meta of metas) {
      if (text(meta['wp:meta_key']) !== '_wp_old_slug') continue;
      const old = decodePath(text(meta['wp:meta_value']));
      // `x__trashed` is the name WordPress gives a post while it sits in the trash: never a public URL.
      if (!old || !postName || old.endsWith('__trashed')) continue;
      const segments = decodePath(linkPath).split('/');
      const at = segments.lastIndexOf(postName);
      if (at < 0) continue;
      segments[at] = old;
      const alias = aliasPath(segments.join('/'));
      if (alias && !aliases.includes(alias)) aliases.push(alias);
    }
  }

  const slug = slugSegment(postName);
  const draft: Draft = {
    source,
    id,
    item,
    title,
    date,
    published,
    tags,
    aliases,
    slugCandidates: slug ? [slug, `${slug}-${id}`] : [`post-${id}`],
    attention,
  };
  const excerpt = htmlToText(text(item['excerpt:encoded']));
  if (excerpt) draft.description = excerpt;
  return draft;
}

/** The path of an absolute URL (`https://x.wordpress.com/2019/04/10/a/` → `/2019/04/10/a/`), without a query. */
function urlPath(link: string): string | undefined {
  if (!URL.canParse(link)) return undefined;
  const url = new URL(link);
  return url.search ? undefined : url.pathname;
}

function decodePath(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The post's date: the GMT date as an instant, written with the blog's own offset at the time
 * (`wp:post_date` − `wp:post_date_gmt`), else `wp:post_date` in `timeZone`.
 */
export function wordpressDate(gmt: string, local: string, timeZone: string): string | { error: string } {
  const unset = (d: string) => d === '' || d.startsWith('0000-00-00');
  if (!unset(gmt)) {
    const utc = Date.parse(`${gmt.replace(' ', 'T')}Z`);
    if (Number.isNaN(utc)) return { error: `wp:post_date_gmt "${gmt}" is not a date` };
    if (!unset(local)) {
      const wall = Date.parse(`${local.replace(' ', 'T')}Z`);
      const offset = Math.round((wall - utc) / 60_000);
      if (!Number.isNaN(wall) && Math.abs(offset) <= 14 * 60 && offset % 15 === 0) {
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        return `${local.replace(' ', 'T')}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
      }
    }
    return isoDateTime(new Date(utc), timeZone);
  }
  if (unset(local)) return { error: 'the post has no date (wp:post_date is empty)' };
  const read = readDate(local, timeZone);
  return 'error' in read ? { error: read.error } : read.text;
}

function finish(draft: Draft, slug: string, attachments: Map<string, string>): SourcePost {
  const { attention } = draft;
  const content = normalizeText(text(draft.item['content:encoded']));
  const { body, classic } = convertContent(content, attention, attachments);
  const images = collectImages(body, () => undefined);
  const post: SourcePost = {
    source: draft.source,
    slug,
    ext: '.md',
    title: draft.title,
    date: draft.date,
    published: draft.published,
    tags: draft.tags,
    aliases: draft.aliases,
    body,
    images,
    attention: [],
  };
  if (classic && body.trim() !== '') post.breaks = true;
  if (draft.description) post.description = draft.description;
  post.attention = attention.list();
  return post;
}

// ---------------------------------------------------------------------------------------------------
// Content

/**
 * `content:encoded` as this blog's Markdown (see the module comment). `classic` is true for content
 * without block comments, written in the classic editor.
 */
export function convertContent(content: string, attention: Attention, attachments = new Map<string, string>()): { body: string; classic: boolean } {
  const classic = !/<!--\s*wp:/u.test(content);
  const html = new HtmlBody();
  let text = protectRawElements(content);
  // WordPress.com's `$latex x^2$`.
  text = text.replace(/\$latex\s+([^$\n]+?)\$/gu, (_, tex: string) => `$${decodeHTML(tex).trim()}$`);
  text = convertBlocks(text, html, attention);
  text = convertTags(text, findShortcodes, (token, inner) => renderShortcode(token, inner, html, attention, attachments));
  text = text.replace(/<!--\s*more\b[^>]*-->/giu, () => html.markdown('<!-- more -->'));
  text = text.replace(/<!--\s*nextpage\s*-->/giu, () => {
    attention.add('page break (<!--nextpage-->) removed: the post is one page here');
    return '';
  });
  if (classic) return { body: classicBody(text, html), classic };
  text = markdownHeadings(text, html);
  return { body: html.assemble(text), classic };
}

/**
 * Classic-editor content: paragraphs and line breaks as written (read with `breaks: true`), the
 * indentation that would make code in Markdown taken away outside `<pre>`, the placeholders in place.
 */
function classicBody(text: string, html: HtmlBody): string {
  const pres: string[] = [];
  const held = text.replace(/<(pre|textarea|script|style)\b[\s\S]*?<\/\1\s*>/giu, (m) => `\uE600${pres.push(m) - 1}\uE601`);
  const unindented = held
    .split('\n')
    .map((line) => line.replace(/^[ \t]+/u, ''))
    .join('\n')
    .replace(/\uE600(\d+)\uE601/gu, (_, i: string) => pres[Number(i)] ?? '');
  // Markdown pieces stand between blank lines; the text around them stays as written.
  const parts = unindented.split(/(\uE500\d+\uE501)/u);
  const out = parts.map((part) => {
    const m = /^\uE500(\d+)\uE501$/u.exec(part);
    return m ? `\n\n${html.assemble(part).trim()}\n\n` : part;
  });
  return `${out.join('').replace(/\n{3,}/gu, '\n\n').trim()}\n`;
}

/** Block comments: embed, code and more blocks converted; the comments of every other block dropped. */
function convertBlocks(content: string, html: HtmlBody, attention: Attention): string {
  let text = content.replace(
    /<!--\s*wp:((?:core-embed\/[\w-]+)|embed)\s*(\{[\s\S]*?\})?\s*-->([\s\S]*?)<!--\s*\/wp:\1\s*-->/gu,
    (_, _name: string, json: string | undefined, inner: string) => {
      let url = '';
      try {
        url = String((JSON.parse(json ?? '{}') as { url?: unknown }).url ?? '');
      } catch {
        // Attributes that do not parse: the URL is read from the block's HTML instead.
      }
      if (!url) url = /wp-block-embed__wrapper">\s*(\S+?)\s*</u.exec(inner)?.[1] ?? '';
      if (!url) return inner;
      const caption = /<figcaption[^>]*>([\s\S]*?)<\/figcaption>/u.exec(inner)?.[1]?.trim();
      return html.markdown(embedFor(decodeHTML(url))) + (caption ? `\n<p>${caption}</p>\n` : '');
    },
  );
  text = text.replace(/<!--\s*wp:(code|syntaxhighlighter\/code)\s*(\{[\s\S]*?\})?\s*-->([\s\S]*?)<!--\s*\/wp:\1\s*-->/gu, (whole, _n: string, json: string | undefined, inner: string) => {
    const code = /<code[^>]*>([\s\S]*?)<\/code>/u.exec(inner)?.[1] ?? /<pre[^>]*>([\s\S]*?)<\/pre>/u.exec(inner)?.[1];
    if (code === undefined) return whole;
    let lang = /language-([\w+-]+)/u.exec(inner)?.[1] ?? '';
    try {
      lang ||= String((JSON.parse(json ?? '{}') as { language?: unknown }).language ?? '');
    } catch {
      // No language then.
    }
    return html.markdown(fencedBlock(lang, decodeHTML(code.replace(/&#10;/gu, '\n').replace(/<br\s*\/?>/giu, '\n'))));
  });
  text = text.replace(/<!--\s*wp:more\b[\s\S]*?-->[\s\S]*?<!--\s*\/wp:more\s*-->/gu, () => html.markdown('<!-- more -->'));
  text = text.replace(/<!--\s*wp:nextpage\b[\s\S]*?-->[\s\S]*?<!--\s*\/wp:nextpage\s*-->/gu, () => {
    attention.add('page break (<!--nextpage-->) removed: the post is one page here');
    return '';
  });
  return text.replace(/<!--\s*\/?wp:[\s\S]*?-->/gu, '');
}

/** This blog's embed for a URL: `@[tweet](url)`, `@[youtube](id)`, else the URL alone (an embed or a card). */
export function embedFor(url: string): string {
  const u = URL.canParse(url) ? new URL(url) : undefined;
  const host = u?.hostname.replace(/^(?:www\.|m\.|mobile\.)/u, '') ?? '';
  if (u && (host === 'twitter.com' || host === 'x.com') && /\/status(?:es)?\/\d+/u.test(u.pathname)) return `@[tweet](${url})`;
  const youtube = u && (host === 'youtu.be' ? u.pathname.slice(1) : host === 'youtube.com' ? (u.searchParams.get('v') ?? /^\/(?:embed|shorts|live)\/([\w-]{11})/u.exec(u.pathname)?.[1]) : undefined);
  if (youtube && /^[\w-]{11}$/u.test(youtube) && !u?.searchParams.get('t')) return `@[youtube](${youtube})`;
  return url;
}

// Shortcodes WordPress and Jetpack ship; any other `[name …]` counts only when it has `key=` or a closing tag.
const KNOWN_SHORTCODES = new Set([
  'caption', 'wp_caption', 'embed', 'youtube', 'tweet', 'twitter', 'gist', 'code', 'sourcecode', 'source', 'gallery', 'latex',
  'audio', 'video', 'playlist', 'vimeo', 'soundcloud', 'instagram', 'slideshare', 'googlemaps', 'contact-form', 'archives',
  'polldaddy', 'crowdsignal', 'wpvideo', 'dailymotion', 'ted', 'spotify', 'recipe', 'scribd', 'facebook', 'flickr', 'pinterest', 'twitch',
]);

/** Finds `[name …]` shortcodes (and `[youtube=URL]`) in content. */
function findShortcodes(prose: string): TagMatch[] {
  const closers = new Set([...prose.matchAll(/\[\/([a-z][\w-]*)\]/giu)].map((m) => m[1]!.toLowerCase()));
  const matches: TagMatch[] = [];
  for (const m of prose.matchAll(/\[(\/)?([a-z][\w-]*)(=[^\]\s]+)?((?:\s+[^\]\n]*)?)\]/giu)) {
    const name = m[2]!.toLowerCase();
    const params = m[4] ?? '';
    if (!KNOWN_SHORTCODES.has(name) && !closers.has(name) && !/\w=/u.test(params)) continue;
    if (m[1] && !closers.has(name)) continue;
    const { args, named } = tagParams(params.replace(/\/\s*$/u, ''));
    if (m[3]) args.unshift(m[3].slice(1));
    matches.push({
      index: m.index,
      length: m[0].length,
      token: { raw: m[0], name, closing: m[1] === '/', selfClosing: /\/\s*$/u.test(params), args, named },
    });
  }
  return matches;
}

function renderShortcode(token: TagToken, content: TagContent | undefined, html: HtmlBody, attention: Attention, attachments: Map<string, string>): string {
  const leave = () => {
    attention.add(`[${token.closing ? '/' : ''}${token.name}] shortcode left as text`);
    return content ? token.raw + content.converted + `[/${token.name}]` : token.raw;
  };
  if (token.closing) return leave();
  const first = (token.named.get('url') ?? token.named.get('id') ?? token.args[0] ?? content?.raw ?? '').trim();
  switch (token.name) {
    case 'embed':
    case 'youtube':
    case 'vimeo': {
      const url = (content?.raw.trim() || first).replace(/&amp;/gu, '&');
      if (token.name === 'youtube' && /^[\w-]{11}$/u.test(url)) return html.markdown(`@[youtube](${url})`);
      return /^https?:\/\//iu.test(url) ? html.markdown(embedFor(url)) : leave();
    }
    case 'tweet':
    case 'twitter': {
      if (/^\d+$/u.test(first)) return html.markdown(`@[tweet](https://x.com/i/status/${first})`);
      return /^https?:\/\//iu.test(first) ? html.markdown(`@[tweet](${first})`) : leave();
    }
    case 'gist': {
      const url = /^https?:\/\//iu.test(first) ? first : /^[\w-]+\/[0-9a-f]+$/iu.test(first) ? `https://gist.github.com/${first}` : '';
      return url ? html.markdown(`@[gist](${url.replace(/\.js$/u, '')})`) : leave();
    }
    case 'code':
    case 'sourcecode':
    case 'source': {
      if (!content) return leave();
      const lang = token.named.get('lang') ?? token.named.get('language') ?? token.args[0] ?? '';
      return html.markdown(fencedBlock(lang, decodeHTML(content.raw.replace(/&#10;/gu, '\n'))));
    }
    case 'latex':
      return content ? `$${decodeHTML(content.raw).trim()}$` : leave();
    case 'caption':
    case 'wp_caption': {
      if (!content) return leave();
      const img = /<img\b[^>]*>/iu.exec(content.converted)?.[0];
      if (!img) return leave();
      const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'iu').exec(img)?.slice(1).find((v) => v !== undefined);
      const src = attr('src');
      if (!src) return leave();
      // The image (and a link around it) has no text of its own: what is left is the caption.
      const caption = token.named.get('caption') ?? htmlToText(content.converted);
      const width = Number.parseInt(token.named.get('width') ?? attr('width') ?? '', 10);
      let image = `![${decodeHTML(attr('alt') ?? '').replace(/[[\]]/gu, '\\$&')}](${src.replace(/ /gu, '%20')}${width > 0 ? ` =${width}x` : ''})`;
      // A link to the full-size image is what the engine's image already offers; a link elsewhere is kept.
      const href = /<a\b[^>]*\shref\s*=\s*["']([^"']+)["'][^>]*>\s*<img/iu.exec(content.converted)?.[1];
      if (href && !/\.(?:png|jpe?g|gif|webp|avif|svg)(?:[?#].*)?$/iu.test(href)) image = `[${image}](${href.replace(/ /gu, '%20')})`;
      return html.markdown(caption ? `${image}\n*${caption.replace(/\*/gu, '\\*')}*` : image);
    }
    case 'gallery': {
      const ids = (token.named.get('ids') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const urls = ids.map((i) => attachments.get(i));
      if (ids.length === 0 || urls.some((u) => !u)) {
        attention.add('[gallery] shortcode whose images are not in the export left as text');
        return token.raw;
      }
      return html.markdown(urls.map((u) => `![](${u!.replace(/ /gu, '%20')})`).join('\n\n'));
    }
    default:
      return leave();
  }
}
