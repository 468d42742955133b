/**
 * GFM task lists (`- [ ] 未着手`, `- [x] 完了`): each checkbox gets its item's text as its accessible
 * name, so that a screen reader says "完了, checkbox, checked" instead of an unnamed checkbox. The
 * checkbox and the text after it, up to the first block (a nested list, a second paragraph) or
 * raw HTML, are wrapped in a `<label>`: the text stays where it was, no id is needed (a post's HTML is
 * also shown in feeds and beside other posts), and the checkbox stays disabled. An item whose text
 * starts with raw HTML (`- [ ] <b>太字</b>`) cannot be wrapped without splitting its tags: its
 * checkbox gets that text as `aria-label` instead.
 */
import type { Element, ElementContent } from 'hast';
import type { HastPluginEntry, HastVisitorContext } from 'satteri';
import { htmlToText } from '../blog/text.ts';

/**
 * Elements a `<label>` may hold around its checkbox: phrasing content that is neither interactive
 * nor a form control (a link is allowed: it is not labelable).
 */
const PHRASING = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'br', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'i', 'img', 'ins', 'kbd', 'mark',
  'math', 'q', 's', 'samp', 'small', 'span', 'strong', 'sub', 'sup', 'svg', 'time', 'u', 'var', 'wbr',
]);

function isTaskItem(node: Readonly<Element> | undefined): boolean {
  const className = node?.properties?.['className'];
  return node?.tagName === 'li' && Array.isArray(className) && className.includes('task-list-item');
}

/** A copy of `node` made of plain objects, to be placed in the new label. */
function copy(node: Readonly<ElementContent>): ElementContent {
  if (node.type === 'element') return { type: 'element', tagName: node.tagName, properties: { ...node.properties }, children: node.children.map(copy) };
  return { ...node } as ElementContent;
}

/** The item's text after the checkbox that a label may hold: text and phrasing elements, up to anything else. */
function labelRun(siblings: readonly Readonly<ElementContent>[]): Readonly<ElementContent>[] {
  const run: Readonly<ElementContent>[] = [];
  for (const node of siblings) {
    if (node.type === 'text' || node.type === 'comment' || (node.type === 'element' && PHRASING.has(node.tagName))) run.push(node);
    else break;
  }
  return run;
}

/** The text of `nodes` up to the first block: raw HTML read as its text, without its tags. */
function plainText(nodes: readonly Readonly<ElementContent>[], ctx: HastVisitorContext): string {
  let text = '';
  for (const node of nodes) {
    if (node.type === 'text') text += node.value;
    else if (node.type === 'element' && PHRASING.has(node.tagName)) text += ctx.textContent(node);
    // Read as a browser reads it: a `>` inside an attribute does not end the tag.
    else if ((node as { type: string }).type === 'raw') text += htmlToText((node as unknown as { value: string }).value);
    else if (node.type !== 'comment') break;
  }
  return text.replace(/\s+/gu, ' ').trim();
}

/** The plugin: a label (or, failing that, an `aria-label`) for each task-list checkbox. */
export const taskListLabels: HastPluginEntry = {
  name: 'task-list-labels',
  element: {
    filter: ['input'],
    visit(node, ctx) {
      if (node.properties?.['type'] !== 'checkbox') return;
      const parent = ctx.parent(node) as Readonly<Element> | undefined;
      // The checkbox GFM puts first in an item, or first in the item's first paragraph (a loose list).
      const item = parent?.tagName === 'p' ? (ctx.parent(parent) as Readonly<Element> | undefined) : parent;
      if (!parent || !isTaskItem(item)) return;
      const index = ctx.indexOf(node) ?? -1;
      if (parent.children.slice(0, index).some((n) => n.type !== 'text' || n.value.trim() !== '')) return;
      const siblings = parent.children.slice(index + 1) as Readonly<ElementContent>[];
      const run = labelRun(siblings);
      if (plainText(run, ctx) === '') {
        const text = plainText(siblings, ctx);
        if (text !== '') ctx.setProperty(node, 'ariaLabel', text);
        return;
      }
      for (const n of run) ctx.removeNode(n as Readonly<Element>);
      ctx.wrapNode(node, { type: 'element', tagName: 'label', properties: {}, children: run.map(copy) });
    },
  },
};
