/**
 * What a line break inside a paragraph means, post by post. By default Japanese written one phrase per
 * line is joined (src/markdown/cjk-line-breaks.ts). A post with `breaks: true` in its frontmatter, as
 * the importer writes for posts from Zenn and Qiita (which render every newline as `<br>`), gets a
 * hard break at every line break instead, so that it reads as its author wrote it.
 */
import { defineMdastPlugin, type MdastNode, type MdastPluginEntry } from 'satteri';
import { cjkLineBreaks } from './cjk-line-breaks.ts';

/** Every newline in prose text becomes a `<br>` (code, HTML and math are not text nodes). */
export const hardLineBreaks = defineMdastPlugin({
  name: 'hard-line-breaks',
  text(node, ctx) {
    if (!node.value.includes('\n')) return;
    const parts = node.value.split(/[ \t]*\r?\n[ \t]*/u);
    const nodes: MdastNode[] = parts.flatMap((value, i): MdastNode[] => [
      ...(i > 0 ? [{ type: 'break' } as MdastNode] : []),
      ...(value ? [{ type: 'text', value } as MdastNode] : []),
    ]);
    ctx.replaceNode(node, nodes as never);
  },
});

/** `breaks: true` in the post's frontmatter (the raw value: the schema rejects anything but a boolean). */
export function wantsHardBreaks(frontmatter: Record<string, unknown> | undefined): boolean {
  return frontmatter?.breaks === true;
}

/** The line-break rule for the document being rendered. */
export const lineBreaks: MdastPluginEntry = (ctx) =>
  wantsHardBreaks((ctx.data.astro as { frontmatter?: Record<string, unknown> } | undefined)?.frontmatter) ? hardLineBreaks : cjkLineBreaks;
