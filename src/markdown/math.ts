/**
 * Math in posts, typeset at build time by KaTeX: `$$ … $$` blocks, `$ … $` inline, Qiita's
 * `` $`…`$ `` and ```` ```math ```` fences. Each formula becomes KaTeX's HTML (what readers see, the
 * same in every browser once the KaTeX fonts load) and MathML (for screen readers and feeds; KaTeX
 * marks the HTML copy `aria-hidden`, so feeds, which drop such parts, keep the MathML with the TeX
 * source as its annotation). Pages need no script; the stylesheet and fonts (src/pages/math/) are sent
 * only with pages that have math (`hasMath`, src/components/MathStyles.astro).
 *
 * Sätteri's `math` feature parses the formulas, so Markdown never reaches inside them: `_`, `*` and
 * `\\` stay as written. A formula KaTeX cannot typeset shows its source and the error instead, and the
 * build names the post; posts are untrusted input, so commands that make links, load images or set
 * HTML attributes are refused, and sizes, macro expansion and formula length are bounded.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import katex, { type KatexOptions } from 'katex';
import { defineMdastPlugin, markdownToMdast, type MdastNode, type MdastVisitorContext } from 'satteri';
import { escapeHtml } from '../blog/escape.ts';

export { hasMath } from './has-math.ts';

/** Formulas longer than this are shown as source: KaTeX's time and output grow with length. */
export const MAX_FORMULA_LENGTH = 10_000;

/** A command that KaTeX runs only when trusted (links, images, HTML classes, ids, styles, data). */
class UntrustedCommand extends Error {}

/** A formula over `MAX_FORMULA_LENGTH`. */
class FormulaTooLong extends Error {}

const OPTIONS: KatexOptions = {
  output: 'htmlAndMathml',
  throwOnError: true,
  // Japanese written straight into a formula (`速度_{max}`) is how Zenn and Qiita posts write it; KaTeX
  // typesets it, and LaTeX's stricter rule would only print console noise.
  strict: 'ignore',
  // `trust: false` would typeset `\href` and friends as red text; refusing them shows the source and
  // tells the author why.
  trust: ({ command }) => {
    throw new UntrustedCommand(`${command} is not allowed: math in posts may not link, load images or set HTML attributes`);
  },
  // `\rule{1000em}{1000em}`, `\kern`, `\hspace`: no user size beyond this many em.
  maxSize: 20,
  // `\def\x{\x}\x` and other macro loops end with an error after this many expansions.
  maxExpand: 1000,
};

/** Formulas already reported, so that each bad formula of a post is named once per build. */
const warned = new Set<string>();

function postPath(ctx: MdastVisitorContext): string {
  return ctx.fileURL ? relative(process.cwd(), fileURLToPath(ctx.fileURL)) : '(unknown post)';
}

function errorMessage(error: unknown, tex: string): string {
  if (error instanceof FormulaTooLong) return `formula too long (${tex.length} characters, at most ${MAX_FORMULA_LENGTH})`;
  if (error instanceof katex.ParseError) {
    // `message` marks the position with combining underlines, unreadable in a terminal or to a screen reader.
    const at = Number.isInteger(error.position) ? ` at position ${error.position + 1}` : '';
    return `KaTeX parse error: ${error.rawMessage}${at}`;
  }
  if (error instanceof UntrustedCommand) return `KaTeX: ${error.message}`;
  // The call stack overflows before any other limit on deeply nested groups (`{{{…}}}`).
  if (error instanceof RangeError) return 'KaTeX: formula nested too deeply';
  return `KaTeX: ${error instanceof Error ? error.message : String(error)}`;
}

function warnOnce(ctx: MdastVisitorContext, tex: string, message: string): void {
  const post = postPath(ctx);
  const key = `${post}\n${tex}`;
  if (warned.has(key)) return;
  warned.add(key);
  const oneLine = tex.replace(/\s+/gu, ' ').trim();
  const excerpt = oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
  console.warn(`[math] ${post}: ${message} in $${excerpt}$`);
}

/**
 * `tex` typeset, or its source with the error (and a warning naming the post). Display formulas are a
 * block that scrolls sideways when wider than the column (focusable, so keyboards can scroll it).
 */
function renderMath(tex: string, display: boolean, ctx: MdastVisitorContext): string {
  let html: string;
  try {
    if (tex.length > MAX_FORMULA_LENGTH) throw new FormulaTooLong();
    html = katex.renderToString(tex, { ...OPTIONS, displayMode: display });
  } catch (error) {
    const message = errorMessage(error, tex);
    warnOnce(ctx, tex, message);
    const source = escapeHtml(tex);
    const text = escapeHtml(message);
    // The message is for the author: out of search excerpts and summaries.
    return display
      ? `<div class="math-error"><pre><code class="language-math">${source}</code></pre><p class="math-error-message" data-pagefind-ignore>${text}</p></div>`
      : `<span class="math-error"><code class="language-math">${source}</code> <span class="math-error-message" data-pagefind-ignore>(${text})</span></span>`;
  }
  html = html
    // Search excerpts and summaries read a formula from its MathML: the visual copy (screen readers get
    // the MathML) would read as scattered symbols, and the TeX annotation is markup.
    .replace('<span class="katex-html" aria-hidden="true">', '<span class="katex-html" aria-hidden="true" data-pagefind-ignore>')
    .replace('<annotation encoding="application/x-tex">', '<annotation encoding="application/x-tex" data-pagefind-ignore>')
    // KaTeX writes `<mtd class ="…">` in MathML; validators reject the space.
    .replaceAll(' class ="', ' class="');
  return display ? `<div class="math-display" tabindex="0">${html}</div>` : html;
}

/** The source of `node`, from the document. */
function sourceOf(node: MdastNode, ctx: MdastVisitorContext): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return start === undefined || end === undefined ? undefined : ctx.source.slice(start, end);
}

/**
 * Zenn's and Qiita's rule for `$ … $` (markdown-it-katex): no white space just inside the dollars, and
 * no digit right after the closing one. So `$5 と $10` and a shell prompt `$ ls … $HOME` stay text.
 */
function isLooseDollars(raw: string, next: string | undefined): boolean {
  if (!raw.startsWith('$') || raw.startsWith('$$') || raw.startsWith('$`') || raw.length < 2) return false;
  return /^\$\s|\s\$$/u.test(raw) || /^\d/u.test(next ?? '');
}

/** `raw` as the Markdown it would be without math: its inline nodes. */
function asText(raw: string): MdastNode[] {
  const root = markdownToMdast(raw, { features: { frontmatter: false } });
  const only = root.type === 'root' && root.children.length === 1 ? root.children[0] : undefined;
  return only?.type === 'paragraph' ? only.children : [{ type: 'text', value: raw }];
}

/** Turns math nodes into KaTeX's HTML. Runs before the other mdast plugins (see processor.ts). */
export const math = defineMdastPlugin({
  name: 'math',
  options: { position: true },
  math(node, ctx) {
    return { type: 'html', value: renderMath(node.value, true, ctx) };
  },
  inlineMath(node, ctx) {
    const raw = sourceOf(node, ctx) ?? '';
    if (isLooseDollars(raw, ctx.source[node.position?.end.offset ?? -1])) {
      ctx.replaceNode(node, asText(raw));
      return;
    }
    // Qiita's $`…`$ keeps its backticks in the value.
    const tex = raw.startsWith('$`') && node.value.length >= 2 && node.value.startsWith('`') && node.value.endsWith('`') ? node.value.slice(1, -1) : node.value;
    // `$$…$$` alone in a paragraph is a display formula, as on Zenn, Qiita and GitHub.
    const parent = ctx.parent(node);
    if (raw.startsWith('$$') && parent?.type === 'paragraph' && parent.children.length === 1) {
      ctx.replaceNode(parent, { type: 'html', value: renderMath(tex, true, ctx) });
      return;
    }
    return { type: 'html', value: renderMath(tex, false, ctx) };
  },
  code(node, ctx) {
    if (node.lang !== 'math') return;
    return { type: 'html', value: renderMath(node.value, true, ctx) };
  },
});
