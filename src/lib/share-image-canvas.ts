/**
 * The share image's drawing surface: a 1200x630 palette image (one byte a pixel) over a flat
 * background, onto which text is drawn from cached glyph masks (src/lib/share-image-font.ts), each
 * pixel one of LEVELS shades of a text colour over the background. It is kept in the layout PNG
 * stores rows in, so encoding it (src/lib/png.ts) copies nothing.
 */
import type { GlyphMask, ShareFont } from './share-image-font.ts';
import { SHARE_IMAGE_HEIGHT, SHARE_IMAGE_WIDTH } from './share-image-layout.ts';

export type Rgb = readonly [number, number, number];
const BACKGROUND: Rgb = [0x0d, 0x11, 0x17];
/** Text colours; each gets LEVELS shades of coverage over the background in the palette. */
const INK = { muted: [0x91, 0x98, 0xa1], text: [0xf0, 0xf3, 0xf6], soft: [0xc9, 0xd1, 0xd9], accent: [0x6c, 0xb6, 0xff] } as const satisfies Record<string, Rgb>;
export type Ink = keyof typeof INK;
const INKS = Object.keys(INK) as Ink[];
export const LEVELS = 63; // 1 + 4 x 63 = 253 palette entries: within PNG's 256

/** Background first, then LEVELS shades of each ink. */
export const palette: Rgb[] = [BACKGROUND];
for (const ink of INKS) {
  for (let level = 1; level <= LEVELS; level++) {
    const a = level / LEVELS;
    palette.push(INK[ink].map((c, i) => Math.round(BACKGROUND[i]! * (1 - a) + c * a)) as unknown as Rgb);
  }
}
/** The palette index of `ink` at coverage `level` (1 to LEVELS). */
export const shade = (ink: Ink, level: number) => 1 + INKS.indexOf(ink) * LEVELS + level - 1;

/** Palette level for each coverage value 0-255. */
const LEVEL_OF = Uint8Array.from({ length: 256 }, (_, c) => Math.round((c * LEVELS) / 255));
const STRIDE = SHARE_IMAGE_WIDTH + 1; // each PNG row starts with its filter byte

export class Canvas {
  /** PNG rows: a filter byte (0) and a palette index a pixel; index 0 is the background. */
  readonly scanlines = new Uint8Array(STRIDE * SHARE_IMAGE_HEIGHT);
  private readonly font: ShareFont;
  constructor(font: ShareFont) {
    this.font = font;
  }

  /** Back to the bare background, to draw the next image on the same 750 KB of rows. */
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
