/**
 * A post's rendered HTML as feeds carry it. A feed reader has none of the site's CSS or scripts, and
 * shows the HTML away from the post's URL. The HTML is parsed as a browser parses it (parse5), changed
 * as a tree and written out again, so that every attribute HTML allows (unquoted, or holding `>`)
 * comes through whole and correctly escaped:
 * - link and media URLs (`href`, `src`, `srcset`, `poster`, `cite`, `data`) are resolved against the
 *   post's URL; one written from the site's root goes under the site's base path, as
 *   src/markdown/base-links.ts moves such links on pages;
 * - parts only for the page are left out: what is hidden from screen readers because it repeats
 *   other content visually (`aria-hidden="true"`: KaTeX's HTML beside its MathML, decorative icons),
 *   what works only with the site's script (`data-feed="omit"`: an embed's load button), and
 *   templates, which nothing shows;
 * - links with nothing in them (a heading's `#` link, drawn by CSS) are left out;
 * - code blocks are plain text: shiki colours each token with a span whose colour is one of the site's
 *   CSS variables (`var(--code-token-keyword)`), which means nothing without the site's CSS;
 * - a code block's caption (src/markdown/code-blocks.ts) reads `file name (language)`: on the page CSS
 *   sets the two apart, without it they would run together.
 */
import { defaultTreeAdapter, html, parseFragment, serialize, type DefaultTreeAdapterTypes } from 'parse5';
import { underBase } from '../markdown/base-links.ts';
import { rewriteSrcset } from './srcset.ts';

type Element = DefaultTreeAdapterTypes.Element;
type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type ParentNode = DefaultTreeAdapterTypes.ParentNode;
type TextNode = DefaultTreeAdapterTypes.TextNode;

/** HTML elements' attributes that hold a URL (`srcset` holds several). */
const URL_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  input: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  iframe: ['src'],
  embed: ['src'],
  script: ['src'],
  object: ['data'],
  blockquote: ['cite'],
  q: ['cite'],
  del: ['cite'],
  ins: ['cite'],
};
/** SVG elements whose `href` (or `xlink:href`) leaves the image; `<use href="#id">` stays inside it. */
const SVG_LINKS = new Set(['a', 'image']);
/** Attributes that style an element or serve the page's script: nothing in a feed reader reads them. */
const PRESENTATION = (name: string) => name === 'style' || name === 'tabindex' || name.startsWith('data-');
/** Classes that say something without the site's CSS: the code's language, as CommonMark writes it. */
const MEANINGFUL_CLASS = /^language-/u;

/** What separates the names of a `class` attribute. */
const SPACES = /[\t\n\f\r ]+/u;

const isElement = (node: ChildNode): node is Element => 'tagName' in node;
const isText = (node: ChildNode): node is TextNode => node.nodeName === '#text';
const isHtml = (node: Element, tagName: string) => node.tagName === tagName && node.namespaceURI === html.NS.HTML;
const attribute = (node: Element, name: string) => node.attrs.find((a) => a.name === name && !a.namespace)?.value;
const hasClass = (node: Element, name: string) => (attribute(node, 'class') ?? '').split(SPACES).includes(name);

function setChildren(parent: ParentNode, children: ChildNode[]): void {
  parent.childNodes = children;
  for (const child of children) child.parentNode = parent;
}

/** Whether `node` is only for the page (see the module comment). */
function onlyForThePage(node: Element): boolean {
  return attribute(node, 'aria-hidden') === 'true' || attribute(node, 'data-feed') === 'omit' || isHtml(node, 'template');
}

/** `value` as an absolute URL: a root-relative one under `base`, then resolved against `page`. */
function resolveUrl(value: string, page: URL, base: string): string {
  try {
    return new URL(underBase(value.trim(), base), page).href;
  } catch {
    return value; // not a URL a browser could follow either: left as written
  }
}

function resolveUrls(node: Element, page: URL, base: string): void {
  const resolve = (url: string) => resolveUrl(url, page, base);
  if (node.namespaceURI === html.NS.HTML) {
    const names = URL_ATTRIBUTES[node.tagName] ?? [];
    for (const attr of node.attrs) {
      if (attr.namespace || !names.includes(attr.name)) continue;
      attr.value = attr.name === 'srcset' ? rewriteSrcset(attr.value, resolve) : resolve(attr.value);
    }
  } else if (node.namespaceURI === html.NS.SVG && SVG_LINKS.has(node.tagName)) {
    for (const attr of node.attrs) {
      if (attr.name === 'href' && (!attr.namespace || attr.namespace === html.NS.XLINK)) attr.value = resolve(attr.value);
    }
  }
}

/**
 * `pre` as plain text: the spans that colour it unwrapped, no styling left on it or inside it (a
 * `language-*` class stays). Other elements in it (an author's links) are kept.
 */
function plainCode(pre: Element): void {
  const elements: Element[] = [];
  const stack = [pre];
  for (let node = stack.pop(); node; node = stack.pop()) {
    elements.push(node);
    for (const child of node.childNodes) if (isElement(child)) stack.push(child);
  }
  // Each element comes before its descendants in `elements`: backwards, a span's children are
  // already unwrapped when its parent takes them.
  for (const node of elements.reverse()) {
    setChildren(node, node.childNodes.flatMap((child) => (isElement(child) && isHtml(child, 'span') ? child.childNodes : [child])));
    node.attrs = node.attrs.flatMap((a) => {
      if (a.namespace) return [a];
      if (a.name === 'class') {
        const kept = a.value.split(SPACES).filter((name) => MEANINGFUL_CLASS.test(name));
        return kept.length > 0 ? [{ ...a, value: kept.join(' ') }] : [];
      }
      return PRESENTATION(a.name) ? [] : [a];
    });
  }
  // A parser drops a line break just after `<pre>`: a text that starts with one needs another.
  const first = pre.childNodes[0];
  if (first && isText(first) && first.value.startsWith('\n')) first.value = `\n${first.value}`;
}

/**
 * The caption of a code block (`figure.code-block`, src/markdown/code-blocks.ts) as one line of text:
 * the file name as code (a link when the block came from a permalink), then the language in
 * parentheses, or the language alone.
 */
function plainCodeCaption(figure: Element): void {
  const caption = figure.childNodes.find((child): child is Element => isElement(child) && isHtml(child, 'figcaption'));
  if (!caption) return;
  const titled = caption.childNodes.some((child) => isElement(child) && hasClass(child, 'code-title'));
  setChildren(
    caption,
    caption.childNodes.map((child): ChildNode => {
      if (!isElement(child)) return child;
      if (hasClass(child, 'code-title')) {
        const name = defaultTreeAdapter.createElement('code', html.NS.HTML, []);
        setChildren(name, child.childNodes);
        if (!isHtml(child, 'a')) return name;
        child.attrs = child.attrs.filter((a) => a.name !== 'class');
        setChildren(child, [name]);
        return child;
      }
      if (hasClass(child, 'code-lang')) {
        const language = textOf(child);
        return defaultTreeAdapter.createTextNode(titled ? ` (${language})` : language);
      }
      return child;
    }),
  );
}

/** The text inside `node`, in document order. */
function textOf(node: Element): string {
  return node.childNodes.map((child) => (isText(child) ? child.value : isElement(child) ? textOf(child) : '')).join('');
}

/** Whether a link shows nothing: no element in it and no text but white space. */
function showsNothing(link: Element): boolean {
  return link.childNodes.every((child) => child.nodeName === '#comment' || (isText(child) && child.value.trim() === ''));
}

/**
 * `body` (a post's rendered HTML) as feeds carry it: see the module comment. `pageUrl` is the post's
 * absolute URL, `base` the site's base path (`/`, or `/blog/` for a site under a sub-path). The same
 * input always gives the same output.
 */
export function feedHtml(body: string, pageUrl: string, base = '/'): string {
  const page = new URL(pageUrl);
  const fragment = parseFragment(body);
  const links: Element[] = [];
  const codeBlocks: Element[] = [];
  const codeFigures: Element[] = [];
  const stack: ParentNode[] = [fragment];
  for (let parent = stack.pop(); parent; parent = stack.pop()) {
    // Left out before its children are visited: nothing inside a part left out is touched.
    setChildren(parent, parent.childNodes.filter((child) => !(isElement(child) && onlyForThePage(child))));
    for (const child of parent.childNodes) {
      if (!isElement(child)) continue;
      resolveUrls(child, page, base);
      if (isHtml(child, 'a')) links.push(child);
      else if (isHtml(child, 'pre')) codeBlocks.push(child);
      else if (isHtml(child, 'figure') && hasClass(child, 'code-block')) codeFigures.push(child);
      stack.push(child);
    }
  }
  for (const pre of codeBlocks) plainCode(pre);
  for (const figure of codeFigures) plainCodeCaption(figure);
  // Backwards, as a link is found before anything inside it: were links ever nested, the inner one
  // would go first and the outer one be judged by what is left in it.
  for (const link of links.reverse()) {
    const parent = link.parentNode;
    if (parent && showsNothing(link)) setChildren(parent, parent.childNodes.filter((child) => child !== link));
  }
  return serialize(fragment);
}
