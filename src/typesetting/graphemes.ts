/**
 * Text split into user-perceived characters (grapheme clusters), so that cutting a title or a summary
 * never splits an emoji, a kanji with a variation selector or a surrogate pair. Segmenters are made
 * once per language: making one costs more than segmenting a title.
 */
const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: string): Intl.Segmenter {
  let s = segmenters.get(lang);
  if (!s) {
    s = new Intl.Segmenter(lang, { granularity: 'grapheme' });
    segmenters.set(lang, s);
  }
  return s;
}

/** The graphemes of `text`; at most `limit` of them, from the start, when given. */
export function graphemes(text: string, lang = 'und', limit = Infinity): string[] {
  const out: string[] = [];
  if (limit <= 0) return out;
  for (const { segment } of segmenter(lang).segment(text)) {
    out.push(segment);
    if (out.length >= limit) break;
  }
  return out;
}
