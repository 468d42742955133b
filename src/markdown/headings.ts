/**
 * Headings of a post: an id that keeps Japanese (`## 手順` -> `#手順`), unique within the page, a link
 * to it for copying, and phrase boundaries (`<wbr>`) so that a heading never wraps inside a word.
 * Astro's own heading plugin runs after this one and keeps these ids, so the table of contents uses them.
 */
import GithubSlugger, { slug } from 'github-slugger';
import type { HastNode, HastPluginEntry } from 'satteri';
import { phrases } from '../typesetting/phrases.ts';
import { ui } from '../blog/ui.ts';
import { site } from '../site.config.ts';

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];
/** Headings that get a visible link anchor. */
const ANCHORED = new Set(['h2', 'h3', 'h4']);
/** Where text is not split into phrases. */
const KEEP_WHOLE = new Set(['code', 'kbd', 'samp', 'pre', 'script', 'style']);

function withPhraseBreaks(nodes: readonly HastNode[]): HastNode[] {
  return nodes.flatMap((node): HastNode[] => {
    if (node.type === 'text') {
      return phrases(node.value).flatMap((part, i): HastNode[] =>
        i === 0 ? [{ type: 'text', value: part }] : [{ type: 'element', tagName: 'wbr', properties: {}, children: [] }, { type: 'text', value: part }],
      );
    }
    if (node.type === 'element' && !KEEP_WHOLE.has(node.tagName)) {
      return [{ ...node, children: withPhraseBreaks(node.children as HastNode[]) } as HastNode];
    }
    return [node];
  });
}

export const headings: HastPluginEntry = () => {
  const slugger = new GithubSlugger();
  return {
    name: 'headings',
    element: {
      filter: HEADINGS,
      visit(node, ctx) {
        if (typeof node.properties?.id === 'string') return undefined; // set by the author or GFM (footnotes)
        const text = ctx.textContent(node);
        // A heading of only symbols (`` #### `==` ``) slugs to nothing: it still needs an id to link to.
        const id = slugger.slug(slug(text) === '' ? 'section' : text);
        const lang = typeof ctx.data.astro?.frontmatter?.lang === 'string' ? ctx.data.astro.frontmatter.lang : site.lang;
        const children = withPhraseBreaks(node.children as HastNode[]);
        if (ANCHORED.has(node.tagName)) {
          children.push({
            type: 'element',
            tagName: 'a',
            properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: ui(lang).linkToHeading(text) },
            children: [],
          });
        }
        return { type: 'element', tagName: node.tagName, properties: { ...node.properties, id }, children };
      },
    },
  };
};
