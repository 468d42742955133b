/**
 * Character classes for Japanese typesetting rules, and the line-joining rule built on them. Widths come
 * from Unicode's East Asian Width property (UAX #11) as `get-east-asian-width` tabulates it: JavaScript's
 * regular expressions have no such property. Which characters are Hangul is a matter of script, not
 * width, and comes from the regular expression property `Script=Hangul`.
 */
import { eastAsianWidth, eastAsianWidthType } from 'get-east-asian-width';

/**
 * East Asian Width W or F: kanji, kana, fullwidth punctuation such as 。、「」（）, many emoji. Ambiguous
 * characters (…, é, ①) count as narrow, as UAX #11 advises when the context is not known.
 */
export function isWide(cp: number): boolean {
  return eastAsianWidth(cp) === 2;
}

// Korean is written with spaces between words, in Hangul syllables that are as wide as kanji: the
// joining rule below must tell it apart by script.
const HANGUL = /^\p{Script=Hangul}$/u;

/** A Hangul letter (Jamo, syllables, their halfwidth and enclosed forms). */
export function isHangul(cp: number): boolean {
  return HANGUL.test(String.fromCodePoint(cp));
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

/**
 * A character of Chinese, Japanese or Korean text, for emphasis rules: East Asian Width W, F or H (wide
 * characters, and halfwidth kana and Hangul), the width rule of the CJK-friendly emphasis amendment
 * (markdown-cjk-friendly).
 */
export function isCjk(cp: number): boolean {
  return isWide(cp) || eastAsianWidthType(cp) === 'halfwidth';
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
