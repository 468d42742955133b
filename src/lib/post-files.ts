/**
 * Which files under the posts folder are posts, what URL each gets, and what is wrong with the rest.
 * Plain TypeScript with no Astro import: the loader and `npm run new` share these rules.
 */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Extensions of files that may sit beside posts: images that posts reference. */
const ASSET_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.gif', '.webp', '.avif', '.svg']);

/** Extensions of post files: Markdown, and MDX (Markdown that may import and use components). */
export const POST_EXTENSIONS: readonly string[] = ['.md', '.mdx'];

/** Whether `path` names a post file (by its extension, as written: `.MD` is not one). */
export function isPostFile(path: string): boolean {
  return /\.mdx?$/u.test(path);
}

/**
 * A post's id (and URL path under /posts/) from its path relative to the posts folder: the path without
 * `.md`/`.mdx`, in NFC. A page bundle's `index.md` (or `index.mdx`) stands for its folder, as in Hugo,
 * Gatsby and Astro's own glob loader: `my-trip/index.md`, with its photos beside it, is `my-trip`.
 * `index.md` directly in the posts folder has no folder to stand for: its id is empty, and
 * `checkPostFiles` refuses it.
 */
export function postIdFromPath(relativePath: string): string {
  return relativePath
    .split(sep)
    .join('/')
    .replace(/\.mdx?$/u, '')
    .replace(/(?:^|\/)index$/u, '')
    .normalize('NFC');
}

/** Whether `relativePath` is a page bundle's post: an `index.md` or `index.mdx` that stands for its folder. */
function isBundleIndex(relativePath: string): boolean {
  return /(?:^|[\\/])index\.mdx?$/u.test(relativePath);
}

/**
 * What is wrong with the files under the posts folder, one line each (empty when all is well).
 * `folder` prefixes each path in the messages, so that they name the file from the project root.
 */
export function checkPostFiles(relativePaths: readonly string[], folder = ''): string[] {
  const problems: string[] = [];
  const byUrl = new Map<string, string>();
  for (const path of [...relativePaths].sort()) {
    const segments = path.split(/[\\/]/u);
    const name = segments.at(-1) ?? path;
    const ext = name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '';
    if (segments.some((s) => s.startsWith('.'))) {
      // The glob loader skips hidden files and folders: a post there would vanish without a word.
      if (POST_EXTENSIONS.includes(ext)) problems.push(`${folder}${path}: hidden post file; remove the leading dot to publish it`);
      continue; // .DS_Store, .gitkeep and friends
    }
    if (ASSET_EXTENSIONS.has(ext)) continue;
    if (POST_EXTENSIONS.includes(ext) && !isPostFile(name)) {
      problems.push(`${folder}${path}: write the extension in lower case (${ext}) to publish it`);
      continue;
    }
    if (!POST_EXTENSIONS.includes(ext)) {
      problems.push(`${folder}${path}: not a post. Posts are .md or .mdx files; only images may sit beside them`);
      continue;
    }
    if (/[#?%\\\p{Cc}]/u.test(path)) {
      problems.push(`${folder}${path}: the name has a character that cannot be part of a URL (# ? % \\); rename it`);
      continue;
    }
    const id = postIdFromPath(path);
    if (id === '') {
      problems.push(
        `${folder}${path}: an index.md stands for the folder it is in, and the posts folder itself is not a post; ` +
          'give the file a name (about.md), or put it in a folder of its own (about/index.md)',
      );
      continue;
    }
    const urlKey = id.toLowerCase();
    const other = byUrl.get(urlKey);
    if (other !== undefined && postIdFromPath(other) === id && isBundleIndex(other) !== isBundleIndex(path)) {
      // `my-trip.md` beside `my-trip/index.md`: a post file and a page bundle with one name.
      const [file, bundle] = isBundleIndex(path) ? [other, path] : [path, other];
      problems.push(
        `${folder}${file} and ${folder}${bundle} are both the post /posts/${id}/ (an index.md stands for its folder); keep one of them`,
      );
    } else if (other !== undefined && postIdFromPath(other) === id) {
      // `a.md` beside `a.mdx`: the same name in two formats.
      problems.push(`${folder}${other} and ${folder}${path} are one post in two formats (/posts/${id}/); keep one of them`);
    } else if (other !== undefined) {
      problems.push(`${folder}${path} and ${folder}${other} would share one URL (/posts/${id}/); rename one of them`);
    } else {
      byUrl.set(urlKey, path);
    }
  }
  return problems;
}

/** Every file under `dir`, relative to it; nothing when `dir` is missing. */
export function listPostFolder(dir: string, root = dir): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === '.git' ? [] : listPostFolder(full, root);
    return [relative(root, full)];
  });
}
