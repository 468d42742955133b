/**
 * Zenn's image syntax:
 * - a width (or size) after the address, `![alt](url =250x)` (also `=250x100` and `=x100`, as
 *   markdown-it-imsize reads them, and `![alt](url "title" =250x)`);
 * - a caption: an emphasis alone on the line right under an image, in the same paragraph,
 *   `![alt](url)⏎*キャプション*`, becomes `<figure><img …><figcaption>キャプション</figcaption></figure>`.
 *
 * CommonMark reads `(url =250x)` as no image at all (a destination has no spaces), so a pre-pass,
 * `prepareImageSizes`, moves the size into the image's title behind a private-use marker before the
 * real parse: `![alt](url "\uE000=250x")`. `imageSizesAndCaptions` then takes the marker out and gives the
 * image `width`/`height`. Astro's image pipeline keeps those (they reach `getImage`): a local image
 * still gets its srcset, sized for that width. `sizedImageSizes` makes the `sizes` hint match it.
 */
import { defineMdastPlugin, type Features, type HastPluginEntry, type MdastNode } from 'satteri';
import { isEscaped, POST_FEATURES, proseMap, textAt, type ProseMap } from './prose-source.ts';
import { isCardImage } from './images.ts';

/** A private-use character: the title part after it is the size that `prepareImageSizes` moved there. */
export const SIZE_MARKER = '\uE000';

const SIZED_TITLE = new RegExp(`${SIZE_MARKER}=(\\d*)x(\\d*)$`, 'u');
const MAYBE_SIZED = /=\d*x\d*[ \t]*\)/u;
// `![alt](destination "title" =WxH)`: alt with one level of nested brackets, a destination in <…> or
// bare (with balanced parentheses), an optional title, then the size.
const SIZED_IMAGE =
  /(!\[(?:\\.|[^\\[\]]|\[(?:\\.|[^\\[\]])*\])*\])\([ \t]*(<[^<>\n]*>|(?:\\.|[^\s()\\]|\((?:\\.|[^\s()\\])*\))+)(?:[ \t]+("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'))?[ \t]+=(\d{0,5})x(\d{0,5})[ \t]*\)/gu;

function overlapsOpaque(map: ProseMap, start: number, end: number): boolean {
  return map.opaque.some(([s, e]) => s < end && e > start);
}

/**
 * `source` with each Zenn-sized image (`![alt](url =250x)`) written as an image the parser reads,
 * its size in the title behind `SIZE_MARKER`. Code, math and HTML are never changed. A document that
 * already contains the marker is left as it is.
 */
export function prepareImageSizes(source: string, features: Features = POST_FEATURES): string {
  if (source.includes(SIZE_MARKER) || !source.includes('![') || !MAYBE_SIZED.test(source)) return source;
  let map: ProseMap | undefined;
  let out = '';
  let last = 0;
  for (const m of source.matchAll(SIZED_IMAGE)) {
    const [whole, image, destination, title, width, height] = m as unknown as [string, string, string, string | undefined, string, string];
    if (!width && !height) continue;
    const start = m.index;
    const end = start + whole.length;
    map ??= proseMap(source, features);
    const text = textAt(map, start);
    // The alt may hold code or HTML; the address, title and size may not.
    if (!text || end > text.blockEnd || isEscaped(source, start) || overlapsOpaque(map, start + image.length, end)) continue;
    const size = `${SIZE_MARKER}=${width}x${height}`;
    const sizedTitle = title ? `${title.slice(0, -1)}${size}${title.slice(-1)}` : `"${size}"`;
    out += `${source.slice(last, start)}${image}(${destination} ${sizedTitle})`;
    last = end;
  }
  return last === 0 ? source : out + source.slice(last);
}

/** The size `prepareImageSizes` put into a title, and the title the author wrote (if any). */
export function sizeFromTitle(title: string | null | undefined): { width?: number; height?: number; title: string | null } | undefined {
  const m = title ? SIZED_TITLE.exec(title) : null;
  if (!title || !m) return undefined;
  const width = Number(m[1]);
  const height = Number(m[2]);
  const rest = title.slice(0, m.index);
  return { ...(width > 0 ? { width } : {}), ...(height > 0 ? { height } : {}), title: rest === '' ? null : rest };
}

type Data = Record<string, unknown> & { hProperties?: Record<string, unknown> };
function dataOf(node: Readonly<MdastNode>): Data {
  return { ...(node.data as Data | undefined) };
}
function withProperties(node: Readonly<MdastNode>, properties: Record<string, unknown>): Data {
  const data = dataOf(node);
  return { ...data, hProperties: { ...data.hProperties, ...properties } };
}

const isBlank = (node: MdastNode): boolean => node.type === 'text' && /^[ \t]*$/u.test(node.value);
const isLineBreak = (node: MdastNode): boolean => node.type === 'break' || (node.type === 'text' && /^[ \t]*\r?\n[ \t]*$/u.test(node.value));
/** An image, or a link around nothing but an image. */
function isImage(node: MdastNode | undefined): boolean {
  if (node?.type === 'image' || node?.type === 'imageReference') return true;
  if (node?.type !== 'link' && node?.type !== 'linkReference') return false;
  const inner = node.children.filter((child) => !isBlank(child));
  return inner.length === 1 && (inner[0]!.type === 'image' || inner[0]!.type === 'imageReference');
}

/**
 * The parts of a caption paragraph: an image, the line break after it, then an emphasis alone on
 * the next line. Undefined for any other paragraph.
 */
function captionParts(children: readonly MdastNode[]): { between: MdastNode[]; emphasis: MdastNode; trailing: MdastNode[] } | undefined {
  const nodes = [...children];
  const trailing: MdastNode[] = [];
  while (nodes.length > 0 && isBlank(nodes.at(-1)!)) trailing.push(nodes.pop()!);
  const emphasis = nodes.pop();
  if (emphasis?.type !== 'emphasis' || !isImage(nodes[0])) return undefined;
  const between = nodes.slice(1);
  if (!between.every((n) => isBlank(n) || isLineBreak(n)) || !between.some(isLineBreak)) return undefined;
  return { between, emphasis, trailing };
}

/**
 * Gives sized images their width and height, and turns an image with a caption line into a figure.
 * Runs before `cjkLineBreaks` (which would join the line break between image and caption) and
 * before `missingImages` (which turns a missing image into raw HTML).
 */
export const imageSizesAndCaptions = defineMdastPlugin({
  name: 'image-sizes-and-captions',
  image(node, ctx) {
    const size = sizeFromTitle(node.title);
    if (!size) return;
    ctx.setProperty(node, 'title', size.title);
    const properties = { ...(size.width ? { width: size.width } : {}), ...(size.height ? { height: size.height } : {}) };
    if (Object.keys(properties).length > 0) ctx.setProperty(node, 'data', withProperties(node, properties));
  },
  paragraph(node, ctx) {
    const parts = captionParts(node.children);
    if (!parts) return;
    // A tight list item shows its paragraph's content without the paragraph, so a figure there would
    // lose its <figure> and leave a bare <figcaption>: the image and its line stay as written.
    const parent = ctx.parent(node);
    if (parent?.type === 'listItem' && !parent.spread) {
      const list = ctx.parent(parent);
      if (list?.type === 'list' && !list.spread) return;
    }
    for (const n of [...parts.between, ...parts.trailing]) ctx.removeNode(n);
    ctx.setProperty(node, 'data', { ...withProperties(node, { className: ['image-figure'] }), hName: 'figure' });
    ctx.setProperty(parts.emphasis, 'data', { ...dataOf(parts.emphasis), hName: 'figcaption' });
  },
});

/** The text column's width in CSS pixels (38rem) and the page margins on narrow screens (2 × 1.25rem). */
const COLUMN_PX = 608;
const MARGINS_PX = 40;

/**
 * The `sizes` hint for an image shown narrower than the text column: its own width once the screen
 * has room for it, so the browser picks the file that fits from the srcset. Runs after `postImages`,
 * which sets the column's `sizes` on the images that get a srcset (and on no other: `sizes` without
 * a srcset is invalid).
 */
export const sizedImageSizes: HastPluginEntry = {
  name: 'sized-image-sizes',
  element: {
    filter: ['img'],
    visit(node, ctx) {
      if (isCardImage(node.properties?.className) || node.properties?.['sizes'] === undefined) return;
      const width = Number(node.properties?.['width']);
      if (!Number.isInteger(width) || width <= 0 || width >= COLUMN_PX) return;
      ctx.setProperty(node, 'sizes', `(min-width: ${width + MARGINS_PX}px) ${width}px, calc(100vw - 2.5rem)`);
    },
  },
};
