/**
 * Inline footnotes, `本文^[脚注の本文]` (Pandoc, remark-footnotes, and Zenn through markdown-it-footnote),
 * beside GFM's `[^1]`. A pre-pass, before the real parse, writes each one as a GFM footnote: the note
 * becomes a reference `[^inline-1]` where it stood and a definition `[^inline-1]: 脚注の本文` at the end
 * of the document. Sätteri then numbers them in order of appearance together with the author's own
 * footnotes, with the same back-references and HTML. Text before the first note keeps its offsets.
 *
 * A note is `^[` … the matching `]` (brackets balance, `\]` is escaped, code spans, math and HTML
 * inside are skipped) within one paragraph, heading or table cell. Never in code, math or HTML. A note
 * inside a note stays as written.
 */
import type { Features } from 'satteri';
import { isEscaped, nextOpaque, POST_FEATURES, proseMap, textAt, type ProseMap } from './prose-source.ts';

interface Note {
  start: number;
  end: number;
  text: string;
}

/** The end (after `]`) of the note that opens with `^[` at `at`, or undefined when it does not close in its block. */
function closingBracket(source: string, map: ProseMap, at: number, blockEnd: number): number | undefined {
  let depth = 0;
  let i = at + 1;
  while (i < blockEnd) {
    const opaque = nextOpaque(map, i);
    if (opaque && opaque[0] <= i) {
      i = opaque[1];
      continue;
    }
    const ch = source[i];
    if (ch === '\\') i += 2;
    else {
      if (ch === '[') depth++;
      else if (ch === ']' && --depth === 0) return i + 1;
      i++;
    }
  }
  return undefined;
}

/** Inline notes in `source`, in order (none inside another), and the map they were found with. */
function inlineNotes(source: string, features: Features): { notes: Note[]; map?: ProseMap } {
  if (!source.includes('^[')) return { notes: [] };
  const map = proseMap(source, features);
  const notes: Note[] = [];
  let from = 0;
  for (let at = source.indexOf('^[', from); at !== -1; at = source.indexOf('^[', from)) {
    from = at + 2;
    const text = textAt(map, at);
    const opaque = nextOpaque(map, at + 1);
    // `^[^1]` is a caret before a footnote reference, not a note.
    if (!text || isEscaped(source, at) || (opaque && opaque[0] <= at + 1)) continue;
    const end = closingBracket(source, map, at, text.blockEnd);
    if (end === undefined) continue;
    notes.push({ start: at, end, text: source.slice(at + 2, end - 1) });
    from = end;
  }
  return { notes, map };
}

/** Inline notes in `source`, in order; none inside another. */
export function findInlineNotes(source: string, features: Features = POST_FEATURES): Note[] {
  return inlineNotes(source, features).notes;
}

/** A label prefix that no footnote label in `source` starts with (labels match case-insensitively). */
function labelPrefix(source: string): string {
  const lower = source.toLowerCase();
  let prefix = 'inline';
  for (let n = 2; lower.includes(`[^${prefix}-`); n++) prefix = `inline${n}`;
  return prefix;
}

/**
 * A note's text as the content of a footnote definition. Continuation lines lose their container
 * prefixes (indentation, `>`) and are indented under the definition. The first line must stay
 * a paragraph as it was inline: a leading `#`, `>`, list marker, thematic break, fence, or the start
 * of an HTML block that would run to the end of the document, is escaped.
 */
export function definitionText(note: string): string {
  const [first = '', ...rest] = note.split('\n');
  let head = first.trimStart();
  if (/^(?:#{1,6}(?:[ \t]|$)|>|[-+*](?:[ \t]|$)|(?:[-*_][ \t]*){3,}$|~{3,}|`{3,}[^`]*$|\[[^\]]*\]:)/u.test(head)) head = `\\${head}`;
  else if (/^\d{1,9}[.)](?:[ \t]|$)/u.test(head)) head = head.replace(/^(\d+)/u, '$1\\');
  else if (/^<(?:(?:script|pre|style|textarea)(?:[\s>]|$)|!--|\?|![A-Za-z]|!\[CDATA\[)/iu.test(head)) head = `&lt;${head.slice(1)}`;
  const lines = rest.map((line) => `    ${line.replace(/^[ \t]*(?:>[ \t]?)*[ \t]*/u, '')}`);
  return [head, ...lines].join('\n');
}

/**
 * Offset in the original source at which to write the definitions: the end, unless the last block
 * could swallow them. An unclosed fence, `$$` or HTML block runs to the end of the document; they go
 * before it then.
 */
function definitionsAt(source: string, map: ProseMap): number {
  const last = map.blocks.at(-1);
  const start = last?.position?.start.offset;
  if (!last || start === undefined || !['code', 'math', 'html', 'containerDirective'].includes(last.type)) return source.length;
  return source.lastIndexOf('\n', start - 1) + 1;
}

/**
 * `source` with every inline footnote `^[…]` written as a GFM footnote reference, and its
 * definition added after the text. Unchanged when there is none.
 */
export function prepareInlineFootnotes(source: string, features: Features = POST_FEATURES): string {
  const { notes, map } = inlineNotes(source, features);
  if (notes.length === 0 || !map) return source;
  const prefix = labelPrefix(source);
  const at = definitionsAt(source, map);
  const definitions = notes.map((note, i) => `[^${prefix}-${i + 1}]: ${definitionText(note.text)}`).join('\n\n');
  let out = '';
  let last = 0;
  let placed = at === source.length;
  const cut = (until: number) => {
    if (!placed && at <= until) {
      out += `${source.slice(last, at)}\n${definitions}\n\n${source.slice(at, until)}`;
      placed = true;
    } else out += source.slice(last, until);
  };
  notes.forEach((note, i) => {
    cut(note.start);
    out += `[^${prefix}-${i + 1}]`;
    last = note.end;
  });
  cut(source.length);
  return at < source.length ? out : `${out.replace(/\n*$/u, '')}\n\n${definitions}\n`;
}
