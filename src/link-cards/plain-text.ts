/**
 * Turns text taken from a fetched page (a title, a description) into plain text fit for the link-card
 * store: entities decoded, tags stripped, control and direction-override characters dropped,
 * whitespace collapsed, length capped at a grapheme boundary. The render side escapes it again; this
 * only makes sure nothing that looks like markup or hides text reaches a reader.
 */
import { decodeHTML } from 'entities';
import { graphemes } from '../typesetting/graphemes.ts';

// HTML and SVG/MathML root element names: `<script>` and `<b>` are markup, `Vec<T>` and
// `Option<String>` in a technical title are not.
const TAG_NAMES = new Set(
  (
    'a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite ' +
    'code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure ' +
    'font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd ' +
    'label legend li link main map mark marquee math menu meta meter nav noembed noframes noscript object ol ' +
    'optgroup option output p param picture plaintext pre progress q rp rt ruby s samp script search section ' +
    'select slot small source span strike strong style sub summary sup svg table tbody td template textarea ' +
    'tfoot th thead time title tr track tt u ul var video wbr xmp center big blink image'
  ).split(' '),
);

// A tag (open or close, any attributes, possibly cut off at the end of the text), a comment, a
// doctype, a processing instruction or CDATA.
const TAG_LIKE = /<\/?([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>]|$)(?:[^>"']|"[^"]*"|'[^']*')*(?:>|$)/gu;
const NON_ELEMENT_MARKUP = /<!--[\s\S]*?(?:-->|$)|<![A-Za-z[][^>]*(?:>|$)|<\?[^>]*(?:>|$)/gu;

// Characters that are whitespace in meaning: become one space. The ideographic space (U+3000) is kept:
// Japanese titles use it on purpose.
const SPACES = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f]+/gu;
// Controls (C0, DEL, C1), direction marks and overrides (they can make text read backwards), the BOM,
// interlinear annotation marks, the replacement character (a NUL or a byte the encoding lacks),
// noncharacters and unpaired surrogates (with the `u` flag a surrogate
// range matches only a surrogate that is not half of a pair).
const INVISIBLE =
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ufffd\ufffe\uffff\ud800-\udfff]/gu;

function stripTags(text: string): string {
  return text
    .replace(NON_ELEMENT_MARKUP, '')
    .replace(TAG_LIKE, (tag, name: string) => (TAG_NAMES.has(name.toLowerCase()) || name.includes('-') ? ' ' : tag));
}

/**
 * Cuts `text` to at most `max` UTF-16 units, at a grapheme boundary, with `…` when something was cut.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const g of graphemes(text)) {
    if (out.length + g.length > max - 1) break;
    out += g;
  }
  return `${out.trimEnd()}…`;
}

/** Drops control characters from code lines, keeping tabs (code is not collapsed or stripped). */
export function dropControlCharacters(text: string, keep = '\t\n'): string {
  return text.replace(INVISIBLE, (c) => (keep.includes(c) ? c : ''));
}

/**
 * Plain text from a fetched string (already decoded once by the HTML parser): entities left over from
 * double-escaping pages decoded, tags stripped, invisible characters dropped, whitespace collapsed,
 * cut to `max`.
 */
export function plainText(text: string, max: number): string {
  // Only the start can be kept: cutting first bounds the work on a hostile megabyte-long attribute.
  let out = text.slice(0, max * 8);
  // Pages that escape twice leave `&amp;#39;` as `&#39;`: decode once more, then strip what that made.
  if (out.includes('&')) out = decodeHTML(out);
  out = stripTags(out);
  out = out.replace(SPACES, ' ').replace(INVISIBLE, '').replace(/ {2,}/gu, ' ').trim();
  return truncateText(out, max);
}
