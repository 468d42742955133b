/**
 * Prepares a search page's HTML (src/search/search-pages.ts) so that Pagefind reads Chinese and Japanese
 * text the way a reader's query is read. Two things go wrong without it:
 *
 * - Words. Pagefind's indexer splits Japanese and Chinese into words with its own dictionary
 *   (charabia: lindera for Japanese), while its script splits the reader's query with the browser's
 *   (Intl.Segmenter: ICU). They disagree often: the indexer keeps リリースノート and 表記ゆれ as one
 *   word where the query becomes リリース|ノート and 表記|ゆ|れ, so the exact phrase finds no post and
 *   the plain search finds the wrong ones. Here the text's words are marked with ICU's own boundaries,
 *   as zero-width spaces, which the indexer takes as word breaks and leaves out of the text it keeps
 *   for excerpts: index and query then split the same way.
 * - Excerpts. Pagefind ends each block (paragraph, heading, list item, cell) with ". " when its text
 *   ends in a letter, and its letters include kana and kanji: "何が起きるか. 署名用". An ideographic
 *   space after such a block's last character stops that, and reaches the excerpt as a plain space
 *   between the blocks: "何が起きるか 署名用". (A zero-width space would stop it too, but glue the
 *   blocks together: "何が起きるか署名用".)
 *
 * Only runs of Han, kana and fullwidth characters are touched, never markup.
 */

const ZWSP = '\u200B';
const IDEOGRAPHIC_SPACE = '\u3000';

/** Characters of scripts written without spaces between words, as Pagefind's indexer segments them. */
const CJK_CHARACTER = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Bopomofo}ー々〆〇ヶ\\uFF10-\\uFF19\\uFF21-\\uFF3A\\uFF41-\\uFF5A';
const CJK_RUN = new RegExp(`[${CJK_CHARACTER}]{2,}`, 'gu');
const ENDS_IN_CJK = new RegExp(`[${CJK_CHARACTER}]$`, 'u');

/**
 * The blocks after which Pagefind's indexer adds a full stop (its SENTENCE_SELECTORS), as closing
 * tags. `ol`, `dd`, `blockquote` and the like are not among them.
 */
const SENTENCE_END = /^<\/(?:h[1-6]|p|td|div|ul|li|article|section)\s*>$/iu;

/**
 * Markup, one piece at a time: comments, then tags (quoted attribute values may hold `>`). Text is
 * what lies between.
 */
const MARKUP = /<!--[\s\S]*?-->|<\/?[a-zA-Z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>/gu;

/**
 * `html` (a whole page, or blocks with their closing tags) with the word boundaries of its Chinese
 * and Japanese text marked, and no full stop to come after a block that ends in one of their
 * characters (see above). `lang` is the language the search index segments queries in (the site's).
 */
export function markSearchWords(html: string, lang: string): string {
  const words = wordMarker(lang);
  let out = '';
  let last = 0;
  // Whether the text since the last block ended ends in a CJK character.
  let endsInCjk = false;
  for (const match of html.matchAll(MARKUP)) {
    const text = html.slice(last, match.index);
    if (text !== '') {
      out += text.replace(CJK_RUN, words);
      if (text.trim() !== '') endsInCjk = ENDS_IN_CJK.test(text.trimEnd());
    }
    const tag = match[0];
    if (endsInCjk && SENTENCE_END.test(tag)) {
      out += IDEOGRAPHIC_SPACE;
      endsInCjk = false;
    }
    out += tag;
    last = match.index + tag.length;
  }
  return out + html.slice(last).replace(CJK_RUN, words);
}

/**
 * A function from a run of CJK characters to the run with a zero-width space between its words, as
 * ICU finds them in `lang`.
 */
function wordMarker(lang: string): (run: string) => string {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  return (run) => {
    let words = '';
    for (const { segment } of segmenter.segment(run)) words += words === '' ? segment : ZWSP + segment;
    return words;
  };
}
