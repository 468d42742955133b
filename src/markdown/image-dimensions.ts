/**
 * The natural size of a post's image that Astro's image pipeline does not handle, known at build time,
 * so that the page can reserve its space before it loads (no layout shift):
 * - an image in `public/` (`/images/a.png`) is measured with sharp, once per file version (its path,
 *   modification time and size), however many posts show it;
 * - a remote image (`https://…`) is never fetched by a build: its size is the one `npm run cards`
 *   recorded in the link-card store (src/markdown/link-card-store.ts), when it could.
 * SVG files have no size to trust (one with only a viewBox is as wide as its box): they get none.
 */
import { statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import sharp from 'sharp';
import { imageStoreKey, type LinkCardStore } from './link-card-store.ts';

export interface ImageSize {
  width: number;
  height: number;
}

// A small file can declare a huge canvas: such a file is not measured (browsers would not show it either).
const MAX_INPUT_PIXELS = 100_000_000;

const measured = new Map<string, { mtimeMs: number; size: number; result: Promise<ImageSize | undefined> }>();

/**
 * The file under `publicDir` that a site-absolute `src` (`/images/a.png?v=2`) names, or undefined for
 * any other address, one that leaves the folder, or no file.
 */
export function publicImageFile(src: string, publicDir: string): string | undefined {
  if (!src.startsWith('/') || src.startsWith('//')) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(src.split(/[?#]/u)[0]!);
  } catch {
    return undefined;
  }
  const root = resolve(publicDir);
  const file = resolve(join(root, path));
  if (!file.startsWith(root + sep)) return undefined;
  return statSync(file, { throwIfNoEntry: false })?.isFile() ? file : undefined;
}

async function measure(file: string): Promise<ImageSize | undefined> {
  try {
    const meta = await sharp(file, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
    if (meta.format === 'svg') return undefined;
    const width = meta.autoOrient?.width ?? meta.width;
    const height = meta.autoOrient?.height ?? meta.height;
    return width && height ? { width, height } : undefined;
  } catch {
    // Not an image sharp reads (or not an image at all): the page is as it would be without a size.
    return undefined;
  }
}

/** The size of the image file `file` (undefined for SVG and for what is not an image), measured once per version. */
export function measureImageFile(file: string): Promise<ImageSize | undefined> {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return Promise.resolve(undefined);
  const known = measured.get(file);
  if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known.result;
  const result = measure(file);
  measured.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result });
  return result;
}

/** The size `npm run cards` recorded for the remote image `src`, if any. */
export function recordedImageSize(src: string, store: LinkCardStore): ImageSize | undefined {
  const key = imageStoreKey(src);
  if (key === undefined || !Object.hasOwn(store.images, key)) return undefined;
  const { width, height } = store.images[key]!;
  return { width, height };
}

/**
 * The `width` and `height` to give an image of natural size `natural` that was written with `width`
 * and `height` (either may be absent): the one written is kept and the other follows the image's
 * proportions. Undefined when both were written.
 */
export function completedSize(width: number | undefined, height: number | undefined, natural: ImageSize): ImageSize | undefined {
  if (width !== undefined && height !== undefined) return undefined;
  if (width !== undefined) return { width, height: Math.max(1, Math.round((width * natural.height) / natural.width)) };
  if (height !== undefined) return { width: Math.max(1, Math.round((height * natural.width) / natural.height)), height };
  return natural;
}
