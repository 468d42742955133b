/**
 * GitHub's alerts: a blockquote that starts with `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]` or
 * `[!CAUTION]` on its own line becomes the same callout as Zenn's and Qiita's containers
 * (src/markdown/containers.ts): `<div class="callout callout-note" role="note">` with a title.
 * A marker with text after it on the same line, or an unknown marker, leaves the blockquote as it is,
 * as GitHub does.
 */
import { defineMdastPlugin, type MdastNode } from 'satteri';
import { site } from '../site.config.ts';
import { calloutLabel, type CalloutKind } from './containers.ts';

const MARKER = /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\r?\n|$)/iu;

export const githubAlerts = defineMdastPlugin({
  name: 'github-alerts',
  blockquote(node, ctx) {
    const first = node.children[0];
    if (first?.type !== 'paragraph') return;
    const text = first.children[0];
    if (text?.type !== 'text') return;
    const marker = MARKER.exec(text.value);
    if (!marker) return;
    const kind = marker[1]!.toLowerCase() as CalloutKind;
    const frontmatterLang = ctx.data.astro?.frontmatter?.lang;
    const lang = typeof frontmatterLang === 'string' ? frontmatterLang : site.lang;
    const rest = text.value.slice(marker[0].length);
    const paragraphChildren: MdastNode[] = [...(rest ? [{ ...text, value: rest }] : []), ...first.children.slice(1)];
    // A soft break right after the marker line was part of the text: a leading break node is left over.
    while (paragraphChildren[0]?.type === 'break') paragraphChildren.shift();
    const title = {
      type: 'paragraph',
      data: { hProperties: { className: ['callout-title'] } },
      children: [{ type: 'text', value: calloutLabel(kind, lang) }],
    } as MdastNode;
    const body = [...(paragraphChildren.length > 0 ? [{ ...first, children: paragraphChildren } as MdastNode] : []), ...node.children.slice(1)];
    ctx.replaceNode(node, {
      type: 'callout',
      data: { hName: 'div', hProperties: { className: ['callout', `callout-${kind}`], role: 'note' } },
      children: [title, ...body],
    } as never);
  },
});
