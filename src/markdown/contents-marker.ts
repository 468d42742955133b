/**
 * Hatena Blog's `[:contents]`, alone in its paragraph, places the table of contents there: the post's
 * `h2`-`h4` headings as nested links, marked up as the page's own table of contents
 * (src/components/TableOfContents.astro), which the post page then leaves out. Runs after the
 * headings plugin, which gives headings their ids.
 */
import type { Element, ElementContent } from 'hast';
import type { HastNode, HastPluginEntry } from 'satteri';
import { site } from '../site.config.ts';
import { ui } from '../blog/ui.ts';

const MARKER = '[:contents]';
const LEVELS: Record<string, number> = { h2: 2, h3: 3, h4: 4 };

/** Whether a post's rendered HTML holds its own table of contents. */
export function hasInlineContents(html: string): boolean {
  return html.includes('data-inline-toc');
}

interface Entry {
  depth: number;
  id: string;
  text: string;
  children: Entry[];
}

function headingsIn(node: HastNode, textOf: (n: HastNode) => string, out: Omit<Entry, 'children'>[] = []) {
  if (node.type === 'element' && LEVELS[node.tagName] && typeof node.properties?.id === 'string' && node.properties.id !== 'footnote-label') {
    out.push({ depth: LEVELS[node.tagName]!, id: node.properties.id, text: textOf(node).trim() });
    return out;
  }
  if ('children' in node) for (const child of node.children as HastNode[]) headingsIn(child, textOf, out);
  return out;
}

function list(entries: Entry[]): Element {
  return {
    type: 'element',
    tagName: 'ol',
    properties: {},
    children: entries.map((e): ElementContent => ({
      type: 'element',
      tagName: 'li',
      properties: {},
      children: [
        { type: 'element', tagName: 'a', properties: { href: `#${e.id}` }, children: [{ type: 'text', value: e.text }] },
        ...(e.children.length > 0 ? [list(e.children)] : []),
      ],
    })),
  };
}

export const contentsMarker: HastPluginEntry = (factory) => {
  if (!factory.source.includes(MARKER)) return null;
  return {
    name: 'contents-marker',
    element: {
      filter: ['p'],
      visit(node, ctx) {
        if (node.children.length !== 1 || node.children[0]?.type !== 'text' || node.children[0].value.trim() !== MARKER) return undefined;
        let root: Readonly<HastNode> = node;
        for (;;) {
          const parent: Readonly<HastNode> | undefined = ctx.parent(root);
          if (!parent) break;
          root = parent;
        }
        const nested: Entry[] = [];
        const stack: Entry[] = [];
        for (const h of headingsIn(root as HastNode, (n) => ctx.textContent(n))) {
          const entry: Entry = { ...h, children: [] };
          while (stack.length > 0 && stack.at(-1)!.depth >= entry.depth) stack.pop();
          (stack.at(-1)?.children ?? nested).push(entry);
          stack.push(entry);
        }
        const lang = typeof ctx.data.astro?.frontmatter?.lang === 'string' ? ctx.data.astro.frontmatter.lang : site.lang;
        const t = ui(lang);
        return {
          type: 'element',
          tagName: 'nav',
          properties: { className: ['toc'], ariaLabel: t.tableOfContents, dataInlineToc: '', dataPagefindIgnore: '' },
          children: [
            {
              type: 'element',
              tagName: 'details',
              properties: { open: true },
              children: [{ type: 'element', tagName: 'summary', properties: {}, children: [{ type: 'text', value: t.tableOfContents }] }, list(nested)],
            },
          ],
        };
      },
    },
  };
};
