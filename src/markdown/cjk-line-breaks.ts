/**
 * Japanese written one phrase per line: a soft line break between two East Asian Wide or Fullwidth
 * characters disappears instead of becoming a space (CSS Text 3, segment break transformation), and
 * so does one next to full-width punctuation (`なくなり、⏎e-Tax` reads `なくなり、e-Tax`: `、` carries its
 * own space). Between other Japanese and Latin text, or in Hangul, it stays a space. Code is never
 * touched: inline and fenced code are not text nodes. The rule itself is `joinCjkLines`, which plain
 * text (src/blog/text.ts) follows too.
 */
import { defineMdastPlugin, type MdastNode } from 'satteri';
import { joinCjkLines } from '../typesetting/east-asian-width.ts';

/** The text a phrasing node shows, for looking at the character next to a line break. */
function visibleText(node: MdastNode | undefined, textOf: (n: MdastNode) => string): string {
  if (!node) return '';
  if (node.type === 'inlineCode' || node.type === 'text') return node.value;
  if (node.type === 'break' || node.type === 'image' || node.type === 'html') return '';
  return textOf(node);
}

export const cjkLineBreaks = defineMdastPlugin({
  name: 'cjk-line-breaks',
  text(node, ctx) {
    if (!node.value.includes('\n')) return;
    const textOf = (n: MdastNode) => ctx.textContent(n);
    let before = '';
    let after = '';
    const atStart = /^[ \t]*\n/u.test(node.value);
    const atEnd = /\n[ \t]*$/u.test(node.value);
    if (atStart || atEnd) {
      const parent = ctx.parent(node);
      const index = ctx.indexOf(node);
      if (parent && index !== undefined && 'children' in parent) {
        const siblings = parent.children as MdastNode[];
        if (atStart) before = visibleText(siblings[index - 1], textOf);
        if (atEnd) after = visibleText(siblings[index + 1], textOf);
      }
    }
    const joined = joinCjkLines(node.value, before, after);
    if (joined !== node.value) ctx.setProperty(node, 'value', joined);
  },
});
