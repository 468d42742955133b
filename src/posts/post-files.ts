/**
 * Which files under the posts folder are posts, what URL each gets, and what is wrong with the rest.
 * Plain TypeScript with no Astro import: the loader and `npm run new` share these rules.
 */
import { readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

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

/**
 * The files a build writes in each post's folder (`/posts/<id>/`), with what they are. A post whose id
 * is another's id followed by one of these names would need a folder where that file is.
 */
const FILES_OF_A_POST: ReadonlyMap<string, string> = new Map([
  ['index.html', 'page'],
  ['og.png', 'share image'],
]);

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
    if (other !== undefined && other.normalize('NFC') === path.normalize('NFC')) {
      // Two names that look the same: one written composed (NFC), the other decomposed (NFD, as macOS may write it).
      problems.push(
        `${folder}${namedApart(other, path)} and ${folder}${namedApart(path, other)} are one name written in two Unicode forms, ` +
          `so both would be the post /posts/${id}/; keep one of them`,
      );
    } else if (other !== undefined && postIdFromPath(other) === id && isBundleIndex(other) !== isBundleIndex(path)) {
      // `my-trip.md` beside `my-trip/index.md`: a post file and a page bundle with one name.
      const [file, bundle] = isBundleIndex(path) ? [other, path] : [path, other];
      problems.push(
        `${folder}${namedApart(file, bundle)} and ${folder}${namedApart(bundle, file)} are both the post /posts/${id}/ ` +
          '(an index.md stands for its folder); keep one of them',
      );
    } else if (other !== undefined && postIdFromPath(other) === id) {
      // `a.md` beside `a.mdx`: the same name in two formats.
      problems.push(
        `${folder}${namedApart(other, path)} and ${folder}${namedApart(path, other)} are one post in two formats (/posts/${id}/); keep one of them`,
      );
    } else if (other !== undefined) {
      problems.push(
        `${folder}${namedApart(path, other)} and ${folder}${namedApart(other, path)} would share one URL (/posts/${id}/); rename one of them`,
      );
    } else {
      byUrl.set(urlKey, path);
    }
  }
  // `a/og.png.md` beside `a.md`: its page would need the folder /posts/a/og.png/ where a's share image is a file.
  for (const [urlKey, path] of byUrl) {
    const slash = urlKey.lastIndexOf('/');
    const what = FILES_OF_A_POST.get(urlKey.slice(slash + 1));
    const owner = slash > 0 ? byUrl.get(urlKey.slice(0, slash)) : undefined;
    if (what === undefined || owner === undefined) continue;
    const id = postIdFromPath(path);
    const ownerId = postIdFromPath(owner);
    problems.push(
      `${folder}${path} would be published in the folder /posts/${id}/, where ${folder}${owner} has its ${what} ` +
        `(/posts/${ownerId}/${urlKey.slice(slash + 1)}), a file; rename ${folder}${path}`,
    );
  }
  return problems;
}

/**
 * A file name for a message that names it beside `other`: as it is, unless one of the two is not in
 * Unicode's composed form (NFC), when both print alike. Then it is followed by its form and the code
 * points of the characters the forms write differently: `が.md (NFD: が is U+304B U+3099)`.
 */
function namedApart(path: string, other: string): string {
  if (path === path.normalize('NFC') && other === other.normalize('NFC')) return path;
  const form = path === path.normalize('NFC') ? 'NFC' : path === path.normalize('NFD') ? 'NFD' : 'partly NFD';
  // A character with its combining marks; only those whose forms differ are named.
  const differing = new Set((path.match(/\P{M}\p{M}*/gu) ?? []).filter((c) => c.normalize('NFC') !== c.normalize('NFD')));
  const points = (c: string) => [...c].map((ch) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
  const shown = [...differing].map((c) => `${c} is ${points(c)}`).join(', ');
  return `${path} (${form}${shown ? `: ${shown}` : ''})`;
}

/** `path` relative to `folder` when it is `folder` or in it; undefined when it is elsewhere. */
function pathWithin(folder: string, path: string): string | undefined {
  const inside = relative(folder, path);
  return inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) ? undefined : inside;
}

/** What a symbolic link under the posts folder leads to. */
type LinkTarget =
  | { kind: 'file'; realPath: string }
  | { kind: 'folder'; realPath: string }
  | { kind: 'loop' }
  | { kind: 'nothing' }
  | { kind: 'unreadable'; code: string };

/** A symbolic link under the posts folder that `checkPostFolder` judges: any but a link of another kind of file. */
interface PostFolderLink {
  /** Relative to the posts folder. */
  path: string;
  /** Where it leads, as written in the link. */
  written: string;
  target: LinkTarget;
}

function linkTarget(path: string): LinkTarget {
  try {
    const kind = statSync(path).isDirectory() ? 'folder' : 'file';
    return { kind, realPath: realpathSync(path) };
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code);
    if (code === 'ELOOP') return { kind: 'loop' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'nothing' };
    return { kind: 'unreadable', code };
  }
}

/** The posts folder's files (links to files among them) and its other links, relative to `root`. */
function walkPostFolder(dir: string, root: string, found: { files: string[]; links: PostFolderLink[] }): typeof found {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== '.git') walkPostFolder(full, root, found);
    } else if (e.isSymbolicLink()) {
      const target = linkTarget(full);
      const path = relative(root, full);
      if (target.kind === 'file') found.files.push(path);
      if (target.kind !== 'file' || isPostFile(e.name)) found.links.push({ path, written: readlinkSync(full), target });
    } else {
      found.files.push(relative(root, full));
    }
  }
  return found;
}

/**
 * Every file under `dir`, relative to it; nothing when `dir` is missing. A symbolic link to a file is
 * one of them (the posts loader reads through it); links to folders, loops and links to nothing are
 * not (`checkPostFolder` names them).
 */
export function listPostFolder(dir: string): string[] {
  return walkPostFolder(dir, dir, { files: [], links: [] }).files;
}

/**
 * What is wrong with the posts folder `dir`, one line each: its files (`checkPostFiles`) and its
 * symbolic links. A link to a file is followed, unless it leads to another post of the folder (which
 * would then be published twice); a link to a folder is not (a clone of the repository, or the host
 * that builds the site, may lack what it leads to), nor is a loop or a link to nothing.
 */
export function checkPostFolder(dir: string, folder = ''): string[] {
  const { files, links } = walkPostFolder(dir, dir, { files: [], links: [] });
  let realDir = dir;
  try {
    realDir = realpathSync(dir);
  } catch {
    // no folder, no links
  }
  const linkProblems = links
    .filter(({ path }) => !path.split(sep).some((segment) => segment.startsWith('.'))) // the loader skips hidden files
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .flatMap(({ path, written, target }): string[] => {
      const link = `${folder}${path.split(sep).join('/')}`;
      switch (target.kind) {
        case 'loop':
          return [`${link}: a symbolic link loop (it leads to ${written}, which leads back to it) and no file; remove it`];
        case 'nothing':
          return [`${link}: a symbolic link to ${written}, which does not exist; remove the link, or put back what it leads to`];
        case 'unreadable':
          return [`${link}: a symbolic link that cannot be followed (${target.code}); remove it`];
        case 'folder':
          if (pathWithin(realDir, target.realPath) !== undefined || pathWithin(target.realPath, realDir) !== undefined) {
            // A folder of the posts folder, or one that holds it: the same posts again, or a loop.
            return [`${link}: a symbolic link to ${written}, a folder whose posts are in the posts folder already; remove it`];
          }
          return [
            `${link}: a symbolic link to a folder (${written}), which the build does not follow: a clone of the repository, ` +
              `or the host that builds the site, may not have it; move the folder here in place of the link`,
          ];
        case 'file': {
          const inside = pathWithin(realDir, target.realPath);
          if (inside === undefined || !isPostFile(inside) || inside.split(sep).some((s) => s.startsWith('.'))) return [];
          return [
            `${link}: a symbolic link to ${folder}${inside.split(sep).join('/')}, another post of this folder, which would be ` +
              `published twice; remove the link (to keep an old URL working, add it to that post's aliases)`,
          ];
        }
      }
    });
  return [...checkPostFiles(files, folder), ...linkProblems];
}
