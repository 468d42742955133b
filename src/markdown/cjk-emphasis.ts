/**
 * Emphasis next to Japanese punctuation, as Japanese writers expect: `**「強調」**の後ろ`, `**強調。**次`,
 * `~~「取消」~~です`. CommonMark's flanking rules leave those asterisks as text: a run between a letter
 * and punctuation may not open, and one between punctuation and a letter may not close.
 * remark-cjk-friendly (markdown-cjk-friendly) changes the rule: a CJK character next to the run counts
 * like white space or punctuation. This gives Astro's Rust Markdown processor (Sätteri) the same rule
 * without the cost of the unified pipeline:
 *
 * 1. a cheap test finds documents that may have such a run (most have none and pay nothing more);
 * 2. those are parsed once (Rust, no rendering) to find every delimiter run in prose (text and the
 *    delimiters of emphasis the parser already found; never code, HTML or link destinations), not
 *    escaped, that CommonMark denies a side only because of a CJK neighbour;
 * 3. an invisible punctuation character (the sentinel) goes between the run and that CJK character.
 *    The run then flanks on both sides, exactly as the CJK-friendly rule says, and CommonMark's own
 *    pairing algorithm does the rest;
 * 4. after parsing, `removeEmphasisSentinels` takes every sentinel out again.
 *
 * A document that already contains the sentinel character is left as it is, so that nothing an author
 * wrote is ever removed.
 */
import { defineMdastPlugin, markdownToMdast, type MdastNode } from 'satteri';
import { isCjk } from '../typesetting/east-asian-width.ts';

/** U+2E4F CORNISH VERSE DIVIDER: Unicode punctuation that Japanese and English prose never use. */
export const SENTINEL = '\u2E4F';

// A delimiter run with punctuation on one side and anything else on the other; a quick filter.
const MAYBE = /[^\s\p{P}\p{S}][*_~]+[\p{P}\p{S}]|[\p{P}\p{S}][*_~]+[^\s\p{P}\p{S}]/u;
const PUNCTUATION = /[\p{P}\p{S}]/u;
const WHITESPACE = /\s/u;
const RUN = /\*+|_+|~+/gu;
const EMPHASIS = new Set(['emphasis', 'strong', 'delete']);
const PARENTS = new Set(['link', 'linkReference']);

/** Sources rewritten by `prepareCjkEmphasis`, so that only their sentinels are removed. */
const prepared = new Set<string>();

type Kind = 'space' | 'punct' | 'letter';
function kind(ch: string | undefined): Kind {
  if (ch === undefined || WHITESPACE.test(ch)) return 'space';
  return PUNCTUATION.test(ch) ? 'punct' : 'letter';
}

function charBefore(s: string, i: number): string | undefined {
  if (i <= 0) return undefined;
  const low = s.charCodeAt(i - 1);
  return low >= 0xdc00 && low <= 0xdfff && i >= 2 ? s.slice(i - 2, i) : s[i - 1];
}

function charAt(s: string, i: number): string | undefined {
  const cp = s.codePointAt(i);
  return cp === undefined ? undefined : String.fromCodePoint(cp);
}

type Range = [number, number];

/** Source ranges of prose: text, and the delimiters around emphasis; not code, HTML or URLs. */
function proseRanges(node: MdastNode, out: Range[] = []): Range[] {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  const children = 'children' in node && Array.isArray(node.children) ? (node.children as MdastNode[]) : [];
  if (node.type === 'text') {
    if (start !== undefined && end !== undefined) out.push([start, end]);
  } else if (EMPHASIS.has(node.type)) {
    const first = children[0]?.position?.start.offset ?? end;
    const last = children.at(-1)?.position?.end.offset ?? start;
    if (start !== undefined && first !== undefined) out.push([start, first]);
    if (last !== undefined && end !== undefined) out.push([last, end]);
    for (const child of children) proseRanges(child, out);
  } else if (PARENTS.has(node.type) || !('value' in node)) {
    // Containers (paragraphs, lists, tables, links' text); leaves with a value are code, HTML, math.
    if (node.type !== 'image' && node.type !== 'imageReference') for (const child of children) proseRanges(child, out);
  }
  return out;
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const r of sorted) {
    const last = merged.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** Where sentinels go in `source` (offsets, ascending). Exported for tests. */
export function sentinelOffsets(source: string): number[] {
  const offsets: number[] = [];
  // Parsed as the posts are (math on), so that `_` and `*` inside `$…$` are never taken for emphasis.
  const tree = markdownToMdast(source, { position: true, features: { math: true } });
  for (const [start, end] of merge(proseRanges(tree))) {
    for (const m of source.slice(start, end).matchAll(RUN)) {
      let at = start + m.index;
      let length = m[0].length;
      // A backslash escapes the first delimiter of the run only.
      let slashes = 0;
      while (source[at - 1 - slashes] === '\\') slashes++;
      if (slashes % 2 === 1) {
        at++;
        length--;
        if (length === 0) continue;
      }
      const before = charBefore(source, at);
      const after = charAt(source, at + length);
      const [k1, k2] = [kind(before), kind(after)];
      // CommonMark: a run followed by punctuation opens only after white space or punctuation; one
      // preceded by punctuation closes only before white space or punctuation. The CJK-friendly rule
      // lets a CJK character stand in for those: put punctuation between the run and that character.
      if (k1 === 'letter' && k2 === 'punct' && isCjk(before!.codePointAt(0)!)) offsets.push(at);
      else if (k1 === 'punct' && k2 === 'letter' && isCjk(after!.codePointAt(0)!)) offsets.push(at + length);
    }
  }
  return offsets;
}

/** `source`, with sentinels where emphasis next to CJK punctuation needs them. */
export function prepareCjkEmphasis(source: string): string {
  if (source.includes(SENTINEL) || !MAYBE.test(source)) return source;
  const offsets = sentinelOffsets(source);
  if (offsets.length === 0) return source;
  let out = '';
  let last = 0;
  for (const at of offsets) {
    out += source.slice(last, at) + SENTINEL;
    last = at;
  }
  out += source.slice(last);
  prepared.add(out);
  return out;
}

/** Forgets a source once it has been rendered. */
export function releasePrepared(source: string): void {
  prepared.delete(source);
}

/** Removes the sentinels that `prepareCjkEmphasis` put into the document being parsed. */
export const removeEmphasisSentinels = defineMdastPlugin({
  name: 'remove-emphasis-sentinels',
  text(node, ctx) {
    if (node.value.includes(SENTINEL) && prepared.has(ctx.source)) {
      ctx.setProperty(node, 'value', node.value.replaceAll(SENTINEL, ''));
    }
  },
});
