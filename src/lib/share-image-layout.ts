/**
 * The share image's size and how a title is fitted into it: the largest font size at which the title
 * takes at most three lines, else the smallest size and the title cut to four lines with `…`. Widths
 * are estimated (CJK characters 1 em, others about 0.6 em) with a margin, so text never overflows.
 */
import { isWide } from './east-asian-width.ts';

export const SHARE_IMAGE_WIDTH = 1200;
export const SHARE_IMAGE_HEIGHT = 630;
/** Room for the title: the image less its padding. */
export const TITLE_BOX = { width: 1056, height: 330 };
export const TITLE_LINE_HEIGHT = 1.3;
const SIZES = [72, 64, 56, 50, 44, 40, 36] as const;
const SAFETY = 1.12;

function ems(text: string): number {
  let total = 0;
  for (const ch of text) total += isWide(ch.codePointAt(0)!) ? 1 : 0.6;
  return total;
}

export interface FittedTitle {
  text: string;
  fontSize: number;
  /** Estimated lines at that size. */
  lines: number;
}

export function fitTitle(title: string): FittedTitle {
  const width = ems(title) * SAFETY;
  for (const fontSize of SIZES) {
    const perLine = TITLE_BOX.width / fontSize;
    const lines = Math.max(1, Math.ceil(width / perLine));
    if (lines <= 3 && lines * fontSize * TITLE_LINE_HEIGHT <= TITLE_BOX.height) return { text: title, fontSize, lines };
  }
  const fontSize = SIZES.at(-1)!;
  const maxLines = Math.floor(TITLE_BOX.height / (fontSize * TITLE_LINE_HEIGHT));
  const budget = ((TITLE_BOX.width / fontSize) * maxLines) / SAFETY - 1;
  let text = '';
  for (const { segment } of new Intl.Segmenter('ja', { granularity: 'grapheme' }).segment(title)) {
    if (ems(text + segment) > budget) return { text: `${text.trimEnd()}…`, fontSize, lines: maxLines };
    text += segment;
  }
  return { text, fontSize, lines: maxLines };
}
