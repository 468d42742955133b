/**
 * Short hyphenated Latin words in a post's text (`e-Tax`, `Wi-Fi`, `x86-64`) wrapped in
 * `<span class="keep-word">`, which the site's CSS keeps on one line (src/typesetting/hyphenated-words.ts
 * says which words). Only the markup changes: the text, and so copying, search, summaries and
 * heading ids, stays as written. Feeds carry the span without the CSS, where it does nothing.
 */
import type { ElementContent, Text } from 'hast';
import type { HastPluginEntry, HastVisitorContext } from 'satteri';
import { hasWordToKeep, splitHyphenatedWords } from '../typesetting/hyphenated-words.ts';

export const KEEP_WORD_CLASS = 'keep-word';
/** Where text is shown as it is, or is not prose. */
const VERBATIM = new Set(['code', 'kbd', 'samp', 'pre', 'script', 'style', 'textarea', 'svg', 'math']);

function insideVerbatim(node: Readonly<Text>, ctx: HastVisitorContext): boolean {
  for (let parent = ctx.parent(node); parent?.type === 'element'; parent = ctx.parent(parent)) {
    if (VERBATIM.has(parent.tagName)) return true;
    const className = parent.properties?.className;
    // A word already kept, and KaTeX's HTML (its text is a formula's, laid out by KaTeX's own CSS).
    if (Array.isArray(className) && (className.includes(KEEP_WORD_CLASS) || className.includes('katex'))) return true;
  }
  return false;
}

// Text nodes are visited rather than blocks: measured on real posts, reading each block's text and
// walking the blocks that hold a word costs more than a visit per text node.
export const hyphenatedWords: HastPluginEntry = ({ source }) =>
  // A post without a single one leaves the plugin out of its pipeline.
  hasWordToKeep(source) && {
    name: 'hyphenated-words',
    text(node, ctx) {
      if (!hasWordToKeep(node.value) || insideVerbatim(node, ctx)) return;
      ctx.replaceNode(
        node,
        splitHyphenatedWords(node.value).map((piece): ElementContent =>
          piece.keep
            ? { type: 'element', tagName: 'span', properties: { className: [KEEP_WORD_CLASS] }, children: [{ type: 'text', value: piece.text }] }
            : { type: 'text', value: piece.text },
        ),
      );
    },
  };
