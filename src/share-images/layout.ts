/**
 * The share image's size and how a title is fitted into it: the largest font size at which the title
 * takes at most three lines, else the smallest size with the title cut with `…` where the box ends.
 * Lines break between phrases (BudouX) and at spaces, never inside a word unless a word alone is wider
 * than the box. Widths come from a measure function, in ems, so the fitting is exact for the real font
 * and testable with a fake one.
 */
import { graphemes } from '../typesetting/graphemes.ts';
import { phrases } from '../typesetting/phrases.ts';

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;
/** Room for the title: the image less its padding. */
export const TITLE_BOX = { width: 1056, height: 330 };
export const TITLE_LINE_HEIGHT = 1.3;
export const TITLE_SIZES = [72, 64, 56, 50, 44, 40, 36] as const;
/**
 * The box a logo is scaled to fit, in the bottom right corner, centred on the footer's line: below
 * the lowest a fitted title (or the site's description) can reach.
 */
export const LOGO_BOX = { width: 240, height: 64 };
/** Room between the logo and the site's name beside it. */
export const LOGO_GAP = 24;
const MAX_LINES_LARGE = 3;
const ELLIPSIS = '…';

/** Width of `text` in ems of the font. */
export type Measure = (text: string) => number;

export interface FittedTitle {
  lines: string[];
  fontSize: number;
}

/** Where a line may break in `title`: after each phrase, and after each run of spaces. */
export function breakPieces(title: string): string[] {
  return phrases(title).flatMap((phrase) => phrase.match(/\S*\s+|\S+$/gu) ?? []);
}

/** Greedy line filling of `pieces` into lines at most `width` ems wide (trailing spaces hang). */
export function wrap(pieces: readonly string[], width: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  const push = (piece: string) => {
    if (line === '' || measure((line + piece).trimEnd()) <= width) {
      line += piece;
      return;
    }
    lines.push(line.trimEnd());
    line = piece.trimStart();
  };
  for (const piece of pieces) {
    // A piece wider than a whole line (a long URL, a long run without phrases) breaks anywhere.
    if (measure(piece.trimEnd()) > width) for (const g of graphemes(piece)) push(g);
    else push(piece);
  }
  if (line.trim() !== '') lines.push(line.trimEnd());
  return lines;
}

/** `line` shortened, if need be, so that it ends with `…` and is at most `width` ems wide. */
function cut(line: string, width: number, measure: Measure): string {
  const parts = graphemes(line);
  while (parts.length > 0 && measure(`${parts.join('').trimEnd()}${ELLIPSIS}`) > width) parts.pop();
  return `${parts.join('').trimEnd()}${ELLIPSIS}`;
}

/** `text` wrapped into at most `maxLines` lines of `width` ems, the last cut with `…` if it goes on. */
export function fitLines(text: string, width: number, maxLines: number, measure: Measure): string[] {
  const lines = wrap(breakPieces(text.trim()), width, measure);
  if (lines.length <= maxLines) return lines;
  return [...lines.slice(0, maxLines - 1), cut(lines.slice(maxLines - 1).join(' '), width, measure)];
}

/** `title` in lines that fit TITLE_BOX, at the largest of TITLE_SIZES that holds it (see above). */
export function fitTitle(title: string, measure: Measure): FittedTitle {
  const pieces = breakPieces(title.trim());
  for (const fontSize of TITLE_SIZES) {
    const lines = wrap(pieces, TITLE_BOX.width / fontSize, measure);
    if (lines.length <= MAX_LINES_LARGE && lines.length * fontSize * TITLE_LINE_HEIGHT <= TITLE_BOX.height) return { lines, fontSize };
  }
  const fontSize = TITLE_SIZES.at(-1)!;
  const maxLines = Math.floor(TITLE_BOX.height / (fontSize * TITLE_LINE_HEIGHT));
  return { lines: fitLines(title, TITLE_BOX.width / fontSize, maxLines, measure), fontSize };
}
