/**
 * Where a post's `heroImage` comes from, for its page (src/components/HeroImage.astro):
 * - `./x.png`, `../images/x.png`: a file under `src/`, relative to the post's file, which Astro's
 *   image pipeline optimizes (width, height and a srcset);
 * - `/media/x.png`: a file in `public/`, served as it is, with its width and height read from it;
 * - `https://…`: shown as it is; its size is not known at build time.
 * A local file that does not exist is left out of the page, and the build names the post and path.
 */
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { ImageMetadata } from 'astro';
import sharp from 'sharp';
import { projectFolder } from '../project/project-folder.ts';
import { withBase } from '../blog/urls.ts';

/** What the page shows: an optimized local image, or a URL (with its size when known). */
export type HeroSource =
  | { kind: 'asset'; image: ImageMetadata }
  | { kind: 'url'; src: string; width?: number | undefined; height?: number | undefined };

// Images under src/, loaded only when a post names one (a lazy glob imports nothing by itself).
const sourceImages = import.meta.glob<{ default: ImageMetadata }>('/src/**/*.{png,jpg,jpeg,gif,webp,avif,svg,PNG,JPG,JPEG,GIF,WEBP,AVIF,SVG}');

/**
 * The hero image `value` of the post whose file is `filePath` (relative to the project), or undefined
 * (with a warning naming the post) when it names a local file that does not exist.
 */
export async function heroSource(value: string, filePath: string): Promise<HeroSource | undefined> {
  if (/^https?:\/\//iu.test(value)) return { kind: 'url', src: value };
  const path = decoded(value.split(/[?#]/u)[0]!);
  if (path.startsWith('/')) {
    const file = join(projectFolder(), 'public', path);
    if (!existsSync(file)) return missing(filePath, value, 'public/');
    // A file that sharp cannot read (an unusual format) is still shown, only without its size.
    const { width, height } = await sharp(file).metadata().catch(() => ({ width: undefined, height: undefined }));
    return { kind: 'url', src: withBase(path), width, height };
  }
  const key = `/${posix.normalize(posix.join(posix.dirname(filePath.split('\\').join('/')), path))}`;
  const load = sourceImages[key];
  if (!load) return missing(filePath, value, 'the post\'s folder (images must be under src/)');
  return { kind: 'asset', image: (await load()).default };
}

function decoded(path: string): string {
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function missing(filePath: string, value: string, where: string): undefined {
  console.warn(`[images] ${filePath}: heroImage "${value}" not found in ${where}; the post is shown without it`);
  return undefined;
}
