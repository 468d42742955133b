/**
 * Pages and post HTML read as a browser reads them (parse5), for tests of raw HTML in posts: where
 * the page's landmarks ended up (a post's HTML must leave them where the layout put them), and which
 * constructs in some HTML could run script or change the page.
 */
import { parse, parseFragment, type DefaultTreeAdapterTypes } from 'parse5';

type Node = DefaultTreeAdapterTypes.Node;
type Element = DefaultTreeAdapterTypes.Element;

const isElement = (node: Node): node is Element => 'tagName' in node;
const childrenOf = (node: Node): Node[] => {
  const template = node as Partial<DefaultTreeAdapterTypes.Template>;
  if (isElement(node) && node.tagName === 'template' && template.content) return template.content.childNodes;
  return 'childNodes' in node ? node.childNodes : [];
};

/** Every element under `node`, in document order, with its ancestors (nearest last). */
export function* elementsWithAncestors(node: Node, ancestors: Element[] = []): Generator<{ element: Element; ancestors: Element[] }> {
  for (const child of childrenOf(node)) {
    if (!isElement(child)) continue;
    yield { element: child, ancestors };
    yield* elementsWithAncestors(child, [...ancestors, child]);
  }
}

const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name && !a.prefix)?.value;

/** `tag.class` of an element (first class only), as landmarks are named below. */
function label(element: Element): string {
  const first = attr(element, 'class')?.split(/\s+/u)[0];
  return first ? `${element.tagName}.${first}` : element.tagName;
}

/** The text under `node`. */
export function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterTypes.TextNode).value;
  return childrenOf(node).map(textOf).join('');
}

/** A page, parsed as a browser parses it. */
export function parsePage(html: string): DefaultTreeAdapterTypes.Document {
  return parse(html);
}

/**
 * Where each landmark of a page is: `body>main>article`, `body>footer.site-footer`, ... Landmarks are
 * the page's header, main, article, related posts, post navigation, footer and footer form, found in
 * HTML elements only (an `<svg>` left open makes them SVG elements, which show nothing).
 */
export function landmarks(document: DefaultTreeAdapterTypes.Document, wanted: string[]): string[] {
  const found: string[] = [];
  for (const { element, ancestors } of elementsWithAncestors(document)) {
    if (element.namespaceURI !== 'http://www.w3.org/1999/xhtml' || !wanted.includes(label(element))) continue;
    const path = [...ancestors.filter((a) => a.tagName !== 'html'), element].map((e) => (wanted.includes(label(e)) || e.tagName === 'body' ? label(e) : undefined));
    found.push(path.filter(Boolean).join('>'));
  }
  return found;
}

/** The elements a text is inside that change how it shows (bold, a link, a table, a select, ...). */
export function wrappersOf(document: DefaultTreeAdapterTypes.Document, element: string): string[] {
  const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u', 'table', 'select', 'svg', 'math', 'template', 'form', 'noscript']);
  for (const { element: e, ancestors } of elementsWithAncestors(document)) {
    if (label(e) === element) return ancestors.map((a) => a.tagName).filter((name) => FORMATTING.has(name));
  }
  return [`(no ${element})`];
}

const SCRIPT_URL = /^(?:javascript|vbscript|livescript|data):/iu;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'data', 'background', 'cite', 'srcset']);

/** The first element labelled `wanted` (`div.prose`, `footer.site-footer`) under `root`. */
export function findElement(root: Node, wanted: string): Element | undefined {
  for (const { element } of elementsWithAncestors(root)) if (label(element) === wanted) return element;
  return undefined;
}

/**
 * Constructs under `root` that could run script or change the page, as written (`<script>`,
 * `onerror on <img>`, `javascript: in href of <a>`): empty when there are none. `data:` images are fine.
 * `html` may be given instead, read as a fragment (a post's HTML, a feed item's content).
 */
export function scriptRunners(root: Node | string): string[] {
  const found: string[] = [];
  for (const { element } of elementsWithAncestors(typeof root === 'string' ? parseFragment(root) : root)) {
    const name = element.tagName.toLowerCase();
    if (['script', 'style', 'base', 'meta', 'link', 'object', 'embed', 'applet', 'frame', 'frameset', 'portal', 'noscript', 'template'].includes(name)) found.push(`<${name}>`);
    if (['set', 'animate'].includes(name) && /href/iu.test(attr(element, 'attributeName') ?? attr(element, 'attributename') ?? '')) found.push(`<${name}> of an href`);
    for (const a of element.attrs) {
      const attrName = a.name.toLowerCase();
      if (attrName.startsWith('on') || attrName === 'srcdoc') found.push(`${attrName} on <${name}>`);
      const url = a.value.replace(/^[\u0000-\u0020]+/u, '').replace(/[\t\n\r]/gu, '');
      if (URL_ATTRIBUTES.has(attrName) && SCRIPT_URL.test(url) && !/^data:(?:image|video|audio)\//iu.test(url)) found.push(`${url.split(':')[0]}: in ${attrName} of <${name}>`);
    }
  }
  return found;
}
