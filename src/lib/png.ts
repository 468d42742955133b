/**
 * A minimal PNG encoder for palette images (colour type 3, 8 bits a pixel): share images hold a flat
 * background and anti-aliased text in a few colours, so each pixel is one byte of a palette of at
 * most 256 colours. That is a quarter of the bytes of RGBA to compress, which makes encoding several
 * times faster than a general encoder's, and the files smaller.
 */
import { constants, crc32, deflateSync } from 'node:zlib';

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
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8 bits, palette, deflate, adaptive filters, no interlace
  // Run-length matching: about 1 ms for a share image, where level 9 takes 30 for 25% less.
  const data = deflateSync(scanlines, { level: 6, strategy: constants.Z_RLE });
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('PLTE', Buffer.from(palette.flat())), chunk('IDAT', data), chunk('IEND', Buffer.alloc(0))]);
}
