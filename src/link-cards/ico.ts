/**
 * Reads the largest picture out of a Windows icon file (`favicon.ico`), which sharp cannot open: the
 * PNG bytes when the entry is a PNG, else the entry's bitmap decoded to RGBA. Many Japanese sites have
 * no other icon. Every offset and size is checked against the buffer: the file is hostile input.
 */

/** Raw RGBA pixels, top row first. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const MAX_SIDE = 512;

/** True when the bytes start like an icon file (reserved 0, type 1, at least one image). */
export function isIco(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 1 && bytes[3] === 0 && (bytes[4]! | bytes[5]!) !== 0;
}

/**
 * The largest image of an icon file: PNG bytes, or decoded pixels for a bitmap entry. Throws an Error
 * when the file is malformed or uses a form not read here (16-bit or compressed bitmaps).
 */
export function largestIcoImage(bytes: Uint8Array): { png: Uint8Array } | { rgba: RgbaImage } {
  if (!isIco(bytes)) throw new Error('not an icon file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint16(4, true);
  let best: { size: number; offset: number; length: number } | undefined;
  for (let i = 0; i < count; i++) {
    const at = 6 + i * 16;
    if (at + 16 > bytes.length) throw new Error('icon directory cut short');
    const size = bytes[at] || 256;
    const length = view.getUint32(at + 8, true);
    const offset = view.getUint32(at + 12, true);
    if (offset + length > bytes.length || length < 8) continue;
    if (!best || size > best.size) best = { size, offset, length };
  }
  if (!best) throw new Error('icon file has no readable image');
  const entry = bytes.subarray(best.offset, best.offset + best.length);
  if (PNG_SIGNATURE.every((b, i) => entry[i] === b)) return { png: entry };
  return { rgba: decodeIcoBitmap(entry) };
}

/** A DIB as stored in an icon: a BITMAPINFOHEADER, a palette, the colour rows, then a 1-bit mask. */
function decodeIcoBitmap(dib: Uint8Array): RgbaImage {
  if (dib.length < 40) throw new Error('icon bitmap cut short');
  const view = new DataView(dib.buffer, dib.byteOffset, dib.byteLength);
  const headerSize = view.getUint32(0, true);
  const width = view.getInt32(4, true);
  // The height counts the colour rows and the mask rows together.
  const height = Math.trunc(view.getInt32(8, true) / 2);
  const bitCount = view.getUint16(14, true);
  const compression = view.getUint32(16, true);
  const colorsUsed = view.getUint32(32, true);
  if (headerSize < 40 || headerSize > dib.length) throw new Error('icon bitmap header is malformed');
  if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) throw new Error('icon bitmap size is out of range');
  // BI_BITFIELDS (3) with 32 bits is the usual BGRA layout.
  if (compression !== 0 && !(compression === 3 && bitCount === 32)) throw new Error('compressed icon bitmaps are not read');
  if (![1, 4, 8, 24, 32].includes(bitCount)) throw new Error(`${bitCount}-bit icon bitmaps are not read`);

  const paletteSize = bitCount <= 8 ? colorsUsed || 1 << bitCount : 0;
  const paletteAt = headerSize + (compression === 3 ? 12 : 0);
  const pixelsAt = paletteAt + paletteSize * 4;
  const rowBytes = Math.ceil((width * bitCount) / 32) * 4;
  const maskRowBytes = Math.ceil(width / 32) * 4;
  const maskAt = pixelsAt + rowBytes * height;
  const hasMask = maskAt + maskRowBytes * height <= dib.length;
  if (maskAt > dib.length) throw new Error('icon bitmap cut short');

  const out = new Uint8Array(width * height * 4);
  let anyAlpha = false;
  for (let y = 0; y < height; y++) {
    // Rows are stored bottom-up.
    const row = pixelsAt + (height - 1 - y) * rowBytes;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      let b: number;
      let g: number;
      let r: number;
      let a = 255;
      if (bitCount === 32 || bitCount === 24) {
        const p = row + x * (bitCount / 8);
        b = dib[p]!;
        g = dib[p + 1]!;
        r = dib[p + 2]!;
        if (bitCount === 32) {
          a = dib[p + 3]!;
          if (a !== 0) anyAlpha = true;
        }
      } else {
        const bit = x * bitCount;
        const byte = dib[row + (bit >> 3)]!;
        const index = (byte >> (8 - bitCount - (bit & 7))) & ((1 << bitCount) - 1);
        const p = paletteAt + (index < paletteSize ? index : 0) * 4;
        b = dib[p] ?? 0;
        g = dib[p + 1] ?? 0;
        r = dib[p + 2] ?? 0;
      }
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      out[o + 3] = a;
    }
  }
  // Without an alpha channel (or with one left all zero) the mask says which pixels are transparent.
  if (bitCount !== 32 || !anyAlpha) {
    for (let y = 0; y < height; y++) {
      const row = maskAt + (height - 1 - y) * maskRowBytes;
      for (let x = 0; x < width; x++) {
        const transparent = hasMask && ((dib[row + (x >> 3)]! >> (7 - (x & 7))) & 1) === 1;
        out[(y * width + x) * 4 + 3] = transparent ? 0 : 255;
      }
    }
  }
  return { width, height, data: out };
}
