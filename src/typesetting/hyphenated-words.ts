/**
 * Short hyphenated Latin words (`e-Tax`, `Wi-Fi`, `x86-64`, `UTF-8`) found in text, so that pages can
 * keep each on one line: browsers may break a line after any hyphen, which leaves `e-` at a line's end
 * and `Tax` on the next. Longer compounds (`docker-compose`) may still break at their hyphens, as
 * English text does, so that a narrow column never has to overflow. The text itself is never changed
 * (no non-breaking hyphen), so copying and searching find what was written.
 */

/** Longest word kept whole, in characters: short enough to fit any column at any heading size. */
const MAX_KEPT_LENGTH = 12;

/**
 * Letters and digits joined by hyphens, standing alone: not part of a longer run of Latin letters,
 * digits or hyphens, nor of a path, an address or a domain (`a/b-c`, `x@a-b`, `a-b.example`). A word
 * next to Japanese (`e-Taxで`) or punctuation (`Wi-Fi。`, `(x86-64)`) counts.
 */
const HYPHENATED = /(?<![\p{Script=Latin}\p{Nd}_\-./@])[\p{Script=Latin}\p{Nd}]+(?:-[\p{Script=Latin}\p{Nd}]+)+(?![\p{Script=Latin}\p{Nd}_\-/@]|\.[\p{Script=Latin}\p{Nd}])/gu;

/** A piece of text; `keep` when it is a short hyphenated word to be kept on one line. */
export interface TextPiece {
  text: string;
  keep: boolean;
}

/** Cheap test before the full pattern (most text has no hyphen at all): could `text` hold one? */
const mayHaveHyphenatedWord = (text: string): boolean =>
  text.includes('-') && /[\p{Script=Latin}\p{Nd}]-[\p{Script=Latin}\p{Nd}]/u.test(text);

/** Does `text` hold a short hyphenated word to keep whole? */
export function hasWordToKeep(text: string): boolean {
  if (!mayHaveHyphenatedWord(text)) return false;
  for (const match of text.matchAll(HYPHENATED)) if (match[0].length <= MAX_KEPT_LENGTH) return true;
  return false;
}

/** `text` cut into pieces that join back to it, the short hyphenated words marked `keep`. */
export function splitHyphenatedWords(text: string): TextPiece[] {
  if (!mayHaveHyphenatedWord(text)) return [{ text, keep: false }];
  const pieces: TextPiece[] = [];
  let at = 0;
  for (const match of text.matchAll(HYPHENATED)) {
    if (match[0].length > MAX_KEPT_LENGTH) continue;
    if (match.index > at) pieces.push({ text: text.slice(at, match.index), keep: false });
    pieces.push({ text: match[0], keep: true });
    at = match.index + match[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at), keep: false });
  return pieces;
}
