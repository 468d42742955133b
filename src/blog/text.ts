/**
 * Plain text from a post's rendered HTML, and the summary shown in lists, meta descriptions and feeds
 * when the post has no `description`.
 */
import { parseFragment, type DefaultTreeAdapterTypes } from 'parse5';
import { isWidePunctuation, joinCjkLines } from '../typesetting/east-asian-width.ts';
import { graphemes } from '../typesetting/graphemes.ts';

type ChildNode = DefaultTreeAdapterTypes.ChildNode;
type Element = DefaultTreeAdapterTypes.Element;

// Elements whose text is not prose: code blocks, and what is never shown. Inline `<code>` is part of
// its sentence (`引用ブロックの中に ![TYPE] を入れる`) and stays; a code block is a `<pre>`.
// A formula reads as its MathML's text (`f(x)=x2`): not its TeX annotation, which is markup.
// An iframe's, noembed's and noframes' content is raw text a browser never shows.
const SKIPPED = new Set(['pre', 'script', 'style', 'template', 'svg', 'annotation', 'iframe', 'noembed', 'noframes']);
// Footnote references, the footnote list and code blocks (with their captions) are not prose; nor are
// callouts' kind labels (メモ, 注意), display formulas, the TeX source of a formula that did not parse,
// what is hidden from screen readers as a visual copy of other content (KaTeX's HTML beside its
// MathML), and what is kept out of search excerpts.
const SKIPPED_ATTRIBUTES = new Set(['data-footnote-ref', 'data-footnotes', 'data-pagefind-ignore']);
const SKIPPED_CLASSES = new Set(['footnote-ref', 'footnotes', 'code-block', 'callout-title', 'math-display', 'language-math']);
const BLOCK = new Set([
  'details', 'summary', 'p', 'div', 'section', 'article', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'figure',
  'figcaption', 'table', 'caption', 'tr', 'td', 'th', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr',
]);

/** What separates the names of a `class` attribute (HTML's ASCII white space). */
const CLASS_SEPARATOR = /[\t\n\f\r ]+/u;

// Where one block ends and the next begins, while the text is put together (a control character no
// prose holds: control characters in the text are dropped first).
const BLOCK_END = '\u001e';
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f]/gu;
const WHITE_SPACE_RUN = /[\s\u001e]+/gu;

/** Whether the text of `element` and everything in it is left out (SKIPPED, SKIPPED_ATTRIBUTES, SKIPPED_CLASSES). */
function isSkipped(element: Element): boolean {
  if (SKIPPED.has(element.tagName)) return true;
  for (const { name, value } of element.attrs) {
    if (SKIPPED_ATTRIBUTES.has(name)) return true;
    if (name === 'aria-hidden' && value.trim().toLowerCase() === 'true') return true;
    if (name === 'class' && value.split(CLASS_SEPARATOR).some((token) => SKIPPED_CLASSES.has(token))) return true;
  }
  return false;
}

/**
 * The text of `nodes` in document order, with BLOCK_END around blocks and `\n` for `<br>`. The tree is
 * walked with a stack of its own rather than by recursion: a post may nest elements deeper than the call
 * stack goes, and parse5 reads it all the same.
 */
function textOf(nodes: readonly ChildNode[]): string {
  let text = '';
  // Each open element's children, the index of the next one, and whether the element is a block.
  const open: { children: readonly ChildNode[]; next: number; block: boolean }[] = [{ children: nodes, next: 0, block: false }];
  while (open.length > 0) {
    const parent = open[open.length - 1]!;
    const node = parent.children[parent.next++];
    if (node === undefined) {
      open.pop();
      if (parent.block) text += BLOCK_END;
    } else if (node.nodeName === '#text') {
      text += (node as DefaultTreeAdapterTypes.TextNode).value.replace(CONTROL, ' ');
    } else if ('tagName' in node) {
      if (node.tagName === 'br') text += '\n';
      else if (!isSkipped(node)) {
        const block = BLOCK.has(node.tagName);
        if (block) text += BLOCK_END;
        open.push({ children: node.childNodes, next: 0, block });
      }
    }
  }
  return text;
}

/**
 * The readable text of an HTML fragment: code blocks, scripts and footnotes left out (inline code
 * kept), entities decoded, white space collapsed. The HTML is read as a browser reads it (parse5):
 * `>` inside an attribute, comments, CDATA, raw text and unclosed or misnested elements are all
 * what the page shows. `<noscript>` content counts, as for a reader without scripts: the pages need none.
 *
 * - Blocks (headings, paragraphs, list items, table cells) are separated by a space, so that a heading
 *   never runs into the text after it (`必要なもの 人とぶつからない…`); after full-width punctuation
 *   (`。`, `」`), which carries its own space, by nothing.
 * - A line break inside a block (a `<br>` or a newline in the HTML) reads as the page does: nothing
 *   between two Japanese characters or next to full-width punctuation, a space elsewhere.
 * - No space follows full-width punctuation (`なくなり、 e-Tax` reads `なくなり、e-Tax`).
 */
export function htmlToText(html: string): string {
  const lines = textOf(parseFragment(html, { scriptingEnabled: false }).childNodes)
    // A run of white space with a block end in it is one block end; one with a line break, one line break.
    .replace(WHITE_SPACE_RUN, (run) => (run.includes(BLOCK_END) ? BLOCK_END : run.includes('\n') ? '\n' : run))
    .replace(/^\u001e|\u001e$/gu, '');
  return withoutSpaceAfterWidePunctuation(
    joinCjkLines(lines)
      .replace(/[\s\u001e]+/gu, ' ')
      .trim(),
  );
}

// Punctuation at U+1100 or above followed by white space. No character below U+1100 is wide, so these
// are the only candidates for `isWidePunctuation`, which then never runs for English commas and stops.
const PUNCTUATION_THEN_SPACE = /([\p{P}--[\u0000-\u10ff]])\s+/gv;

/**
 * `text` without the white space after full-width punctuation (`、 e-Tax` → `、e-Tax`): those marks carry
 * their own space, and one more reads as a gap. White space before them is the author's and stays.
 */
export function withoutSpaceAfterWidePunctuation(text: string): string {
  return text.replace(PUNCTUATION_THEN_SPACE, (run, mark: string) => (isWidePunctuation(mark.codePointAt(0)!) ? mark : run));
}

/** Reading speeds: characters of Japanese (and other CJK) text, and words of other scripts, a minute. */
export const CJK_CHARS_PER_MINUTE = 500;
export const WORDS_PER_MINUTE = 230;

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;

/**
 * Minutes to read `text` (prose without code: see `htmlToText`): CJK characters at about 500 a
 * minute plus words of other scripts at about 230, so that mixed posts count both. At least 1.
 */
export function readingMinutes(text: string): number {
  const cjk = text.match(CJK_CHAR)?.length ?? 0;
  const words = text.replace(CJK_CHAR, ' ').match(WORD)?.length ?? 0;
  return Math.max(1, Math.round(cjk / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE));
}

// Hexo's, Hatena's and WordPress's marker for the end of a post's excerpt.
const MORE = /<!--\s*more\s*-->/iu;

/** The HTML before the post's `<!-- more -->` marker, when it has one. */
export function htmlBeforeMore(html: string): string | undefined {
  const m = MORE.exec(html);
  return m ? html.slice(0, m.index) : undefined;
}

/** About how long a summary is: characters for languages written without spaces, words otherwise. */
export const SUMMARY_CHARS = 120;
export const SUMMARY_WORDS = 55;

const SENTENCE_END = /[。！？!?．.]["'」』）)]*$/u;

function isSpaceless(lang: string): boolean {
  return /^(ja|zh|th|lo|km|my)\b/iu.test(lang);
}

/**
 * The start of `text`, cut to about 120 characters (Japanese and other languages written without
 * spaces) or 55 words, ending at a sentence end when one is near, else at a character or word boundary,
 * with `…`. Never splits a surrogate pair or a combining sequence. `scale` lengthens the budget (an
 * excerpt the author marked with `<!-- more -->` is kept whole up to three times the usual length).
 */
export function summarize(text: string, lang: string, scale = 1): string {
  const clean = text.replace(/\s+/gu, ' ').trim();
  const chars = Math.round(SUMMARY_CHARS * scale);
  const wordCount = Math.round(SUMMARY_WORDS * scale);
  if (isSpaceless(lang)) {
    // Only the start is needed: one grapheme more than fits tells whether the text goes on.
    const start = graphemes(clean, lang, chars + 1);
    if (start.length <= chars) return clean;
    const head = start.slice(0, chars).join('');
    return `${cutAtSentence(head, Math.floor(chars * 0.6)) ?? head.trimEnd()}…`;
  }
  const words = clean.split(' ');
  if (words.length <= wordCount) return clean;
  const head = words.slice(0, wordCount).join(' ');
  const sentence = cutAtSentence(head, Math.floor(head.length * 0.6));
  return `${(sentence ?? head).replace(/[\s,;:、，—–-]+$/u, '')}…`;
}

/** `head` up to its last sentence end, if that end lies at or after `minLength`. */
function cutAtSentence(head: string, minLength: number): string | undefined {
  for (let i = head.length; i >= minLength; i--) {
    const candidate = head.slice(0, i);
    if (SENTENCE_END.test(candidate) && !/\d\.$/u.test(candidate)) return candidate.replace(/[.．]$/u, '');
  }
  return undefined;
}

/** Longest `<title>` search engines and html-validate accept; longer ones are cut off anyway. */
export const MAX_DOCUMENT_TITLE = 70;

const ESCAPED_LENGTH: Record<string, number> = { '&': 5, '<': 4, '>': 4, '"': 6, "'": 5 };

/** Length as written in the page: characters, with `&<>"'` as the entities Astro writes them as. */
function writtenLength(graphemes: readonly string[]): number {
  return graphemes.reduce((n, g) => n + (ESCAPED_LENGTH[g] ?? 1), 0);
}

/**
 * The `<title>` of a page: `Post | Site`; without the site's name when that makes it too long; and a
 * very long title cut at a character boundary with `…`. Headings and sharing metadata keep the whole title.
 */
export function documentTitle(title: string | undefined, siteTitle: string): string {
  if (!title) return siteTitle;
  const full = `${title} | ${siteTitle}`;
  if (writtenLength(graphemes(full)) <= MAX_DOCUMENT_TITLE) return full;
  const all = graphemes(title);
  if (writtenLength(all) <= MAX_DOCUMENT_TITLE) return title;
  let cut = all;
  while (writtenLength(cut) > MAX_DOCUMENT_TITLE - 1) cut = cut.slice(0, -1);
  return `${cut.join('').trimEnd()}…`;
}
