/**
 * A minimal PNG encoder for share images. Palette images (colour type 3, 8 bits a pixel) for the
 * usual ones: a flat background and anti-aliased text in a few colours, so each pixel is one byte of
 * a palette of at most 256 colours. That is a quarter of the bytes of RGBA to compress, which makes
 * encoding faster than a general encoder's, and the files smaller (figures in docs/performance.md).
 * RGB (colour type 2) for images with a logo, whose colours a palette cannot hold.
 */
import { constants, crc32, deflateSync } from 'node:zlib';

/** A palette image, in the layout its PNG rows take. */
export interface PaletteImage {
  width: number;
  height: number;
  /**
   * The rows as PNG stores them before compression: each row is a filter byte (0, none: flat colour
   * compresses well without one) followed by one palette index a pixel. Drawing straight into this
   * layout saves copying the picture.
   */
  scanlines: Uint8Array;
  /** RGB triples, `[r, g, b]` 0-255, at most 256. */
  palette: readonly (readonly [number, number, number])[];
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes `image` as a PNG file. */
export function encodePalettePng({ width, height, scanlines, palette }: PaletteImage): Buffer {
  if (scanlines.length !== (width + 1) * height) throw new Error(`png: ${scanlines.length} bytes of rows for ${width}x${height}`);
  if (palette.length === 0 || palette.length > 256) throw new Error(`png: a palette of ${palette.length} colours`);
  // Run-length matching: many times faster than the best compression, for somewhat larger files
  // (figures in docs/performance.md).
  const data = deflateSync(scanlines, { level: 6, strategy: constants.Z_RLE });
  return png(width, height, 3, data, [chunk('PLTE', Buffer.from(palette.flat()))]);
}

/** An RGB image: rows of a filter byte and 3 bytes a pixel, filtered as the filter bytes say. */
export interface TruecolorImage {
  width: number;
  height: number;
  scanlines: Uint8Array;
}

/** Encodes `image` (colour type 2, 8 bits a channel) as a PNG file. */
export function encodeTruecolorPng({ width, height, scanlines }: TruecolorImage): Buffer {
  if (scanlines.length !== (3 * width + 1) * height) throw new Error(`png: ${scanlines.length} bytes of rows for ${width}x${height} RGB`);
  // Sub-filtered rows (canvas.ts) are runs of zeros but for the edges of text: zlib's fastest level
  // packs them smaller than run-length matching, in the same time.
  return png(width, height, 2, deflateSync(scanlines, { level: 1 }), []);
}

/** The PNG file of an image of `colorType` whose compressed rows are `data`, `before` them the chunks given. */
function png(width: number, height: number, colorType: number, data: Buffer, before: Buffer[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, colorType, 0, 0, 0], 8); // 8 bits, the colour type, deflate, adaptive filters, no interlace
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), ...before, chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}
