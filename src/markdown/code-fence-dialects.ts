/**
 * Code fences as Zenn and Qiita write them, rewritten to the language and meta string that shiki and
 * code-blocks.ts read, before Astro highlights the block (its highlight step reads the fence's
 * language and meta from the mdast `code` node):
 * - ```js:src/app.js (a file name after a colon; ```:file.txt has no language): language `js`, meta
 *   `title="src/app.js"`. The name runs to the end of the line, spaces included, except for a
 *   trailing `{2-4}` or `showLineNumbers`, which keep their meaning.
 * - ```diff js (Zenn), ```diff_js (Qiita), with a file name too (```diff js:a.js): language `js` and
 *   the meta word `diff`, so the code is highlighted as JavaScript and its `+` / `-` lines marked
 *   (code-blocks.ts). A plain ```diff stays shiki's diff grammar.
 * - A language shiki does not have: shown as plain text with its name still as the label, and
 *   reported once per language (not once per block, as Astro's highlighter does) on stderr.
 * - A language in capitals (```Python) is looked up in lower case, as shiki names them.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMdastPlugin } from 'satteri';
import { bundledLanguages, isSpecialLang } from 'shiki';
import { metaValue } from './code-blocks.ts';

/** A fence's info string, read as Zenn and Qiita read it. */
export interface FenceInfo {
  /** The language to highlight as, as written (`''` when there is none: ```:file.txt). */
  lang: string;
  /** The file name written after a colon. */
  title?: string;
  /** Whether the block is a diff of code in `lang` (```diff js, ```diff_js). */
  diff: boolean;
  /** The rest of the meta string (`{2}`, `showLineNumbers`, `title="..."`), for shiki's transformers. */
  meta: string;
}

/** A language name as written after `diff ` (js, c++, c#, objective-c, ...), not a meta word. */
const LANGUAGE_WORD = /^[\w#+.-]+$/u;
const META_FLAG = /^showLineNumbers\b/u;
/** Meta words at the end of a file name that keep their meaning (line highlights, line numbers). */
const TRAILING_META = /(?:^|\s+)(\{[\d\s,-]*\}|showLineNumbers(?:=\d+|\{\d+\})?)$/u;
const FIRST_WORD = /^(\S*)\s*(.*)$/su;
/** Fences rendered by other plugins, which Astro's highlighter leaves alone too (its `excludeLangs`). */
const LEFT_ALONE = new Set(['math']);

function firstWord(text: string): [string, string] {
  const [, word = '', rest = ''] = FIRST_WORD.exec(text) ?? [];
  return [word, rest];
}

/** Reads a fence's language and meta string (as the Markdown parser splits them) in Zenn's and Qiita's forms. */
export function parseFenceInfo(lang: string | null | undefined, meta: string | null | undefined): FenceInfo {
  const [head, rest] = firstWord(`${lang ?? ''} ${meta ?? ''}`.trim());
  let diff = false;
  let word = head;
  let after = rest;
  const qiitaDiff = /^diff_(.+)$/iu.exec(head);
  if (qiitaDiff) {
    diff = true;
    word = qiitaDiff[1]!;
  } else if (head.toLowerCase() === 'diff') {
    const [next, more] = firstWord(rest);
    if (next.includes(':') || (LANGUAGE_WORD.test(next) && !META_FLAG.test(next))) {
      diff = true;
      word = next;
      after = more;
    }
  }
  const colon = word.indexOf(':');
  if (colon < 0) return { lang: word, diff, meta: after };
  let name = `${word.slice(colon + 1)} ${after}`.trim();
  const kept: string[] = [];
  for (let m = TRAILING_META.exec(name); m; m = TRAILING_META.exec(name)) {
    kept.unshift(m[1]!);
    name = name.slice(0, m.index);
  }
  const title = name.trim();
  return { lang: word.slice(0, colon), ...(title ? { title } : {}), diff, meta: kept.join(' ') };
}

/** The name shiki knows a language by (`Python` is `python`), or undefined when it has no such language. */
export function knownLanguage(lang: string): string | undefined {
  const name = lang.toLowerCase();
  return isSpecialLang(name) || Object.hasOwn(bundledLanguages, name) ? name : undefined;
}

/**
 * The language and meta string to hand to shiki for a fence, or undefined when the fence is fine as
 * it is. An unknown language becomes plain text with a `label`.
 */
export function rewriteFence(lang: string, meta: string | null | undefined): { lang: string; meta: string; unknown?: string } | undefined {
  const info = parseFenceInfo(lang, meta);
  const known = info.lang === '' ? 'text' : knownLanguage(info.lang);
  const unknown = known === undefined ? info.lang : undefined;
  const words = [
    ...(info.title !== undefined ? [`title=${metaValue(info.title)}`] : []),
    ...(info.diff ? ['diff'] : []),
    ...(unknown !== undefined ? [`label=${metaValue(unknown)}`] : []),
    ...(info.meta ? [info.meta] : []),
  ];
  const rewritten = { lang: known ?? 'text', meta: words.join(' ') };
  if (rewritten.lang === lang && rewritten.meta === (meta ?? '').trim()) return undefined;
  return { ...rewritten, ...(unknown !== undefined ? { unknown } : {}) };
}

/**
 * Unknown languages already reported. Module-level, so once per build and per thread: the worker
 * thread that renders posts (render-threads.ts) has its own copy and may report a language again.
 */
const reported = new Set<string>();

function reportUnknownLanguage(lang: string, fileURL: URL | undefined): void {
  const key = lang.toLowerCase();
  if (reported.has(key)) return;
  reported.add(key);
  const post = fileURL ? `${relative(process.cwd(), fileURLToPath(fileURL))}: ` : '';
  console.warn(`[code] ${post}unknown language ${JSON.stringify(lang)}, shown as plain text (reported once per language)`);
}

/** The mdast plugin: Zenn's and Qiita's fences made into the forms the highlighter reads. */
export const codeFenceDialects = defineMdastPlugin({
  name: 'code-fence-dialects',
  code(node, ctx) {
    if (!node.lang || LEFT_ALONE.has(node.lang)) return;
    const fence = rewriteFence(node.lang, node.meta);
    if (!fence) return;
    if (fence.unknown !== undefined) reportUnknownLanguage(fence.unknown, ctx.fileURL);
    ctx.setProperty(node, 'lang', fence.lang);
    ctx.setProperty(node, 'meta', fence.meta || null);
  },
});
