/**
 * Code blocks: a header with the file title (```ts title="src/a.ts") and the language, and line
 * highlights (```ts {2,4-5}), made by shiki at build time. The copy button is added in the browser
 * (CopyCodeScript.astro): without JavaScript there is no button that does nothing.
 */
import type { Element, ElementContent } from 'hast';
import type { ShikiTransformer } from 'shiki';
import { transformerMetaHighlight } from '@shikijs/transformers';

const TITLE = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/u;
/** Languages not worth a label: plain text. */
const UNLABELLED = new Set(['plaintext', 'text', 'txt', 'plain', '']);

/** The `title="..."` of a code fence's meta string. */
export function codeTitle(meta: string | undefined): string | undefined {
  const m = meta ? TITLE.exec(meta) : null;
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** Wraps the highlighted `<pre>` in a figure with the title and the language. */
export function codeFrame(): ShikiTransformer {
  return {
    name: 'code-frame',
    root(root) {
      const pre = root.children.find((n): n is Element => n.type === 'element' && n.tagName === 'pre');
      if (!pre) return;
      const title = codeTitle(this.options.meta?.__raw);
      const lang = this.options.lang;
      const label = UNLABELLED.has(lang) ? undefined : lang;
      const caption: ElementContent[] = [
        ...(title ? [{ type: 'element' as const, tagName: 'span', properties: { className: ['code-title'] }, children: [{ type: 'text' as const, value: title }] }] : []),
        ...(label ? [{ type: 'element' as const, tagName: 'span', properties: { className: ['code-lang'] }, children: [{ type: 'text' as const, value: label }] }] : []),
      ];
      root.children = [
        {
          type: 'element',
          tagName: 'figure',
          properties: { className: ['code-block'] },
          children: [
            ...(caption.length > 0 ? [{ type: 'element' as const, tagName: 'figcaption', properties: {}, children: caption }] : []),
            pre,
          ],
        },
      ];
    },
  };
}

export const codeTransformers = (): ShikiTransformer[] => [transformerMetaHighlight(), codeFrame()];
