/**
 * Raw HTML in posts, made safe for the page around it (GFM's "disallowed raw HTML" rule, as GitHub
 * applies it): `<script>`, `<style>`, `<textarea>`, `<title>`, `<xmp>`, `<plaintext>`, `<noembed>` and
 * `<noframes>` would swallow the rest of the page when left open (an author writing `<script>` as text,
 * as posts imported from old blogs do). Their `<` becomes `&lt;`, so they show as the text they are.
 * A complete external script (`<script src=...></script>`, as in tweet embeds) is removed instead, with
 * a warning: posts ship no third-party JavaScript, and the quoted tweet stays readable.
 * `<iframe>` embeds are kept.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';

const EXTERNAL_SCRIPT = /<script\b[^>]*\bsrc\s*=[^>]*>\s*<\/script\s*>/giu;
const DISALLOWED = /<(?=\/?(?:script|style|textarea|title|xmp|plaintext|noembed|noframes)\b)/giu;

export function filterRawHtml(html: string): { html: string; removedScripts: number } {
  let removedScripts = 0;
  const withoutScripts = html.replace(EXTERNAL_SCRIPT, () => {
    removedScripts++;
    return '';
  });
  return { html: withoutScripts.replace(DISALLOWED, '&lt;'), removedScripts };
}

export const rawHtml = defineMdastPlugin({
  name: 'raw-html',
  html(node, ctx) {
    const { html, removedScripts } = filterRawHtml(node.value);
    if (html === node.value) return;
    if (removedScripts > 0 && ctx.fileURL) {
      const file = relative(process.cwd(), fileURLToPath(ctx.fileURL));
      console.warn(`[html] ${file}: removed ${removedScripts} external <script> (posts ship no third-party JavaScript)`);
    }
    ctx.setProperty(node, 'value', html);
  },
});
