/**
 * Checks that fetched bytes really are an image (sharp decodes them, whatever the server called them),
 * sizes them for a card and saves them under `public/link-cards/`, named by the first 16 hex digits of
 * the SHA-256 of the saved bytes. Images become WebP at most 640px wide; icons 64px PNG. SVG is never
 * saved as SVG (it can carry script): sharp draws it to pixels first.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Metadata, OutputInfo, Sharp } from 'sharp';
import { isIco, largestIcoImage } from './ico.ts';

/** Where card images live under `public/`, and so under the site's base URL. */
export const CARD_IMAGE_FOLDER = 'link-cards';

/** A saved card image: its path under `public/` and its size. */
export interface SavedImage {
  src: string;
  width: number;
  height: number;
}

const IMAGE_MAX_WIDTH = 640;
// Tall screenshots stay readable in a card without becoming a poster.
const IMAGE_MAX_HEIGHT = 1280;
const IMAGE_MIN_SIDE = 32;
const ICON_SIZE = 64;
// A small file can declare a huge canvas (a decompression bomb): refuse more pixels than a big photo.
const MAX_INPUT_PIXELS = 50_000_000;
const DECODABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff', 'svg']);

/** Why bytes were not saved as an image. */
export class ImageRejected extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
    this.name = 'ImageRejected';
  }
}

async function checkedInput(bytes: Uint8Array): Promise<{ image: Sharp; width: number; height: number; svg: boolean }> {
  if (isIco(bytes)) {
    let ico;
    try {
      ico = largestIcoImage(bytes);
    } catch (e) {
      throw new ImageRejected(`unreadable icon (${(e as Error).message})`);
    }
    if ('rgba' in ico) {
      const { width, height, data } = ico.rgba;
      return { image: sharp(data, { raw: { width, height, channels: 4 } }), width, height, svg: false };
    }
    return checkedInput(ico.png);
  }
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new ImageRejected('not an image');
  }
  if (!meta.format || !DECODABLE.has(meta.format)) throw new ImageRejected('not an image');
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!width || !height) throw new ImageRejected('not an image');
  if (width * height > MAX_INPUT_PIXELS) throw new ImageRejected('image too large');
  const svg = meta.format === 'svg';
  // An SVG is drawn at its nominal size: raise the density so small icons are drawn sharp, not scaled up.
  const density = svg ? Math.min(72 * Math.max(1, ICON_SIZE / Math.min(width, height)), 2400) : undefined;
  const image = sharp(bytes, {
    limitInputPixels: MAX_INPUT_PIXELS,
    ...(density ? { density } : {}),
  }).autoOrient();
  return { image, width, height, svg };
}

function saveFile(publicDir: string, bytes: Buffer, ext: string): string {
  const name = `${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}.${ext}`;
  const folder = join(publicDir, CARD_IMAGE_FOLDER);
  const file = join(folder, name);
  // Named by content: a file already there holds the same bytes.
  if (!existsSync(file)) {
    mkdirSync(folder, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  }
  return `${CARD_IMAGE_FOLDER}/${name}`;
}

/** Saves a card's image as WebP, at most 640px wide; throws {@link ImageRejected}. */
export async function saveCardImage(bytes: Uint8Array, publicDir: string): Promise<SavedImage> {
  const { image, width, height } = await checkedInput(bytes);
  // A 1×1 tracking pixel or a spacer is not a picture of the page.
  if (width < IMAGE_MIN_SIDE || height < IMAGE_MIN_SIDE) throw new ImageRejected('image too small');
  let out: { data: Buffer; info: OutputInfo };
  try {
    out = await image
      .resize({ width: IMAGE_MAX_WIDTH, height: IMAGE_MAX_HEIGHT, fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer({ resolveWithObject: true });
  } catch {
    throw new ImageRejected('not an image');
  }
  return { src: saveFile(publicDir, out.data, 'webp'), width: out.info.width, height: out.info.height };
}

/** Saves a site icon as a 64px PNG (a whole-number scale-up of a small icon stays crisp); throws {@link ImageRejected}. */
export async function saveCardIcon(bytes: Uint8Array, publicDir: string): Promise<string> {
  const { image, width, height, svg } = await checkedInput(bytes);
  const side = Math.max(width, height);
  const kernel = !svg && side < ICON_SIZE && ICON_SIZE % side === 0 ? 'nearest' : 'lanczos3';
  let data: Buffer;
  try {
    data = await image
      .resize(ICON_SIZE, ICON_SIZE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 }, kernel })
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch {
    throw new ImageRejected('not an image');
  }
  return saveFile(publicDir, data, 'png');
}
