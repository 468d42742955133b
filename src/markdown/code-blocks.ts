/**
 * Code blocks: a header with the file title (```ts title="src/a.ts") and the language, line
 * highlights (```ts {2,4-5}), opt-in line numbers (```ts showLineNumbers), and diff lines
 * (```diff js, marked by code-fence-dialects.ts), made by shiki at build time. The copy button is
 * added in the browser (CopyCodeScript.astro): without JavaScript there is no button that does nothing.
 *
 * Words of a fence's meta string read here:
 * - `title="src/a.ts"` (or `'...'`, or unquoted): the file title;
 * - `{2,4-5}`: highlighted lines (shiki's transformerMetaHighlight);
 * - `showLineNumbers`, `showLineNumbers=10` or `showLineNumbers{10}`: line numbers, from 1 or from 10;
 * - `diff`: lines starting with `+` / `-` are added / removed lines (written by code-fence-dialects.ts
 *   for ```diff js and ```diff_js, and usable by hand: ```js diff);
 * - `label="..."`: the language label, when the block is highlighted as another language (an unknown
 *   language shown as plain text keeps its name).
 * Values written by code-fence-dialects.ts escape `"`, `{`, `}` and `%` as %22, %7B, %7D and %25 (see
 * `metaValue`): a file name could otherwise end the quotes, or pass for a line range.
 */
import type { Element, ElementContent } from 'hast';
import type { ShikiTransformer } from 'shiki';
import { transformerMetaHighlight } from '@shikijs/transformers';
import { highlightWithoutTimeLimit } from './highlight-without-time-limit.ts';

const TITLE = /(?:^|\s)title=(?:"([^"]*)"|'([^']*)'|(\S+))/u;
const LABEL = /(?:^|\s)label=(?:"([^"]*)"|'([^']*)'|(\S+))/u;
const LINE_NUMBERS = /^showLineNumbers(?:=(\d{1,9})|\{(\d{1,9})\})?$/u;
const META_WORD = /(?:[^\s"']+|"[^"]*"|'[^']*')+/gu;
const ESCAPED = /%(22|25|7b|7d)/giu;
const TO_ESCAPE = /["%{}]/gu;
/** Languages not worth a label: plain text. */
const UNLABELLED = new Set(['plaintext', 'text', 'txt', 'plain', '']);

/** A value for a meta string, quoted, that nothing else reading the meta string can misread. */
export function metaValue(value: string): string {
  return `"${value.replace(TO_ESCAPE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}"`;
}

function metaText(pattern: RegExp, meta: string | undefined): string | undefined {
  const m = meta ? pattern.exec(meta) : null;
  const value = m ? (m[1] ?? m[2] ?? m[3]) : undefined;
  return value?.replace(ESCAPED, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** The `title="..."` of a code fence's meta string. */
export function codeTitle(meta: string | undefined): string | undefined {
  return metaText(TITLE, meta);
}

/** The `label="..."` of a code fence's meta string: the language to show, if not the highlighted one. */
export function codeLabel(meta: string | undefined): string | undefined {
  return metaText(LABEL, meta);
}

/** The first line's number when the meta string asks for line numbers (`showLineNumbers[=N]`). */
export function lineNumbersFrom(meta: string | undefined): number | undefined {
  for (const word of metaWords(meta)) {
    const m = LINE_NUMBERS.exec(word);
    if (m) return Number(m[1] ?? m[2] ?? 1);
  }
  return undefined;
}

/** Whether the meta string has the word `diff`: lines starting with `+` / `-` are added / removed. */
export function isDiff(meta: string | undefined): boolean {
  return metaWords(meta).includes('diff');
}

/** The words of a meta string, a quoted value staying whole (`title="a b.ts"` is one word). */
export function metaWords(meta: string | undefined): string[] {
  return meta?.match(META_WORD) ?? [];
}

const text = (value: string): ElementContent => ({ type: 'text', value });
const span = (className: string, value: string): Element => ({ type: 'element', tagName: 'span', properties: { className: [className] }, children: [text(value)] });

/** Wraps the highlighted `<pre>` in a figure with the title and the language. */
export function codeFrame(): ShikiTransformer {
  return {
    name: 'code-frame',
    root(root) {
      const pre = root.children.find((n): n is Element => n.type === 'element' && n.tagName === 'pre');
      if (!pre) return;
      const meta = this.options.meta?.__raw;
      const title = codeTitle(meta);
      const lang = codeLabel(meta) ?? this.options.lang;
      const label = UNLABELLED.has(lang) ? undefined : lang;
      const caption: ElementContent[] = [...(title ? [span('code-title', title)] : []), ...(label ? [span('code-lang', label)] : [])];
      root.children = [
        {
          type: 'element',
          tagName: 'figure',
          properties: { className: ['code-block'] },
          children: [...(caption.length > 0 ? [{ type: 'element' as const, tagName: 'figcaption', properties: {}, children: caption }] : []), pre],
        },
      ];
    },
  };
}

/** The `+` / `-` that began each line of a diff block, by line number (from 1). */
const diffMarks = new WeakMap<object, Map<number, '+' | '-'>>();

/**
 * Diff lines in a block highlighted as its language (meta `diff`): the `+` / `-` is taken off before
 * highlighting, so the line is highlighted as code, and put back as the line's first text, so the
 * block reads as a diff without CSS (feeds) and copies as one. The line gets shiki's classes for
 * diff lines (`diff add`, `diff remove`; `has-diff` on the `<pre>`), coloured in src/styles/code.css.
 */
export function codeDiffLines(): ShikiTransformer {
  return {
    name: 'code-diff-lines',
    preprocess(code) {
      if (!isDiff(this.options.meta?.__raw)) return;
      const marks = new Map<number, '+' | '-'>();
      const lines = code.split('\n').map((line, i) => {
        const mark = line[0];
        if (mark !== '+' && mark !== '-') return line;
        marks.set(i + 1, mark);
        return line.slice(1);
      });
      diffMarks.set(this.meta, marks);
      return lines.join('\n');
    },
    pre(pre) {
      if (diffMarks.has(this.meta)) this.addClassToHast(pre, 'has-diff');
    },
    line(line, lineNumber) {
      const mark = diffMarks.get(this.meta)?.get(lineNumber);
      if (!mark) return;
      this.addClassToHast(line, ['diff', mark === '+' ? 'add' : 'remove']);
      line.children.unshift(span('diff-marker', mark));
    },
  };
}

/**
 * Line numbers (meta `showLineNumbers`, or `showLineNumbers=10` to start at 10): a `line-numbers`
 * class on the `<pre>` and CSS counters (src/styles/code.css), so the numbers are not part of the
 * text: copying the code, the copy button, feeds and search get the code alone.
 */
export function codeLineNumbers(): ShikiTransformer {
  return {
    name: 'code-line-numbers',
    pre(pre) {
      if (lineNumbersFrom(this.options.meta?.__raw) !== undefined) this.addClassToHast(pre, 'line-numbers');
    },
    code(code) {
      const first = lineNumbersFrom(this.options.meta?.__raw);
      if (first === undefined) return;
      const lines = code.children.filter((n) => n.type === 'element').length;
      // The counter starts one before the first line; the width fits the last number.
      const digits = String(first + Math.max(lines, 1) - 1).length;
      code.properties.style = `counter-reset: code-line ${first - 1}; --code-line-digits: ${digits}`;
    },
  };
}

export const codeTransformers = (): ShikiTransformer[] => [
  highlightWithoutTimeLimit(),
  codeDiffLines(),
  transformerMetaHighlight(),
  codeLineNumbers(),
  codeFrame(),
];
