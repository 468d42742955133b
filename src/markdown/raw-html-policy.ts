/**
 * What a post's HTML may not do on the site unless the site trusts it (`rawHtml: 'trusted'` in
 * src/site.config.ts): run script on the site's origin, or change the page around the post.
 *
 * Removed, element and content: `<script>` and `<style>` (in SVG too), `<base>` (it would redirect every
 * relative link of the page), `<meta>` (`http-equiv="refresh"` navigates), `<link>`, `<object>`,
 * `<embed>`, `<applet>`, `<noscript>`, `<template>` (a declarative shadow root is live content), frames,
 * portals, the text elements the parser would copy out unescaped (`<xmp>`, `<noembed>`, ...), and SVG
 * animations that set an `href` or an event handler. Removed attributes: event handlers (`on…`), `srcdoc` (a frame of the
 * site's origin), `form` (ties a control to a form of the page), `name` on the elements documents expose
 * by name (it could hide the page's own properties from its scripts), and URLs with a scheme that runs
 * script (`javascript:`, `vbscript:`) or `data:` outside images, video and audio, read as the browser
 * reads them: entities decoded, tabs and newlines removed, case ignored.
 *
 * Everything else stays as written: tables, `<details>`, `<img>`, `style` attributes, forms, and
 * `<iframe>` embeds from any host. A frame of another site runs in that site's origin and cannot reach
 * this page; a list of known hosts would drop the embeds of blogs brought from elsewhere, and a sandbox
 * breaks some players. Its content (never shown) is dropped.
 */
import { childNodesOf, type ChildNode, type Element, type ParentNode } from './html-fragment.ts';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SVG_NS = 'http://www.w3.org/2000/svg';

const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript', 'livescript']);
/** Removed with their content in every namespace. */
const REMOVED_ANYWHERE = new Set(['script', 'style']);
/** Removed with their content as HTML elements. */
const REMOVED_HTML = new Set([
  'base',
  'meta',
  'link',
  'object',
  'embed',
  'applet',
  'param',
  'noscript',
  'template',
  'frame',
  'frameset',
  'portal',
  'fencedframe',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
]);
const SVG_ANIMATIONS = new Set(['set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor']);
/** Attributes holding one URL. */
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'data', 'codebase', 'longdesc', 'lowsrc', 'dynsrc', 'ping', 'manifest', 'profile', 'usemap', 'icon', 'archive', 'classid']);
/** Attributes holding a list of image URLs. */
const URL_LIST_ATTRIBUTES = new Set(['srcset', 'imagesrcset']);
/** Elements whose URLs load media, where a `data:` image, video or sound is fine. */
const MEDIA_ELEMENTS = new Set(['img', 'source', 'video', 'audio', 'track', 'input', 'picture', 'image', 'feimage']);
/** Elements a document exposes by their `name` (`document.foo`). */
const NAMED_ELEMENTS = new Set(['form', 'img', 'iframe', 'embed', 'object']);
/** An attribute name as HTML and SVG write them; anything else (`"onclick`, `@click`) is dropped. */
const ATTRIBUTE_NAME = /^[a-z_][-a-z0-9_.:]*$/iu;

/** `url` as the URL parser reads it: leading controls and spaces, and every tab and newline, removed. */
function normalizedUrl(url: string): string {
  return url.replace(/^[\u0000-\u0020]+/u, '').replace(/[\t\n\r]/gu, '');
}

/**
 * Why a link or a resource may not have `url` (`javascript:`, `data:`), or undefined when it may.
 * `media`: the URL loads an image, a video or a sound, where `data:` of those types is fine.
 */
export function unsafeUrl(url: string, media: boolean): string | undefined {
  const normal = normalizedUrl(url);
  const scheme = /^([a-z][a-z0-9+.-]*):/iu.exec(normal)?.[1]?.toLowerCase();
  if (!scheme) return undefined;
  if (SCRIPT_SCHEMES.has(scheme)) return `${scheme}:`;
  if (scheme === 'data' && !(media && /^data:(?:image|video|audio)\//iu.test(normal))) return 'data:';
  return undefined;
}

/** Why a srcset (`a.png 1x, b.png 2x`) may not be used: a candidate with a scheme that runs script. */
function unsafeUrlList(value: string): string | undefined {
  const normal = normalizedUrl(value).toLowerCase();
  for (const scheme of SCRIPT_SCHEMES) if (new RegExp(`(?:^|[\\s,])${scheme}:`, 'u').test(normal)) return `${scheme}:`;
  return undefined;
}

const tag = (element: Element) => `<${element.tagName}>`;

/** Why `element` goes with its content, or undefined when it stays. */
function removedElement(element: Element): string | undefined {
  const name = element.tagName.toLowerCase();
  if (REMOVED_ANYWHERE.has(name)) return tag(element);
  if (element.namespaceURI === HTML_NS && REMOVED_HTML.has(name)) return tag(element);
  if (element.namespaceURI === SVG_NS && SVG_ANIMATIONS.has(name)) {
    const target = element.attrs.find((attr) => attr.name.toLowerCase() === 'attributename')?.value.trim().toLowerCase() ?? '';
    if (target === 'href' || target === 'xlink:href' || target.startsWith('on')) return `<${element.tagName} attributeName="${target}">`;
  }
  return undefined;
}

/** Why the attribute `attr` of `element` goes, or undefined when it stays. */
function removedAttribute(element: Element, attr: Element['attrs'][number]): string | undefined {
  const written = attr.prefix ? `${attr.prefix}:${attr.name}` : attr.name;
  const where = `${written} of ${tag(element)}`;
  if (!ATTRIBUTE_NAME.test(written)) return where;
  // `xlink:href` is written so on an HTML element; parse5 gives SVG's its prefix apart.
  const name = written.toLowerCase().replace(/^.*:/u, '');
  if (name.startsWith('on') || name === 'srcdoc' || name === 'form' || written.toLowerCase() === 'xml:base') return where;
  const lowerTag = element.tagName.toLowerCase();
  if (name === 'name' && element.namespaceURI === HTML_NS && NAMED_ELEMENTS.has(lowerTag)) return where;
  if (URL_ATTRIBUTES.has(name)) {
    const scheme = unsafeUrl(attr.value, MEDIA_ELEMENTS.has(lowerTag));
    return scheme && `${scheme} URL (${where})`;
  }
  if (URL_LIST_ATTRIBUTES.has(name)) {
    const scheme = unsafeUrlList(attr.value);
    return scheme && `${scheme} URL (${where})`;
  }
  return undefined;
}

/**
 * Removes from the tree under `parent` what raw HTML may not do (see above) and returns what was
 * removed, each named as written (`<script>`, `onerror of <img>`, `javascript: URL (href of <a>)`).
 */
export function removeWhatRunsScript(parent: ParentNode): string[] {
  const removed: string[] = [];
  const visit = (node: ParentNode) => {
    const children = childNodesOf(node);
    const kept: ChildNode[] = [];
    for (const child of children) {
      if (!('tagName' in child)) {
        kept.push(child);
        continue;
      }
      const why = removedElement(child);
      if (why) {
        removed.push(why);
        continue;
      }
      child.attrs = child.attrs.filter((attr) => {
        const reason = removedAttribute(child, attr);
        if (reason) removed.push(reason);
        return !reason;
      });
      // A frame's content is never shown; the parser keeps it as text that serializes unescaped.
      if (child.tagName === 'iframe' && child.namespaceURI === HTML_NS) child.childNodes = [];
      visit(child);
      kept.push(child);
    }
    children.splice(0, children.length, ...kept);
  };
  visit(parent);
  return removed;
}
