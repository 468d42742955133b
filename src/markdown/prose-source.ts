/**
 * Where prose lies in a post's Markdown source, for the pre-passes that rewrite Zenn syntax the parser
 * does not know (`![](url =250x)`, `^[脚注]`) before the real parse. Such syntax counts only where the
 * parser sees plain text: never in code spans or blocks, math, raw HTML, link destinations or images.
 * The source is parsed once (Rust, no rendering) with the features the posts are rendered with.
 */
import { markdownToMdast, type Features, type MdastNode } from 'satteri';

/** The parser features posts are rendered with (processor.ts), so that math is known not to be prose. */
export const POST_FEATURES: Features = { math: true };

/** A text node's source range, and the end of the paragraph, heading or table cell that holds it. */
export interface ProseText {
  start: number;
  end: number;
  blockEnd: number;
}

export interface ProseMap {
  /** Text nodes, in source order. */
  texts: ProseText[];
  /** Source ranges the parser does not read as text (code, math, HTML, link destinations, images), in source order. */
  opaque: [number, number][];
  /** The document's top-level nodes. */
  blocks: MdastNode[];
}

// Leaves whose source is not prose, and nodes whose source is read as a whole (image alt, definitions).
const OPAQUE = new Set(['inlineCode', 'code', 'html', 'math', 'inlineMath', 'yaml', 'toml', 'image', 'imageReference', 'definition', 'footnoteReference']);
const BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

function childrenOf(node: MdastNode): MdastNode[] {
  return 'children' in node && Array.isArray(node.children) ? (node.children as MdastNode[]) : [];
}

function walk(node: MdastNode, blockEnd: number, map: ProseMap): void {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined) return;
  if (node.type === 'text') {
    map.texts.push({ start, end, blockEnd });
    return;
  }
  if (OPAQUE.has(node.type)) {
    map.opaque.push([start, end]);
    return;
  }
  const children = childrenOf(node);
  const innerEnd = BLOCKS.has(node.type) ? end : blockEnd;
  for (const child of children) walk(child, innerEnd, map);
  // A link's destination and title, after its text's closing bracket: `](url "title")`.
  const lastEnd = children.at(-1)?.position?.end.offset;
  if (node.type === 'link' && lastEnd !== undefined && lastEnd + 1 < end) map.opaque.push([lastEnd + 1, end]);
}

/** Parses `source` and maps its prose. */
export function proseMap(source: string, features: Features = POST_FEATURES): ProseMap {
  const root = markdownToMdast(source, { position: true, features });
  const map: ProseMap = { texts: [], opaque: [], blocks: childrenOf(root) };
  walk(root, source.length, map);
  map.opaque.sort((a, b) => a[0] - b[0]);
  return map;
}

/** The text node holding offset `at`, if any (binary search over `texts`). */
export function textAt(map: ProseMap, at: number): ProseText | undefined {
  let low = 0;
  let high = map.texts.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const text = map.texts[mid]!;
    if (at < text.start) high = mid - 1;
    else if (at >= text.end) low = mid + 1;
    else return text;
  }
  return undefined;
}

/** The opaque range that contains `at` or starts after it: the next one a scan from `at` meets. */
export function nextOpaque(map: ProseMap, at: number): [number, number] | undefined {
  let low = 0;
  let high = map.opaque.length;
  // The first range that ends after `at`.
  while (low < high) {
    const mid = (low + high) >> 1;
    if (map.opaque[mid]![1] <= at) low = mid + 1;
    else high = mid;
  }
  return map.opaque[low];
}

/** True when the character at `at` is escaped by an odd run of backslashes before it. */
export function isEscaped(source: string, at: number): boolean {
  let slashes = 0;
  while (source[at - 1 - slashes] === '\\') slashes++;
  return slashes % 2 === 1;
}
