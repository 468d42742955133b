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
 * between. Lines inside fenced code are never touched; a container may sit in a list item or a
 * blockquote (its prefix is kept); a longer fence (`::::`) holds shorter ones; a container left open
 * closes at the end of the post; a closing line with nothing open, or a name we do not know, stays text.
 */
import { escapeHtml } from '../lib/escape.ts';
import { ui } from '../lib/ui.ts';

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

const FENCE = /^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})/u;
const PREFIX = /^((?:[ \t]{0,3}>)*[ \t]*)/u;
const OPEN = /^(:{3,})[ \t]*([A-Za-z][\w-]*)(?:[ \t]+(.*?))?[ \t]*$/u;
const CLOSE = /^(:{3,})[ \t]*$/u;

interface Open {
  colons: number;
  closing: string;
}

/**
 * The source with every known container rewritten as HTML blocks; the same string when it has none.
 * `lang` is the post's language, for the callouts' titles.
 */
export function prepareContainers(source: string, lang: string): string {
  if (!source.includes(':::')) return source;
  const lines = source.split('\n');
  const out: string[] = [];
  const open: Open[] = [];
  let fence: { char: string; length: number } | undefined;
  let changed = false;
  for (const raw of lines) {
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const fenceMatch = FENCE.exec(line);
    if (fence) {
      if (fenceMatch && fenceMatch[1]![0] === fence.char && fenceMatch[1]!.length >= fence.length && line.slice(fenceMatch[0].length).trim() === '') fence = undefined;
      out.push(raw);
      continue;
    }
    if (fenceMatch) {
      fence = { char: fenceMatch[1]![0]!, length: fenceMatch[1]!.length };
      out.push(raw);
      continue;
    }
    const prefix = PREFIX.exec(line)![1]!;
    const rest = line.slice(prefix.length);
    const blank = `${prefix.trimEnd()}${cr}`;
    const opening = OPEN.exec(rest);
    if (opening) {
      const [, colons, name, modifier] = opening;
      const html = containerOpening(name!, modifier, lang);
      if (html) {
        out.push(blank, `${prefix}${html.opening}${cr}`, blank);
        open.push({ colons: colons!.length, closing: html.closing });
        changed = true;
        continue;
      }
    }
    const closing = CLOSE.exec(rest);
    if (closing && open.length > 0 && closing[1]!.length >= open.at(-1)!.colons) {
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
  const title = ['message', 'note'].includes(name.toLowerCase()) || isModifier ? undefined : modifier;
  return { opening: calloutOpening(kind, lang, title), closing: '</div>' };
}
