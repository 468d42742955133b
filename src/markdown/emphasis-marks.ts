/**
 * Emphasis (`*強調*`, `<em>`) for Chinese, Japanese and Korean text: their fonts have no italics, so
 * browsers slant the glyphs, which Japanese typesetting never does. Each run of CJK characters in an
 * `<em>` is wrapped in `<span class="emphasis-marks">`, which the site's CSS sets upright with
 * emphasis marks (傍点, `text-emphasis`); Latin text in the same `<em>` keeps its real italics.
 * Only the markup changes: copying, search and summaries read the same text.
 */
import type { Element, ElementContent } from 'hast';
import type { HastPluginEntry } from 'satteri';

export const EMPHASIS_MARKS_CLASS = 'emphasis-marks';
/** Where text is shown as it is. */
const VERBATIM = new Set(['code', 'kbd', 'samp', 'pre', 'script', 'style', 'svg', 'math']);
/**
 * Han, kana, Hangul and Bopomofo (with the marks they share: `ー`, `々`), CJK punctuation, and
 * fullwidth forms.
 */
const CJK = String.raw`\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6`;
const CJK_RUN = new RegExp(`[${CJK}]+`, 'gu');
const HAS_CJK = new RegExp(`[${CJK}]`, 'u');

function hasClass(node: Element, name: string): boolean {
  const className = node.properties?.className;
  return Array.isArray(className) && className.includes(name);
}

/** `text` with its CJK runs wrapped; the text nodes alone when it has none. */
function markRuns(text: string): ElementContent[] {
  const out: ElementContent[] = [];
  let at = 0;
  for (const match of text.matchAll(CJK_RUN)) {
    if (match.index > at) out.push({ type: 'text', value: text.slice(at, match.index) });
    out.push({ type: 'element', tagName: 'span', properties: { className: [EMPHASIS_MARKS_CLASS] }, children: [{ type: 'text', value: match[0] }] });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ type: 'text', value: text.slice(at) });
  return out;
}

/** `nodes` with every CJK run of their text marked, inline elements (links, `<strong>`) included. */
export function withEmphasisMarks(nodes: readonly ElementContent[]): ElementContent[] {
  return nodes.flatMap((node): ElementContent[] => {
    if (node.type === 'text') return markRuns(node.value);
    if (node.type === 'element' && !VERBATIM.has(node.tagName) && !hasClass(node, EMPHASIS_MARKS_CLASS)) {
      return [{ ...node, children: withEmphasisMarks(node.children) }];
    }
    return [node];
  });
}

export const emphasisMarks: HastPluginEntry = ({ source }) =>
  // Emphasis is written with `*`, `_` or `<em>`: a post with none of them leaves the plugin out.
  /[*_]|<em\b/iu.test(source) && {
    name: 'emphasis-marks',
    element: {
      filter: ['em'],
      visit(node, ctx) {
        // Emphasis of Latin text alone keeps its italics, untouched.
        if (!HAS_CJK.test(ctx.textContent(node))) return undefined;
        return { ...node, children: withEmphasisMarks(node.children) };
      },
    },
  };
