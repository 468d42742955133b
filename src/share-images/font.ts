/**
 * Text for share images: the theme's font (theme.ts; Noto Sans JP Bold unless set) shaped with
 * HarfBuzz, and each glyph rasterized once per size (by resvg) into a coverage mask that every later
 * image reuses. Rasterizing a whole picture per post costs many times more than placing cached glyphs,
 * because titles share most of their characters (figures in docs/performance.md).
 */
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import { Memo } from '../memo.ts';
import type { ThemeFont } from './theme.ts';

const require = createRequire(import.meta.url);

/** A shaped glyph: its id and where it sits, in font units from the start of its run. */
export interface ShapedGlyph {
  id: number;
  x: number;
  y: number;
}

/** A run of text shaped into glyphs, with its advance width in font units. */
export interface ShapedRun {
  glyphs: ShapedGlyph[];
  width: number;
}

/** A glyph's coverage (0-255 a pixel), placed relative to its pen position on the baseline. */
export interface GlyphMask {
  left: number;
  top: number;
  width: number;
  height: number;
  coverage: Uint8Array;
}

/** The font, ready to shape text and draw glyphs at pixel sizes. */
export interface ShareFont {
  unitsPerEm: number;
  /** Ascent and descent (positive) in font units, as browsers use them for a line's box. */
  ascent: number;
  descent: number;
  shape(text: string): ShapedRun;
  /** The coverage mask of glyph `id` at `size` pixels an em; `undefined` for an empty glyph. */
  mask(id: number, size: number): GlyphMask | undefined;
}

interface HarfBuzz {
  createBlob(data: Uint8Array): unknown;
  createFace(blob: unknown, index: number): { upem: number; reference_table(tag: string): Uint8Array | undefined };
  createFont(face: unknown): {
    glyphToPath(id: number): string;
    glyphExtents(id: number): { xBearing: number; yBearing: number; width: number; height: number } | null;
  };
  createBuffer(): {
    addText(text: string): void;
    guessSegmentProperties(): void;
    json(): { g: number; ax: number; ay: number; dx: number; dy: number }[];
    destroy(): void;
  };
  shape(font: unknown, buffer: unknown): void;
}

/** Fonts loaded in this process, by the hash of their bytes. */
const loaded = new Map<string, Promise<ShareFont>>();

/** `font`, ready to draw with; loaded once per process. */
export function loadShareFont(font: ThemeFont): Promise<ShareFont> {
  let loading = loaded.get(font.hash);
  if (!loading) {
    loading = load(font);
    loaded.set(font.hash, loading);
  }
  return loading;
}

async function load({ file, bytes }: ThemeFont): Promise<ShareFont> {
  const hb = (await require('harfbuzzjs')) as HarfBuzz;
  const face = hb.createFace(hb.createBlob(bytes), 0);
  const font = hb.createFont(face);
  const hhea = face.reference_table('hhea');
  if (!hhea) throw new Error(`share images: the font ${file} has no hhea table`);
  const view = new DataView(hhea.buffer, hhea.byteOffset, hhea.byteLength);
  const masks = new Map<string, GlyphMask | undefined>();
  // Titles are measured piece by piece while lines are fitted, and tags and names recur: shaping
  // each string once saves most of the shaping. Bounded, so a huge site cannot grow it forever.
  const shaped = new Memo<ShapedRun>(50_000);

  const shape = (text: string): ShapedRun => {
    if (text === '') return { glyphs: [], width: 0 }; // HarfBuzz serializes an empty buffer as no JSON at all
    const buffer = hb.createBuffer();
    try {
      buffer.addText(text);
      buffer.guessSegmentProperties();
      hb.shape(font, buffer);
      let pen = 0;
      const glyphs: ShapedGlyph[] = [];
      for (const g of buffer.json()) {
        // Glyph 0 is the font's "missing" box (emoji, rare scripts): leave a gap rather than a box.
        if (g.g !== 0) glyphs.push({ id: g.g, x: pen + g.dx, y: g.dy });
        pen += g.ax;
      }
      return { glyphs, width: pen };
    } finally {
      buffer.destroy();
    }
  };

  const rasterize = (id: number, size: number): GlyphMask | undefined => {
    const extents = font.glyphExtents(id);
    if (!extents || extents.width === 0 || extents.height === 0) return undefined;
    const scale = size / face.upem;
    // One pixel of margin round the glyph's box for anti-aliasing; y grows downwards from the baseline.
    const left = Math.floor(extents.xBearing * scale) - 1;
    const top = Math.floor(-extents.yBearing * scale) - 1;
    const width = Math.ceil((extents.xBearing + extents.width) * scale) + 1 - left;
    const height = Math.ceil(-(extents.yBearing + extents.height) * scale) + 1 - top;
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<path fill="#fff" transform="translate(${-left} ${-top}) scale(${scale} ${-scale})" d="${font.glyphToPath(id)}"/></svg>`;
    // No system fonts: the glyph is a path, and scanning them would cost more than the drawing.
    const rgba = new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
    const coverage = new Uint8Array(width * height);
    for (let i = 0; i < coverage.length; i++) coverage[i] = rgba[i * 4 + 3]!;
    return { left, top, width, height, coverage };
  };

  return {
    unitsPerEm: face.upem,
    ascent: view.getInt16(4),
    descent: -view.getInt16(6),
    shape: (text) => shaped.get(text, () => shape(text)),
    mask(id, size) {
      const key = `${id}/${size}`;
      if (!masks.has(key)) masks.set(key, rasterize(id, size));
      return masks.get(key);
    },
  };
}
