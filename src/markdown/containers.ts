/**
 * Fenced containers as Zenn, Qiita, VitePress and Docusaurus write them:
 *
 *     :::message            :::note warn          ::::details タイトル
 *     本文                   本文                   本文 (:::message inside)
 *     :::                   :::                   ::::
 *
 * A callout becomes `<div class="callout callout-KIND" role="note">` with a title paragraph naming
 * its kind (so that it reads the same in a feed reader without our CSS), and `:::details` a real
 * `<details>`/`<summary>`. Their bodies stay Markdown.
 *
 * This is a line pre-pass on the source, not Sätteri's `directive` feature: that feature also parses
 * text directives, so `10:30です` loses `:30です` and nothing warns. Each opening and closing line
 * becomes an HTML block with blank lines around it, which CommonMark parses as raw HTML with Markdown
 * between. Only lines the parser reads as paragraph text count (never code, HTML or math); a
 * container may sit in a list item or a blockquote (its prefix is kept, and it closes at the same
 * depth); a longer fence (`::::`) holds shorter ones; a container left open closes at the end of the
 * post; a closing line with nothing open, or a name we do not know, stays text. In MDX (`mdx: true`)
 * each tag of an opening goes on a line of its own, which MDX needs to read it as a block.
 */
import { markdownToMdast, type MdastNode } from 'satteri';
import { escapeHtml } from '../blog/escape.ts';
import { ui } from '../blog/ui.ts';

/** The callout kinds: GitHub's five alerts, which every dialect's names map onto. */
export type CalloutKind = 'note' | 'tip' | 'important' | 'warning' | 'caution';

/** Dialect names (`:::message alert`, `:::note warn`, `:::tip`) and their kind. */
export function calloutKind(name: string, modifier: string | undefined): CalloutKind | undefined {
  const n = name.toLowerCase();
  const m = modifier?.trim().toLowerCase() ?? '';
  if (n === 'message') return m === 'alert' ? 'caution' : 'note';
  if (n === 'note') return m === 'warn' || m === 'warning' ? 'warning' : m === 'alert' ? 'caution' : 'note';
  const byName: Record<string, CalloutKind> = {
    info: 'note',
    tip: 'tip',
    important: 'important',
    warning: 'warning',
    warn: 'warning',
    caution: 'caution',
    danger: 'caution',
    alert: 'caution',
  };
  return byName[n];
}

/** The title a callout of `kind` shows when the author gave none: メモ, 注意, … */
export function calloutLabel(kind: CalloutKind, lang: string): string {
  const t = ui(lang);
  return { note: t.calloutNote, tip: t.calloutTip, important: t.calloutImportant, warning: t.calloutWarning, caution: t.calloutCaution }[kind];
}

/** The opening `<div>` of a callout and its title, as GitHub writes alerts. */
export function calloutOpening(kind: CalloutKind, lang: string, title?: string): string {
  const label = title?.trim() ? escapeHtml(title.trim()) : calloutLabel(kind, lang);
  return `<div class="callout callout-${kind}" role="note"><p class="callout-title">${label}</p>`;
}

const PREFIX = /^((?:[ \t]{0,3}>)*[ \t]*)/u;
const OPEN = /^(:{3,})[ \t]*([A-Za-z][\w-]*)(?:[ \t]+(.*?))?[ \t]*$/u;
const CLOSE = /^(:{3,})[ \t]*$/u;

interface Open {
  colons: number;
  closing: string;
  /** How many blockquote levels the opening line is in: a closing line must be at the same depth. */
  quotes: number;
}

/** Source ranges of every paragraph: where a container line is text, not code, HTML or a quote's end. */
function paragraphRanges(source: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (node: MdastNode) => {
    if (node.type === 'paragraph') {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      if (start !== undefined && end !== undefined) ranges.push([start, end]);
      return;
    }
    if ('children' in node) for (const child of node.children as MdastNode[]) visit(child);
  };
  visit(markdownToMdast(source, { features: { gfm: true, math: true }, position: true }));
  return ranges;
}

/**
 * The source with every known container rewritten as HTML blocks; the same string when it has none.
 * `lang` is the post's language, for the callouts' titles. Which lines are containers is decided by
 * the parser: a `:::` line counts only where it is paragraph text, never in fenced or indented code
 * (however the fence is written), HTML or math.
 */
export function prepareContainers(source: string, lang: string, { mdx = false }: { mdx?: boolean } = {}): string {
  if (!source.includes(':::')) return source;
  const paragraphs = paragraphRanges(source);
  const inParagraph = (at: number) => paragraphs.some(([start, end]) => at >= start && at < end);
  const lines = source.split('\n');
  const out: string[] = [];
  const open: Open[] = [];
  let changed = false;
  let offset = 0;
  for (const raw of lines) {
    const lineStart = offset;
    offset += raw.length + 1;
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const prefix = PREFIX.exec(line)![1]!;
    const rest = line.slice(prefix.length);
    if (!rest.startsWith(':::') || !inParagraph(lineStart + prefix.length)) {
      out.push(raw);
      continue;
    }
    const quotes = prefix.split('>').length - 1;
    const blank = `${prefix.trimEnd()}${cr}`;
    const opening = OPEN.exec(rest);
    if (opening) {
      const [, colons, name, modifier] = opening;
      const html = containerOpening(name!, modifier, lang);
      if (html) {
        // MDX reads a line that opens `<div>` and goes on (`<p>…</p>`) as a paragraph whose `<div>`
        // must close on that line: each tag gets a line of its own there.
        const tags = mdx ? html.opening.replace(/></gu, `>${cr}\n${prefix}<`) : html.opening;
        out.push(blank, `${prefix}${tags}${cr}`, blank);
        open.push({ colons: colons!.length, closing: html.closing, quotes });
        changed = true;
        continue;
      }
    }
    const closing = CLOSE.exec(rest);
    const innermost = open.at(-1);
    if (closing && innermost && closing[1]!.length >= innermost.colons && innermost.quotes === quotes) {
      out.push(blank, `${prefix}${open.pop()!.closing}${cr}`, blank);
      continue;
    }
    out.push(raw);
  }
  if (!changed) return source;
  while (open.length > 0) out.push('', open.pop()!.closing, '');
  return out.join('\n');
}

function containerOpening(name: string, modifier: string | undefined, lang: string): { opening: string; closing: string } | undefined {
  if (name.toLowerCase() === 'details') {
    const title = modifier?.trim() || ui(lang).details;
    return { opening: `<details class="details"><summary>${escapeHtml(title)}</summary>`, closing: '</details>' };
  }
  const kind = calloutKind(name, modifier);
  if (!kind) return undefined;
  // VitePress and Docusaurus write a custom title after the name (`:::tip 便利な使い方`); Zenn and Qiita
  // a modifier (`alert`, `warn`, `info`), which is not a title.
  const isModifier = /^(?:alert|warn|warning|info)$/iu.test(modifier?.trim() ?? '');
  const title = isModifier ? undefined : modifier;
  return { opening: calloutOpening(kind, lang, title), closing: '</div>' };
}
