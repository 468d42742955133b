/**
 * Share images kept between builds, in node_modules/.cache/share-images: a rebuild draws only new or
 * changed ones. Each file is named by the image's key (what it shows, the theme and the code that
 * draws it: shareImageKey in draw.ts), its size and a hash of its bytes, both recorded when it is
 * drawn: `<key>.<size>.<hash>.png`. An image is reused only while its bytes are still those: one
 * changed since (edited or truncated in the cache, or in dist/ through its hard link, see
 * src/build-speed/link-files.ts) is drawn again, and the caller told what changed.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { contentHash } from '../build-speed/folder-record.ts';
import { renderShareImage, shareImageKey, type ShareImageContent } from './draw.ts';
import type { ShareImageTheme } from './theme.ts';

const NAME = /^([0-9a-f]{32})\.(\d+)\.([0-9a-f]{32})\.png$/u;

/** A share image in the cache: its file, and its bytes as checked or drawn. */
export interface CachedShareImage {
  file: string;
  png: Buffer;
}

/**
 * The cached share image showing `content` in `theme`, in `cacheDir`, drawn (and kept) first when
 * there is none, or when the one kept changed since it was drawn: then `onDamaged` is told how.
 */
export async function cachedShareImage(
  content: ShareImageContent,
  theme: ShareImageTheme,
  cacheDir: string,
  onDamaged: (changes: string) => void = () => undefined,
): Promise<CachedShareImage> {
  const names = cachedNames(cacheDir);
  const key = shareImageKey(content, theme);
  const name = names.get(key);
  if (name) {
    const file = join(cacheDir, name);
    const [, , size, hash] = NAME.exec(name)!;
    const png = readIfThere(file);
    if (png && png.length === Number(size) && contentHash(png) === hash) return { file, png };
    names.delete(key);
    if (png) {
      onDamaged(png.length === Number(size) ? 'its bytes changed' : `${png.length} bytes, ${size} when drawn`);
      rmSync(file, { force: true });
    }
  }
  const png = await renderShareImage(content, theme);
  const drawn = `${key}.${png.length}.${contentHash(png)}.png`;
  const file = join(cacheDir, drawn);
  mkdirSync(cacheDir, { recursive: true });
  // Write then rename, so that a build stopped half-way never leaves a broken image in the cache.
  // Synchronous: builds draw in a worker thread of their own (src/share-images/share-images-integration.ts),
  // where waiting on libuv's thread pool would only queue behind the main thread's page writes.
  const tmp = `${file}.${process.pid}.${threadId}.tmp`;
  writeFileSync(tmp, png);
  renameSync(tmp, file);
  names.set(key, drawn);
  return { file, png };
}

/**
 * The cached images' file names by key, listed once per folder and thread (a build's worker thread
 * lives for one build). An image removed since it was listed is drawn again; one another process
 * added since is drawn again under the same name.
 */
const listings = new Map<string, Map<string, string>>();
function cachedNames(cacheDir: string): Map<string, string> {
  let names = listings.get(cacheDir);
  if (!names) {
    names = new Map();
    let files: string[] = [];
    try {
      files = readdirSync(cacheDir);
    } catch {
      // no cache yet
    }
    for (const file of files) {
      const key = NAME.exec(file)?.[1];
      if (key) names.set(key, file);
    }
    listings.set(cacheDir, names);
  }
  return names;
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
