/**
 * The share image's drawing surface: a 1200x630 palette image (one byte a pixel) over a flat
 * background, onto which text is drawn from cached glyph masks (font.ts), each pixel one of LEVELS
 * shades of an ink over the background. It is kept in the layout PNG stores rows in, so encoding it
 * (png.ts) copies nothing. A logo's colours do not fit in a palette: with one, the picture is turned
 * into RGB rows and the logo laid over them (`truecolorRows`).
 */
import type { GlyphMask, ShareFont } from './font.ts';
import { SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH } from './layout.ts';
import type { LogoImage, Rgb, ShareImageTheme } from './theme.ts';

/** The inks text is drawn in, each a colour of the theme, in the order of their shades in the palette. */
const INKS = ['muted', 'text', 'subtitle', 'accent'] as const;
export type Ink = (typeof INKS)[number];
export const LEVELS = 63; // 1 + 4 x 63 = 253 palette entries: within PNG's 256

/** The palette of `colors`: the background first, then LEVELS shades of each ink over it. */
export function paletteOf(colors: ShareImageTheme['colors']): Rgb[] {
  const { background } = colors;
  const palette: Rgb[] = [background];
  for (const ink of INKS) {
    for (let level = 1; level <= LEVELS; level++) {
      const a = level / LEVELS;
      palette.push(colors[ink].map((c, i) => Math.round(background[i]! * (1 - a) + c * a)) as unknown as Rgb);
    }
  }
  return palette;
}
/** The palette index of `ink` at coverage `level` (1 to LEVELS). */
export const shade = (ink: Ink, level: number) => 1 + INKS.indexOf(ink) * LEVELS + level - 1;

/** Palette level for each coverage value 0-255. */
const LEVEL_OF = Uint8Array.from({ length: 256 }, (_, c) => Math.round((c * LEVELS) / 255));
const STRIDE = SHARE_IMAGE_WIDTH + 1; // each PNG row starts with its filter byte

/** A share image being drawn, in the font it is drawn with. */
export class Canvas {
  /** PNG rows: a filter byte (0) and a palette index a pixel; index 0 is the background. */
  readonly scanlines = new Uint8Array(STRIDE * SHARE_IMAGE_HEIGHT);
  readonly font: ShareFont;
  constructor(font: ShareFont) {
    this.font = font;
  }

  /** Back to the bare background, to draw the next image on the same rows. */
  clear(): this {
    this.scanlines.fill(0);
    return this;
  }

  /** Width of `text` in pixels at `size`. */
  width(text: string, size: number): number {
    return (this.font.shape(text).width * size) / this.font.unitsPerEm;
  }

  /** Height of a line of `size` with the font's own line spacing (CSS `line-height: normal`). */
  normalLine(size: number): number {
    return ((this.font.ascent + this.font.descent) * size) / this.font.unitsPerEm;
  }

  /** Draws `text` with its line box's top-left corner at (x, top) in a line `lineHeight` tall. */
  text(text: string, size: number, ink: Ink, x: number, top: number, lineHeight = this.normalLine(size)): void {
    const { font } = this;
    const scale = size / font.unitsPerEm;
    const content = (font.ascent + font.descent) * scale;
    const baseline = top + (lineHeight - content) / 2 + font.ascent * scale;
    for (const glyph of font.shape(text).glyphs) {
      const mask = font.mask(glyph.id, size);
      if (mask) this.blit(mask, Math.round(x + glyph.x * scale) + mask.left, Math.round(baseline - glyph.y * scale) + mask.top, ink);
    }
  }

  private blit(mask: GlyphMask, left: number, top: number, ink: Ink): void {
    const first = shade(ink, 1);
    const { scanlines } = this;
    // Only the part of the mask that falls on the image.
    const y0 = Math.max(0, -top);
    const y1 = Math.min(mask.height, SHARE_IMAGE_HEIGHT - top);
    const x0 = Math.max(0, -left);
    const x1 = Math.min(mask.width, SHARE_IMAGE_WIDTH - left);
    for (let y = y0; y < y1; y++) {
      const row = (top + y) * STRIDE + 1 + left;
      const from = y * mask.width;
      for (let x = x0; x < x1; x++) {
        const level = LEVEL_OF[mask.coverage[from + x]!]!;
        if (level === 0) continue;
        const old = scanlines[row + x]!;
        // Where glyphs touch, the stronger coverage wins.
        if (old === 0 || ((old - 1) % LEVELS) + 1 < level) scanlines[row + x] = first + level - 1;
      }
    }
  }

  /** Fills whole rows with palette colour `index`. */
  fillRows(top: number, height: number, index: number): void {
    for (let y = top; y < top + height; y++) this.scanlines.fill(index, y * STRIDE + 1, (y + 1) * STRIDE);
  }
}

let spareRows: Uint8Array | undefined;

/**
 * The canvas's picture in `palette`'s colours as PNG truecolour rows (3 bytes a pixel), with `logo`
 * laid over it at (left, top). Each row is filtered with PNG's Sub filter (each byte less the same
 * colour's byte of the pixel to its left): a run of one colour becomes zeros, which compress to
 * almost nothing (png.ts), and which this loop need not even write.
 */
export function truecolorRows(scanlines: Uint8Array, palette: readonly Rgb[], logo: LogoImage, left: number, top: number): Uint8Array {
  const stride = 1 + 3 * SHARE_IMAGE_WIDTH;
  // One buffer for every image, as the canvas: the caller encodes it before the next is drawn.
  const rows = (spareRows ??= new Uint8Array(stride * SHARE_IMAGE_HEIGHT)).fill(0);
  const colors = new Uint8Array(palette.length * 3);
  palette.forEach((color, i) => colors.set(color, i * 3));
  const over = logoOver(scanlines, colors, logo, left, top);
  const x0 = Math.max(0, left);
  const x1 = Math.min(SHARE_IMAGE_WIDTH, left + logo.width);
  for (let y = 0; y < SHARE_IMAGE_HEIGHT; y++) {
    const from = y * STRIDE + 1;
    let to = y * stride;
    rows[to++] = 1; // the Sub filter
    const logoRow = y - top >= 0 && y - top < logo.height ? (y - top) * logo.width : -1;
    if (logoRow < 0 && isBackgroundRow(scanlines, from)) {
      // Most rows: the background's colour, then zeros to the end.
      rows.set(colors.subarray(0, 3), to);
      continue;
    }
    // The pixel to the left (none, zeros, for the first one) and its palette index (-1: the logo's).
    let r = 0;
    let g = 0;
    let b = 0;
    let index = -1;
    for (let x = 0; x < SHARE_IMAGE_WIDTH; x++, to += 3) {
      let at: number;
      let source: Uint8Array;
      if (logoRow >= 0 && x >= x0 && x < x1) {
        source = over;
        at = (logoRow + x - left) * 3;
        index = -1;
      } else {
        const next = scanlines[from + x]!;
        if (next === index) continue; // the colour to its left: zeros
        index = next;
        source = colors;
        at = next * 3;
      }
      const nr = source[at]!;
      const ng = source[at + 1]!;
      const nb = source[at + 2]!;
      rows[to] = nr - r;
      rows[to + 1] = ng - g;
      rows[to + 2] = nb - b;
      r = nr;
      g = ng;
      b = nb;
    }
  }
  return rows;
}

const BACKGROUND_ROW = Buffer.alloc(SHARE_IMAGE_WIDTH);
/** Whether the canvas row starting at `from` is all background (compared natively, not pixel by pixel). */
const isBackgroundRow = (scanlines: Uint8Array, from: number) => BACKGROUND_ROW.equals(scanlines.subarray(from, from + SHARE_IMAGE_WIDTH));

/** The logo's pixels laid over what the canvas has under them, as RGB (3 bytes a pixel, row by row). */
function logoOver(scanlines: Uint8Array, colors: Uint8Array, logo: LogoImage, left: number, top: number): Uint8Array {
  const { width, height, pixels } = logo;
  const over = new Uint8Array(width * height * 3);
  for (let ly = 0; ly < height; ly++) {
    for (let lx = 0; lx < width; lx++) {
      const x = left + lx;
      const y = top + ly;
      const inside = x >= 0 && x < SHARE_IMAGE_WIDTH && y >= 0 && y < SHARE_IMAGE_HEIGHT;
      const under = inside ? scanlines[y * STRIDE + 1 + x]! * 3 : 0;
      const p = (ly * width + lx) * 4;
      const alpha = pixels[p + 3]!;
      // resvg's pixels are premultiplied: the logo's colour, plus what is under it times (1 - alpha).
      for (let c = 0; c < 3; c++) over[(ly * width + lx) * 3 + c] = Math.min(255, pixels[p + c]! + Math.round((colors[under + c]! * (255 - alpha)) / 255));
    }
  }
  return over;
}
