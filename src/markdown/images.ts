/**
 * Images in posts, before Astro's image pipeline turns them into responsive `<img srcset>`:
 * - `sizes` says how wide the image shows (the text column, or the screen less its margins on phones),
 *   so browsers pick the smallest sharp enough file from the srcset;
 * - an image among the first blocks of a post is likely what a reader sees first (the largest paint):
 *   it loads at once with high priority; every other image loads lazily, when scrolled near.
 */
import type { HastNode, HastPluginEntry } from 'satteri';

/** The text column: 38rem wide, with 1.25rem margins on each side on narrow screens. */
export const POST_IMAGE_SIZES = '(min-width: 40.5rem) 38rem, calc(100vw - 2.5rem)';
/** An image in one of a post's first blocks counts as above the fold. */
const ABOVE_THE_FOLD_BLOCKS = 3;

/**
 * A link card's icon or preview (src/markdown/link-card.ts): small, decorative, already sized and lazy,
 * never what a reader sees first.
 */
export function isCardImage(className: unknown): boolean {
  return Array.isArray(className) && className.some((c) => typeof c === 'string' && c.startsWith('link-card-'));
}

export const postImages: HastPluginEntry = () => {
  let first = true;
  return {
    name: 'post-images',
    element: {
      filter: ['img'],
      visit(node, ctx) {
        if (isCardImage(node.properties?.className)) return;
        ctx.setProperty(node, 'sizes', POST_IMAGE_SIZES);
        if (!first) return;
        first = false;
        // The index of the top-level block that holds the image.
        let block: Readonly<HastNode> = node;
        for (;;) {
          const parent: Readonly<HastNode> | undefined = ctx.parent(block);
          if (!parent || parent.type === 'root') break;
          block = parent;
        }
        const root = ctx.parent(block);
        const siblings = root && 'children' in root ? (root.children as HastNode[]) : [];
        const blocksBefore = siblings.slice(0, ctx.indexOf(block) ?? siblings.length).filter((n) => n.type === 'element').length;
        if (blocksBefore < ABOVE_THE_FOLD_BLOCKS) {
          ctx.setProperty(node, 'loading', 'eager');
          ctx.setProperty(node, 'fetchpriority', 'high');
        }
      },
    },
  };
};
