/**
 * The natural size of a remote image a post shows, for the store's `images` (src/markdown/link-card-store.ts):
 * fetched with the card fetcher's limits (src/link-cards/fetch-page.ts), read by sharp whatever the
 * server called it, and nothing of it kept but its width and height.
 */
import sharp from 'sharp';
import type { Metadata } from 'sharp';
import { fetchImage, FetchFailure, type FetchOptions } from './fetch-page.ts';
import { MAX_IMAGE_SIDE } from '../markdown/link-card-store.ts';

// A small file can declare a huge canvas: such a file is refused rather than measured.
const MAX_INPUT_PIXELS = 100_000_000;
const MEASURABLE = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);

/**
 * The width and height of the image at `url`, as a browser shows it (EXIF orientation applied).
 * Throws a FetchFailure with the reason when it cannot be fetched, is not an image, or is an SVG
 * (whose size depends on the page it is shown in).
 */
export async function fetchImageSize(url: string, options: FetchOptions = {}): Promise<{ width: number; height: number }> {
  const { body } = await fetchImage(url, options);
  let meta: Metadata;
  try {
    meta = await sharp(body, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch {
    throw new FetchFailure('not an image');
  }
  if (meta.format === 'svg') throw new FetchFailure('SVG (no size of its own)');
  if (!meta.format || !MEASURABLE.has(meta.format)) throw new FetchFailure('not an image');
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width < 1 || height < 1 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) throw new FetchFailure('not an image');
  return { width, height };
}
