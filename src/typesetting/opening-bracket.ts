/**
 * Fullwidth opening brackets (`「`, `『`, `（`, `【`) at the start of a line. Their glyph fills the right
 * half of a fullwidth cell, so a line that starts with one looks indented by half a character.
 * Japanese typesetting sets them flush (行頭の始め括弧は半角), as CSS's `text-spacing-trim:
 * trim-start` does where browsers have it; share images and browsers without it move such a line
 * left by the blank half.
 */
import { isWide } from './east-asian-width.ts';

/** The blank part of a fullwidth opening bracket, in ems. */
export const OPENING_BRACKET_BLANK = 0.5;

/** Does `text` start with a fullwidth opening bracket? */
export function startsWithOpeningBracket(text: string): boolean {
  const first = text.codePointAt(0);
  return first !== undefined && /^\p{Ps}/u.test(text) && isWide(first);
}
