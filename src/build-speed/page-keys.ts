/**
 * Cache keys for Astro's incremental builds (`experimental.incrementalBuild`): a page whose key and
 * code are unchanged since the last build is copied from it instead of rendered again. The key is a
 * hash of everything the page is made from, its props, with two exceptions:
 * - a post's entry counts by its digest (Astro's hash of the file), a hash of its rendered body (which
 *   changes without the file when the Markdown rules change, see src/markdown/fingerprint.ts) and the
 *   contents of the images next to it that it shows (an image replaced under the same name changes no
 *   Markdown, but the page must point to the new image's built file);
 * - a post's list of tags counts by their names and slugs: pages show a post's tags as links, never
 *   how many posts carry each, so a new post with a common tag does not change every page that lists a
 *   post with that tag. (A tag page's own tag, a `tag` prop, counts whole: it shows the number.)
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AstroIntegration } from 'astro';
import { Memo } from '../memo.ts';
import { projectFolder } from '../project/project-folder.ts';
import { renderedHtmlDigest } from '../blog/rendered-digest.ts';

/** The cache key of a page made from `props` alone (and the site's code and settings). */
export function pageCacheKey(props: unknown): string {
  const json = JSON.stringify(props, (key, value: unknown) => {
    if (key === 'entry' && value && typeof value === 'object' && 'digest' in value && typeof value.digest === 'string') {
      return entryKey(value as KeyedEntry);
    }
    if (key === 'tags' && Array.isArray(value)) return value.map(shownTag);
    return value;
  });
  return createHash('sha256').update(json).digest('base64url');
}

interface KeyedEntry {
  id?: string;
  digest: string;
  /** Relative to the project. */
  filePath?: string;
  rendered?: { html?: string; metadata?: { localImagePaths?: string[] } };
}

// Each entry is one object for the whole build, in the props of many pages: its key is made once.
const entryKeys = new WeakMap<KeyedEntry, string>();

function entryKey(entry: KeyedEntry): string {
  let key = entryKeys.get(entry);
  if (key === undefined) {
    const html = renderedHtmlDigest(entry.rendered);
    const images = entry.rendered?.metadata?.localImagePaths ?? [];
    const folder = join(projectFolder(), dirname(entry.filePath ?? ''));
    const parts = [`${entry.id ?? ''}@${entry.digest}`, `html=${html}`, ...images.map((path) => `${path}=${fileDigest(join(folder, filePart(path)))}`)];
    key = parts.join('\u0000');
    entryKeys.set(entry, key);
  }
  return key;
}

/** The file an image URL beside a post names, as the Markdown pipeline reads it (src/markdown/missing-images.ts). */
function filePart(url: string): string {
  const path = url.split(/[?#]/u)[0]!;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

const digests = new Memo<string>(100_000);
/** A file's content hash, read once while its size and time stay the same; `missing` if there is none. */
function fileDigest(file: string): string {
  let stamp: string;
  try {
    const { size, mtimeMs } = statSync(file);
    stamp = `${file}\u0000${size}\u0000${mtimeMs}`;
  } catch {
    return 'missing';
  }
  return digests.get(stamp, () => createHash('sha256').update(readFileSync(file)).digest('base64url'));
}

/** What a page shows of a tag in a post's list of tags. */
function shownTag(tag: unknown): unknown {
  if (!tag || typeof tag !== 'object' || !('slug' in tag) || !('name' in tag)) return tag;
  return { name: tag.name, slug: tag.slug };
}

/**
 * Static paths with their cache keys, for a `getStaticPaths` whose pages are made from their props.
 * `astro dev` renders each page when it is asked for and never reads the keys: there the paths go
 * without them, since the dev server runs `getStaticPaths` again after every save.
 */
export function withCacheKeys<P extends { props: unknown }>(paths: P[]): (P & { cacheKey?: string })[] {
  if (!cacheKeysWanted()) return paths;
  return paths.map((path) => ({ ...path, cacheKey: pageCacheKey(path.props) }));
}

/** Whether pages get cache keys: in `astro build`, and wherever this runs outside Astro (tests). */
function cacheKeysWanted(): boolean {
  return typeof __PAGE_CACHE_KEYS__ === 'undefined' || __PAGE_CACHE_KEYS__;
}

/** Tells the pages whether Astro builds (`__PAGE_CACHE_KEYS__`): only a build uses their cache keys. */
export function pageCacheKeysInBuilds(): AstroIntegration {
  return {
    name: 'page-cache-keys-in-builds',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        updateConfig({ vite: { define: { __PAGE_CACHE_KEYS__: JSON.stringify(command === 'build') } } });
      },
    },
  };
}
