/**
 * Raw HTML in `.md` posts: kept, but never able to break the page around the post nor, unless the
 * site trusts it (`rawHtml: 'trusted'` in src/site.config.ts), to run script on the site's origin.
 * Every change is named in the build output with the post's file.
 *
 * Three passes, each where its facts are known:
 * - each HTML node of the Markdown (one piece: an HTML block, or one tag in a paragraph) is ended
 *   within itself (src/markdown/raw-html-ends.ts): an unclosed `<!--` or `<iframe>` no longer hides the
 *   rest of the post and the page. With the default (`'safe'`), GFM's tag filter first shows
 *   `<script>`, `<style>`, `<textarea>`, `<title>`, `<xmp>`, `<plaintext>`, `<noembed>` and `<noframes>`
 *   as the text they are (old posts write `<script>` in prose), and a complete external script
 *   (`<script src=...></script>`, as in tweet embeds) is removed instead: posts ship no third-party
 *   JavaScript, and the quoted tweet stays readable;
 * - with `'safe'`, a Markdown link or image whose URL runs script (`[x](javascript:...)`) keeps its
 *   text and loses the URL;
 * - the rendered post, when it has raw HTML, is read as a whole as the browser will read it and written
 *   out again closed within itself, without what runs script (src/markdown/contained-html.ts): pieces
 *   are fragments (an opening tag in one block, its end tag in another), so only the whole can be
 *   judged. Pages and feeds both show this HTML. `.mdx` posts are code (components, expressions,
 *   JSX): they are trusted as written, whatever the setting.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin, type MdastNode, type MdastVisitorContext } from 'satteri';
import { site, type RawHtmlMode } from '../site.config.ts';
import { containPostHtml } from './contained-html.ts';
import { endRawHtmlPiece } from './raw-html-ends.ts';
import { unsafeUrl } from './raw-html-policy.ts';

const EXTERNAL_SCRIPT = /<script\b[^>]*\bsrc\s*=[^>]*>\s*<\/script\s*>/giu;
const DISALLOWED = /<(?=\/?(?:script|style|textarea|title|xmp|plaintext|noembed|noframes)\b)/giu;
/**
 * Astro's mark on the images it optimizes (`__ASTRO_IMAGE_="{json}"`), which it reads back from the
 * HTML and turns into attributes: written by a post, it would be an attribute of the post's choosing.
 */
const IMAGE_MARK = /_(?=_astro_image_)/giu;

/**
 * GFM's disallowed raw HTML filter: `<script>` and the other elements whose content the browser reads
 * as text (and would read to the end of the page when left open) show as text; complete external
 * scripts are removed and counted.
 */
export function filterRawHtml(html: string): { html: string; removedScripts: number } {
  let removedScripts = 0;
  const withoutScripts = html.replace(EXTERNAL_SCRIPT, () => {
    removedScripts++;
    return '';
  });
  return { html: withoutScripts.replace(DISALLOWED, '&lt;'), removedScripts };
}

/** The post's file, relative to the project, for the build's warnings. */
function postFile(fileURL: URL | undefined): string {
  return fileURL ? relative(process.cwd(), fileURLToPath(fileURL)) : 'a post';
}

const SETTING_HINT = "set rawHtml: 'trusted' in src/site.config.ts to keep it";

/**
 * Renders of `.md` posts that have raw HTML, by source, until the rendered post is contained: the
 * Markdown plugin sees the HTML nodes, the processor gets the rendered HTML (`containRenderedPost`).
 * A count, as two posts may have the same source.
 */
const withRawHtml = new Map<string, number>();
const NOTED = 'rawHtmlNoted';

function noteRawHtml(ctx: MdastVisitorContext): void {
  if (ctx.data[NOTED]) return;
  ctx.data[NOTED] = true;
  withRawHtml.set(ctx.source, (withRawHtml.get(ctx.source) ?? 0) + 1);
}

/** Whether the render of `source` met raw HTML (the note is taken: ask once per render). */
function takeRawHtmlNote(source: string): boolean {
  // The parser's source lacks a leading byte order mark.
  for (const key of source.charCodeAt(0) === 0xfeff ? [source, source.slice(1)] : [source]) {
    const count = withRawHtml.get(key);
    if (!count) continue;
    if (count === 1) withRawHtml.delete(key);
    else withRawHtml.set(key, count - 1);
    return true;
  }
  return false;
}

/** Whether a later HTML node beside `node` (same parent) has the end tag `</name`. */
function closedLater(node: MdastNode, ctx: MdastVisitorContext, name: string): boolean {
  const parent = ctx.parent(node);
  const index = ctx.indexOf(node);
  if (!parent || index === undefined) return false;
  return parent.children.slice(index + 1).some((sibling) => sibling.type === 'html' && sibling.value.toLowerCase().includes(`</${name}`));
}

/** The plugin for each HTML node: filtered (in `'safe'` mode), ended within itself, noted. */
function rawHtmlPieces(mode: RawHtmlMode) {
  return defineMdastPlugin({
    name: 'raw-html',
    options: { position: true },
    html(node, ctx) {
      // In MDX, the post's HTML is JSX, never an HTML node.
      if (ctx.sourceFormat === 'mdx') return;
      // The post is contained once rendered even when the HTML is our own plugins' (math, cards): a
      // plugin that passed on the post's HTML without its place in the source is covered too.
      noteRawHtml(ctx);
      // Our plugins' HTML has no place in the source, and is whole.
      if (!node.position) return;
      const file = postFile(ctx.fileURL);
      let html = node.value;
      if (mode === 'safe') {
        const filtered = filterRawHtml(html);
        if (filtered.removedScripts > 0) {
          console.warn(`[html] ${file}: removed ${filtered.removedScripts} external <script> (posts ship no third-party JavaScript)`);
        }
        html = filtered.html;
      }
      html = html.replace(IMAGE_MARK, '&#95;');
      const { html: ended, ended: constructs } = endRawHtmlPiece(html, (name) => closedLater(node, ctx, name));
      for (const { construct, fix } of constructs) console.warn(`[html] ${file}: ${construct} ${fix}`);
      if (ended !== node.value) ctx.setProperty(node, 'value', ended);
    },
  });
}

/** Markdown links and images whose URL runs script: the link keeps its text, the image its alt text. */
const markdownUrls = defineMdastPlugin({
  name: 'raw-html-markdown-urls',
  link(node, ctx) {
    const scheme = ctx.sourceFormat === 'mdx' ? undefined : unsafeUrl(node.url, false);
    if (!scheme) return;
    console.warn(`[html] ${postFile(ctx.fileURL)}: removed a ${scheme} link ([…](${node.url.slice(0, 40)})): posts may not run script (${SETTING_HINT})`);
    ctx.replaceNode(node, [...node.children]);
  },
  image(node, ctx) {
    const scheme = ctx.sourceFormat === 'mdx' ? undefined : unsafeUrl(node.url, true);
    if (!scheme) return;
    console.warn(`[html] ${postFile(ctx.fileURL)}: removed a ${scheme} image (![…](${node.url.slice(0, 40)})): posts may not run script (${SETTING_HINT})`);
    ctx.replaceNode(node, { type: 'text', value: node.alt ?? '' });
  },
  definition(node, ctx) {
    const scheme = ctx.sourceFormat === 'mdx' ? undefined : unsafeUrl(node.url, false);
    if (!scheme) return;
    console.warn(`[html] ${postFile(ctx.fileURL)}: removed a ${scheme} link definition ([${node.label ?? node.identifier}]: ${node.url.slice(0, 40)}): posts may not run script (${SETTING_HINT})`);
    ctx.setProperty(node, 'url', '');
  },
});

/** The Markdown plugins for raw HTML in `mode` (the site's setting unless a test says otherwise). */
export function rawHtmlPlugins(mode: RawHtmlMode = site.rawHtml) {
  return mode === 'safe' ? [rawHtmlPieces(mode), markdownUrls] : [rawHtmlPieces(mode)];
}

export const rawHtml = rawHtmlPlugins();

/**
 * A rendered `.md` post (`code`: its HTML) with its raw HTML contained (see above), when its render
 * (of `source`, the Markdown the processor was given) met any. Warns, naming `fileURL`'s post.
 */
export function containRenderedPost<Result extends { code: string }>(result: Result, source: string, fileURL: URL | undefined, mode: RawHtmlMode = site.rawHtml): Result {
  if (!takeRawHtmlNote(source)) return result;
  const contained = containPostHtml(result.code, mode);
  const file = postFile(fileURL);
  const unique = (list: string[]) => [...new Set(list)].join(', ');
  if (contained.closed.length > 0) console.warn(`[html] ${file}: ${unique(contained.closed)} never closed: closed at the end of the post`);
  if (contained.dropped.length > 0) {
    console.warn(`[html] ${file}: ${unique(contained.dropped)} closed or opened nothing in the post (it would act on the page's own elements): removed`);
  }
  if (contained.removed.length > 0) {
    console.warn(`[html] ${file}: removed ${unique(contained.removed)}: raw HTML in posts may not run script or change the page (${SETTING_HINT})`);
  }
  return { ...result, code: contained.html };
}
