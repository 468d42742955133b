/**
 * A post's image whose file does not exist (common in posts migrated without their images) would stop
 * the whole build with an error that names neither the post nor the line. Instead it stays in the page
 * exactly as written, as a plain `<img>` that Astro's image pipeline leaves alone, and the build says
 * which post points at which missing file.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import { escapeHtml } from '../blog/escape.ts';


/** True when `url` names a file beside the post (not a remote or site-absolute URL). */
function isLocal(url: string): boolean {
  return url !== '' && !url.startsWith('/') && !url.startsWith('#') && !URL.canParse(url);
}

export const missingImages = defineMdastPlugin({
  name: 'missing-images',
  image(node, ctx) {
    if (!ctx.fileURL || !isLocal(node.url)) return undefined;
    let path: string;
    try {
      path = fileURLToPath(new URL(decodeURI(node.url.split(/[?#]/u)[0]!), ctx.fileURL));
    } catch {
      return undefined;
    }
    if (existsSync(path)) return undefined;
    console.warn(
      `[images] ${relative(process.cwd(), fileURLToPath(ctx.fileURL))}: image "${node.url}" not found; it is left as a plain <img>`,
    );
    const title = node.title ? ` title="${escapeHtml(node.title)}"` : '';
    return { type: 'html', value: `<img src="${escapeHtml(node.url)}" alt="${escapeHtml(node.alt ?? '')}"${title}>` };
  },
});
