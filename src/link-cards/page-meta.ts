/**
 * What a link card shows, read from a fetched page's bytes: the text decoded in the page's encoding
 * (Shift_JIS and EUC-JP included), then title, description, site name, icon and image from Open
 * Graph, Twitter and plain meta tags, `<title>` and `<link rel=icon>`. Pure: no network, no files.
 * Everything is hostile text: strings come out plain ({@link plainText}), URLs resolved and http(s) only.
 */
import { parse } from 'parse5';
import type { DefaultTreeAdapterTypes } from 'parse5';
import { plainText } from './plain-text.ts';

/** Lengths the store promises (src/content/link-cards.json). */
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 300;
export const SITE_NAME_MAX = 100;

/** What a page says about itself, cleaned. Icon and image URLs are candidates, best first. */
export interface PageMeta {
  title: string;
  description: string;
  siteName: string;
  iconUrls: string[];
  imageUrls: string[];
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
// How far into the bytes a `<meta charset>` is looked for (the HTML standard's prescan reads 1024;
// pages with long comments or scripts before it are common enough to look further).
const PRESCAN_BYTES = 4096;

// Labels TextDecoder does not know that Japanese pages use.
const LABEL_ALIASES: Record<string, string> = {
  cp932: 'shift_jis',
  'x-cp932': 'shift_jis',
  eucjp: 'euc-jp',
  'x-eucjp': 'euc-jp',
  'euc_jp': 'euc-jp',
  'shift-jis': 'shift_jis',
  sjis: 'shift_jis',
  'x-sjis': 'shift_jis',
};

/** The WHATWG name of an encoding label, or undefined when TextDecoder does not know it. */
export function encodingForLabel(label: string): string | undefined {
  const clean = label.trim().replace(/^["']|["']$/gu, '').trim().toLowerCase();
  if (!clean) return undefined;
  try {
    return new TextDecoder(LABEL_ALIASES[clean] ?? clean).encoding;
  } catch {
    return undefined;
  }
}

function charsetParameter(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/iu.exec(contentType);
  return m ? encodingForLabel(m[2]!) : undefined;
}

function bomEncoding(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/** The encoding a `<meta charset>` or `<meta http-equiv=content-type>` near the start declares. */
export function metaCharset(bytes: Uint8Array): string | undefined {
  // Latin-1 maps every byte to one character, so ASCII markup reads the same in any ASCII-based encoding.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES)).replace(/<!--[\s\S]*?-->/gu, '');
  for (const tag of head.matchAll(/<meta\b[^>]*>/giu)) {
    const m = /\bcharset\s*=\s*["']?\s*([^\s"';/>]+)/iu.exec(tag[0]);
    if (!m) continue;
    const encoding = encodingForLabel(m[1]!);
    // A page that declares UTF-16 in ASCII markup is not UTF-16 (the HTML standard reads it as UTF-8).
    if (encoding) return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  }
  return undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding of a page: a byte-order mark (it cannot be mistaken), else the Content-Type header's
 * charset, else `<meta charset>`, else UTF-8. Servers often send `charset=UTF-8` for every file: when
 * the bytes are not UTF-8 and the page declares another encoding itself, the page is believed.
 */
export function sniffEncoding(bytes: Uint8Array, contentType: string): string {
  const bom = bomEncoding(bytes);
  if (bom) return bom;
  const header = charsetParameter(contentType);
  const meta = metaCharset(bytes);
  if (header) {
    // Cut bytes may end inside a character: judge UTF-8 validity without the last three.
    if (header === 'utf-8' && meta && meta !== 'utf-8' && !isValidUtf8(bytes.subarray(0, Math.max(0, bytes.length - 3)))) {
      return meta;
    }
    return header;
  }
  return meta ?? 'utf-8';
}

/** The page's text, decoded as {@link sniffEncoding} decides; undecodable bytes become U+FFFD. */
export function decodePage(bytes: Uint8Array, contentType: string): { text: string; encoding: string } {
  const encoding = sniffEncoding(bytes, contentType);
  return { text: new TextDecoder(encoding).decode(bytes), encoding };
}

type Element = DefaultTreeAdapterTypes.Element;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;

interface IconLink {
  href: string;
  rel: string[];
  sizes: string;
  type: string;
  order: number;
}

interface Collected {
  baseHref?: string;
  title?: string;
  meta: Map<string, string[]>;
  icons: IconLink[];
  imageSrc: string[];
}

function attr(el: Element, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name && !a.namespace)?.value;
}

// A title is raw text: its children are text nodes only.
function textOf(el: Element): string {
  let out = '';
  for (const child of el.childNodes) {
    if (child.nodeName === '#text') out += (child as DefaultTreeAdapterTypes.TextNode).value;
  }
  return out;
}

function visit(el: Element, into: Collected): void {
  switch (el.tagName) {
    case 'title':
      into.title ??= textOf(el);
      break;
    case 'base': {
      const href = attr(el, 'href');
      if (href !== undefined) into.baseHref ??= href;
      break;
    }
    case 'meta': {
      const content = attr(el, 'content');
      const key = (attr(el, 'property') ?? attr(el, 'name') ?? '').trim().toLowerCase();
      if (content !== undefined && key) {
        const list = into.meta.get(key) ?? [];
        list.push(content);
        into.meta.set(key, list);
      }
      break;
    }
    case 'link': {
      const rel = (attr(el, 'rel') ?? '').toLowerCase().split(/\s+/u).filter(Boolean);
      const href = attr(el, 'href');
      if (href === undefined) break;
      if (rel.includes('icon') || rel.includes('apple-touch-icon') || rel.includes('apple-touch-icon-precomposed')) {
        into.icons.push({
          href,
          rel,
          sizes: (attr(el, 'sizes') ?? '').toLowerCase(),
          type: (attr(el, 'type') ?? '').toLowerCase(),
          order: into.icons.length,
        });
      }
      if (rel.includes('image_src')) into.imageSrc.push(href);
      break;
    }
    default:
      break;
  }
}

/** Walks the document in order, without recursion (a hostile page may nest elements very deep). */
function collect(document: ParentNode, into: Collected): void {
  const stack: DefaultTreeAdapterTypes.ChildNode[] = [...document.childNodes].reverse();
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (!('tagName' in node)) continue;
    // Only HTML elements count: an SVG `<title>` is not the page's title.
    if (node.namespaceURI !== HTML_NS) continue;
    visit(node, into);
    // A template's content is inert and kept apart from its children by the parser.
    for (let i = node.childNodes.length - 1; i >= 0; i--) stack.push(node.childNodes[i]!);
  }
}

/** An absolute http(s) URL, or undefined for anything else (`javascript:`, `data:`, garbage). */
export function httpUrl(text: string, base: string): string | undefined {
  // URLs lose surrounding whitespace and any control characters in them, as browsers do.
  const clean = text.replace(/[\u0000-\u001f\u007f]/gu, '').trim();
  if (!clean || clean.length > 2048) return undefined;
  let url: URL;
  try {
    url = new URL(clean, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username || url.password) return undefined;
  return url.href;
}

function firstText(values: (string | undefined)[], max: number): string {
  for (const v of values) {
    if (v === undefined) continue;
    const text = plainText(v, max);
    if (text) return text;
  }
  return '';
}

function largestSize(sizes: string): number | undefined {
  if (sizes === 'any') return undefined;
  let best: number | undefined;
  for (const m of sizes.matchAll(/(\d+)x(\d+)/gu)) best = Math.max(best ?? 0, Number(m[1]));
  return best;
}

/**
 * Icons best first: a raster at least 64px (the nearest to 64), then SVG (drawn to 64px), then
 * rasters of unknown size, then smaller ones, largest first; `/favicon.ico` last.
 */
function rankIcons(icons: IconLink[]): IconLink[] {
  const rank = (icon: IconLink): [number, number] => {
    const svg = icon.type.includes('svg') || /\.svgz?(?:[?#]|$)/iu.test(icon.href);
    if (svg) return [1, 0];
    const size = largestSize(icon.sizes) ?? (icon.rel.some((r) => r.startsWith('apple-touch-icon')) ? 180 : undefined);
    if (size === undefined) return [2, 0];
    if (size >= 64) return [0, size - 64];
    return [3, -size];
  };
  return [...icons].sort((a, b) => {
    const [ra, sa] = rank(a);
    const [rb, sb] = rank(b);
    return ra - rb || sa - sb || a.order - b.order;
  });
}

function unique(urls: (string | undefined)[]): string[] {
  return [...new Set(urls.filter((u): u is string => u !== undefined))];
}

/**
 * Reads a decoded page. `pageUrl` is the URL it was finally fetched from, against which (or its
 * `<base href>`) relative icon and image URLs resolve.
 */
export function extractPageMeta(html: string, pageUrl: string): PageMeta {
  const found: Collected = { meta: new Map(), icons: [], imageSrc: [] };
  collect(parse(html), found);
  const base = (found.baseHref !== undefined && httpUrl(found.baseHref, pageUrl)) || pageUrl;
  const meta = (key: string) => found.meta.get(key) ?? [];

  const title = firstText([...meta('og:title'), ...meta('twitter:title'), found.title], TITLE_MAX);
  const description = firstText(
    [...meta('og:description'), ...meta('twitter:description'), ...meta('description')],
    DESCRIPTION_MAX,
  );
  const siteName = firstText([...meta('og:site_name'), ...meta('application-name')], SITE_NAME_MAX);

  const imageUrls = unique(
    [
      ...meta('og:image:secure_url'),
      ...meta('og:image'),
      ...meta('og:image:url'),
      ...meta('twitter:image'),
      ...meta('twitter:image:src'),
      ...found.imageSrc,
    ].map((u) => httpUrl(u, base)),
  );
  const iconUrls = unique([
    ...rankIcons(found.icons).map((icon) => httpUrl(icon.href, base)),
    httpUrl('/favicon.ico', pageUrl),
  ]);
  return { title, description, siteName, iconUrls, imageUrls };
}

/** {@link decodePage} then {@link extractPageMeta}. */
export function pageMetaFromBytes(bytes: Uint8Array, contentType: string, pageUrl: string): PageMeta {
  return extractPageMeta(decodePage(bytes, contentType).text, pageUrl);
}
