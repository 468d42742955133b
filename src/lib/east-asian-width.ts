/**
 * Character classes for Japanese typesetting rules, and the line-joining rule built on them, from Unicode's East Asian Width property
 * (EastAsianWidth.txt): which characters are Wide (W) or Fullwidth (F), and which are Hangul.
 * Ranges cover the scripts and symbols that occur in CJK text; they are listed, not computed, because
 * JavaScript's regular expressions have no East Asian Width property.
 */

// [first, last] code points, sorted, non-overlapping. W and F ranges of EastAsianWidth.txt (Unicode 15).
const WIDE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], // Hangul Jamo initials
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e], // CJK radicals, Kangxi, ideographic description, CJK symbols and punctuation (3000 is F)
  [0x3041, 0x33ff], // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed, compatibility
  [0x3400, 0x4dbf], // CJK Extension A
  [0x4e00, 0x9fff], // CJK Unified Ideographs
  [0xa000, 0xa4cf], // Yi
  [0xa960, 0xa97f], // Hangul Jamo Extended-A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe10, 0xfe19], // vertical forms
  [0xfe30, 0xfe6f], // CJK compatibility forms, small form variants
  [0xff00, 0xff60], // fullwidth forms (F)
  [0xffe0, 0xffe6], // fullwidth signs (F)
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cd5], // Tangut, Khitan
  [0x1aff0, 0x1b2fb], // Kana supplement and extensions, Nushu
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251], // enclosed ideographic supplement
  [0x1f260, 0x1f265],
  [0x1f300, 0x1f64f], // pictographs and emoticons (the W ones, with few exceptions)
  [0x1f680, 0x1f6ff], // transport and map
  [0x1f7e0, 0x1f7f0],
  [0x1f90c, 0x1f9ff], // supplemental symbols and pictographs
  [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd], // CJK Extensions B-F, compatibility supplement
  [0x30000, 0x3fffd], // CJK Extensions G-H
];

const HANGUL_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x11ff],
  [0x3130, 0x318f],
  [0xa960, 0xa97f],
  [0xac00, 0xd7ff],
  [0xffa0, 0xffdc],
];

function inRanges(cp: number, ranges: ReadonlyArray<readonly [number, number]>): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last] = ranges[mid]!;
    if (cp < first) hi = mid - 1;
    else if (cp > last) lo = mid + 1;
    else return true;
  }
  return false;
}

/** East Asian Width W or F: kanji, kana, fullwidth punctuation such as 。、「」（）, many emoji. */
export function isWide(cp: number): boolean {
  return inRanges(cp, WIDE_RANGES);
}

export function isHangul(cp: number): boolean {
  return inRanges(cp, HANGUL_RANGES);
}

/** Full-width punctuation: wide marks such as 、。「」（）！？・ (kanji, kana and wide symbols are not). */
export function isWidePunctuation(cp: number): boolean {
  return isWide(cp) && PUNCTUATION.test(String.fromCodePoint(cp));
}

const PUNCTUATION = /^\p{P}$/u;

/**
 * CSS Text 3, segment break transformation: a line break between two Wide or Fullwidth characters,
 * neither of them Hangul, is removed instead of turning into a space. So is one next to full-width
 * punctuation (`なくなり、⏎e-Tax`), unless the other side is Hangul: those marks carry their own
 * space, and Japanese style (JTF) puts none beside them.
 */
export function joinsWithoutSpace(before: number, after: number): boolean {
  if (isHangul(before) || isHangul(after)) return false;
  return (isWide(before) && isWide(after)) || isWidePunctuation(before) || isWidePunctuation(after);
}

/** A character of Chinese, Japanese or Korean text (for emphasis rules): wide, or halfwidth kana. */
export function isCjk(cp: number): boolean {
  return isWide(cp) || (cp >= 0xff61 && cp <= 0xff9f);
}

// A soft break with the spaces around it (CommonMark drops them; be sure).
const SEGMENT_BREAK = /[ \t]*\n[ \t]*/gu;

/**
 * `value` with each segment break removed where the characters on both sides join without a space.
 * `before` and `after` are the texts of the neighbouring nodes, for breaks at either end.
 */
export function joinCjkLines(value: string, before = '', after = ''): string {
  return value.replace(SEGMENT_BREAK, (brk, offset: number) => {
    const prev = offset > 0 ? value.slice(0, offset) : before;
    const end = offset + brk.length;
    const next = end < value.length ? value.slice(end) : after;
    const a = prev.codePointAt(prev.length - 1 - (isLowSurrogate(prev.charCodeAt(prev.length - 1)) ? 1 : 0));
    const b = next.codePointAt(0);
    return a !== undefined && b !== undefined && joinsWithoutSpace(a, b) ? '' : brk;
  });
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
