/**
 * The importer's core: turns what a reader found (`SourceReading`) into this blog's posts, and says what
 * it did with each one.
 *
 * - Each post becomes `<slug>.md` (or `.mdx`) under the posts folder with this blog's keys in a fixed
 *   order (title, date, updated, published, tags, description, lang, aliases, breaks, heroImage), then
 *   the source's other keys as they were (the schema ignores them).
 * - A post first published on another site (Zenn, Qiita) gets a note with its address at the *end* of
 *   its body (`:::message` この記事は <url> で最初に公開されました。). Not at the top: a post without a
 *   description is summarised by its first sentences, and every list and feed would show the note.
 * - Local images are copied into a folder named like the post beside it (`2020/foo.md` gets
 *   `2020/foo/a.png`) and the body's references become `./foo/a.png`, which Astro's image pipeline
 *   resolves from the post's own folder. Images that cannot be found are listed, and left as written.
 * - The manifest `<posts folder>/.import-manifest.json` records each file the importer wrote (post or
 *   image): the import it came from and the SHA-256 of what was written. With it a second run of the
 *   same import changes nothing, a post whose file the author has edited (or deleted) since is never
 *   overwritten without `--force`, and a post keeps its file name across runs. The posts loader skips
 *   hidden files, so the manifest never reaches the site.
 * - A file the importer did not write is never overwritten: a post whose name is taken gets `-2`, `-3`….
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { listPostFolder, postIdFromPath } from '../../src/posts/post-files.ts';
import { outsideCode } from './shared.ts';
import type { SourceImage, SourcePost, SourceReading } from './source-post.ts';

/** The manifest's file name, inside the posts folder (hidden: the posts loader skips it). */
export const MANIFEST_NAME = '.import-manifest.json';

export interface WriteOptions {
  /** The posts folder to write into (the CLI's default: the project's src/content/posts). */
  out: string;
  /**
   * The source as given to the import, absolute. With each post's `source` it identifies the post in
   * the manifest, so that imports of two different blogs never take each other's files for their own.
   */
  from: string;
  /** Decide everything, write nothing (no post, image, manifest or report file). */
  dryRun?: boolean;
  /** Overwrite posts the author edited or deleted since the last import. */
  force?: boolean;
  /** Also write the report to this file (not in a dry run). */
  reportFile?: string;
}

/** What became of one post. */
export type PostStatus = 'imported' | 'unchanged' | 'needs attention' | 'skipped' | 'failed';

export interface PostResult {
  /** The post in the source (as the reader names it). */
  source: string;
  /** Its file under the posts folder, `/`-separated; undefined when it failed before one was chosen. */
  target?: string;
  /** Its id, and URL path under /posts/. */
  id?: string;
  /** The old URLs written into its `aliases`. */
  aliases: string[];
  /** Its `published` (false for a draft, and for a post that failed). */
  published: boolean;
  status: PostStatus;
  /** Why it needs attention, was skipped or failed; empty for `imported` and `unchanged`. */
  reasons: string[];
  /** The post's file was written (or would be, in a dry run). */
  written: boolean;
  /** Image references of the post whose file was not found. */
  missingImages: string[];
}

export interface WriteResult {
  posts: PostResult[];
  /** The report as printed and written: one line a post, then the totals. */
  report: string;
  /** 1 when a post could not be imported, else 0. */
  exitCode: 0 | 1;
}

interface ManifestEntry {
  /** The import's source (`WriteOptions.from`). */
  from: string;
  /** The post (or image file) in it. */
  source: string;
  /** SHA-256 (hex) of the bytes written. */
  sha256: string;
}

interface Manifest {
  version: 1;
  /** By path under the posts folder, `/`-separated. */
  files: Record<string, ManifestEntry>;
}

const POST_FILE = /\.mdx?$/iu;

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * A post path's URL key: its id (without extension, in NFC; a page bundle's `index.md` is its folder),
 * lower case, as the posts loader compares them.
 */
/** The id (URL path under /posts/) the loader gives a post file: a page bundle's index.md is its folder. */
const idOf = (path: string) => postIdFromPath(path.replace(POST_FILE, '.md'));
const urlKey = (path: string) => idOf(path).toLowerCase();

function readManifest(out: string): Manifest {
  const file = join(out, MANIFEST_NAME);
  if (!existsSync(file)) return { version: 1, files: {} };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    if (data?.version === 1 && data.files && typeof data.files === 'object') return data;
  } catch {
    // Reported below.
  }
  throw new Error(
    `${file} is not a manifest this importer wrote. Fix it or delete it (then posts imported before count as yours, and are not overwritten).`,
  );
}

/**
 * A slug as a path under the posts folder: `/`-separated, in NFC, without characters a URL cannot
 * carry (`# ? % \`, control characters: each becomes `-`) or leading dots (hidden files are skipped).
 */
export function cleanSlug(slug: string): string {
  return slug
    .normalize('NFC')
    .split('/')
    .map((segment) => segment.replace(/[\\#?%\p{Cc}]/gu, '-').replace(/^\.+/u, '').trim())
    .filter((segment) => segment !== '')
    .join('/');
}

/** File names of copied images: letters, digits, `.`, `_` and `-` (anything else is `-`), so that links need no escaping. */
function cleanImageName(name: string): string {
  const clean = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+/u, '');
  return clean === '' ? 'image' : clean;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');

/**
 * `body` with each image reference in `map` replaced (outside code): in Markdown images and links
 * (`](ref`), reference definitions (`[id]: ref`) and HTML `src=`. Also returns the references (and
 * their copies) that were HTML `<img src>`: the image pipeline does not handle those.
 */
function rewriteRefs(body: string, map: ReadonlyMap<string, string>): { body: string; html: [string, string][] } {
  const html = new Map<string, string>();
  if (map.size === 0) return { body, html: [] };
  const rewritten = outsideCode(body, (prose) => {
    for (const [from, to] of map) {
      // `from '…'` and `import '…'`: an MDX post's imported images (scripts/import/astro.ts).
      const re = new RegExp(`(\\]\\(\\s*<?|^ {0,3}\\[[^\\]\\n]+\\]:[ \\t]*<?|\\bsrc\\s*=\\s*["']?|\\bfrom\\s+["']|^import\\s+["'])${escapeRegExp(from)}(?=[\\s)"'>]|$)`, 'gmu');
      prose = prose.replace(re, (_, before: string) => {
        if (/^src/iu.test(before)) html.set(from, to);
        return `${before}${to}`;
      });
    }
    return prose;
  });
  return { body: rewritten, html: [...html] };
}

/** The post's file text: frontmatter in this blog's order, then the body. */
function renderPost(post: SourcePost, body: string, aliases: string[], heroImage: string | undefined): string {
  // The title as the reader gives it: readers of systems whose titles are HTML decode its entities
  // (`htmlTitle`); elsewhere `&amp;` is what the author wrote.
  const fm: Record<string, unknown> = { title: post.title, date: post.date };
  if (post.updated) fm.updated = post.updated;
  fm.published = post.published;
  fm.tags = post.tags;
  if (post.description?.trim()) fm.description = post.description.trim();
  if (post.lang) fm.lang = post.lang;
  if (aliases.length > 0) fm.aliases = aliases;
  if (post.breaks) fm.breaks = true;
  if (heroImage) fm.heroImage = heroImage;
  const ours = new Set(['title', 'date', 'updated', 'published', 'tags', 'description', 'lang', 'aliases', 'breaks', 'heroimage']);
  // A source key spelled like one of ours (`Title` beside `title`) was the reader's to map; writing it
  // again would leave two keys the schema reads as one.
  for (const [key, value] of Object.entries(post.extra ?? {})) if (!ours.has(key.toLowerCase())) fm[key] = value;
  let text = body;
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  if (post.originalUrl) text += `${text === '' ? '' : '\n'}:::message\nこの記事は ${post.originalUrl} で最初に公開されました。\n:::\n`;
  return `---\n${stringifyYaml(fm, { lineWidth: 0 })}---\n${text}`;
}

const ALIAS = /^\/[^\s?#]*$/u;

interface ImagePlan {
  /** The image's file in the source. */
  file: string;
  /** Its path under the posts folder. */
  target: string;
}

/**
 * Writes the posts of `reading` into `options.out` (see the file's comment) and returns what became of
 * each, with the report. Throws only when the manifest cannot be read.
 */
export function writePosts(reading: SourceReading, options: WriteOptions): WriteResult {
  const out = resolve(options.out);
  const from = resolve(options.from);
  const manifest = readManifest(out);
  const files = { ...manifest.files };
  const onDisk = listPostFolder(out).map((p) => p.split(sep).join('/'));
  const fileAt = (target: string) => join(out, ...target.split('/'));

  // Who holds each URL: files already in the folder, files imported before, and this run's posts.
  const taken = new Map<string, string>();
  for (const path of [...onDisk, ...Object.keys(files)]) if (POST_FILE.test(path)) taken.set(urlKey(path), path);
  const previous = new Map<string, string>();
  for (const [target, entry] of Object.entries(files)) {
    if (POST_FILE.test(target)) previous.set(`${entry.from}\u0000${entry.source}`, target);
  }

  const posts = [...reading.posts].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
  const results: PostResult[] = [];
  const aliasOwners = new Map<string, string>();
  const assigned = new Map<SourcePost, { target: string; reasons: string[] }>();
  const fail = (source: string, reason: string) =>
    results.push({ source, aliases: [], published: false, status: 'failed', reasons: [reason], written: false, missingImages: [] });

  // Posts imported before keep their files; new ones take their slug, or the first free `-N` after it.
  const runTargets = new Set<string>();
  for (const post of posts) {
    const target = previous.get(`${from}\u0000${post.source}`);
    if (!target) continue;
    const slug = cleanSlug(post.slug);
    // Said again at every run, so that the report always tells why a post's URL is not its name.
    const reasons = target.replace(POST_FILE, '') === slug ? [] : [`${slug}${post.ext} was taken when it was first imported; it is ${target}`];
    assigned.set(post, { target, reasons });
    runTargets.add(target);
  }
  for (const post of posts) {
    if (assigned.has(post)) continue;
    const slug = cleanSlug(post.slug);
    if (slug === '') {
      fail(post.source, `"${post.slug}" leaves no file name; give the post a name in the source and run the import again`);
      continue;
    }
    const reasons: string[] = [];
    if (slug !== post.slug.normalize('NFC')) reasons.push(`its name "${post.slug}" has characters a URL cannot carry; it is ${slug}${post.ext}`);
    let target = `${slug}${post.ext}`;
    for (let n = 2; taken.has(urlKey(target)); n++) {
      const holder = taken.get(urlKey(target))!;
      // The very file this post would be, left by an import whose manifest is gone: it is this post.
      if (!files[holder] && holder === target && !runTargets.has(target) && sameFile(post, target)) break;
      target = `${slug}-${n}${post.ext}`;
    }
    if (target !== `${slug}${post.ext}`) {
      reasons.push(`${slug}${post.ext} is taken (by ${taken.get(urlKey(`${slug}${post.ext}`))}); it is ${target}, URL /posts/${idOf(target)}/`);
    }
    taken.set(urlKey(target), target);
    runTargets.add(target);
    assigned.set(post, { target, reasons });
  }

  // Each copied image's source file, by its path under the posts folder: two posts whose folders
  // meet (`a b.md` and `a-b.md` both use `a-b/`) never write over each other's images.
  const imageOwners = new Map<string, string>();

  /** Where the post's images go and its body with their new references; `probe` records nothing. */
  function plan(post: SourcePost, target: string, probe = false) {
    // The folder is named like the post, in characters a Markdown link takes as they are.
    const stem = cleanImageName(target.split('/').at(-1)!.replace(POST_FILE, ''));
    const folder = target.includes('/') ? `${target.slice(0, target.lastIndexOf('/'))}/${stem}` : stem;
    const byFile = new Map<string, string>();
    const names = new Set<string>();
    const images: ImagePlan[] = [];
    const refs = new Map<string, string>();
    const missing: string[] = [];
    const place = (image: SourceImage): string | undefined => {
      if (!image.file) {
        // A remote hero (`heroImage: https://…`) stays as written; it is no missing file.
        if (/^(?:[a-z][a-z0-9+.-]*:|\/\/)/iu.test(image.ref)) return undefined;
        if (!missing.includes(image.ref)) missing.push(image.ref);
        return undefined;
      }
      let name = byFile.get(image.file);
      if (!name) {
        const base = cleanImageName(image.file.split(/[\\/]/u).at(-1)!);
        const dot = base.lastIndexOf('.');
        const [stemPart, ext] = dot > 0 ? [base.slice(0, dot), base.slice(dot)] : [base, ''];
        name = base;
        const clash = (n: string) => {
          const owner = imageOwners.get(`${folder}/${n}`.toLowerCase());
          return names.has(n.toLowerCase()) || (owner !== undefined && owner !== image.file);
        };
        for (let n = 2; clash(name); n++) name = `${stemPart}-${n}${ext}`;
        names.add(name.toLowerCase());
        if (!probe) imageOwners.set(`${folder}/${name}`.toLowerCase(), image.file);
        byFile.set(image.file, name);
        images.push({ file: image.file, target: `${folder}/${name}` });
      }
      const ref = `./${stem}/${name}`;
      refs.set(image.ref, ref);
      return ref;
    };
    for (const image of post.images) place(image);
    const hero = post.heroImage ? (place(post.heroImage) ?? post.heroImage.ref) : undefined;
    const { body, html } = rewriteRefs(post.body, refs);
    return { images, missing, hero, body, html };
  }

  function validAliases(post: SourcePost, reasons: string[]): string[] {
    const aliases: string[] = [];
    for (const raw of post.aliases) {
      const alias = raw.trim();
      if (aliases.includes(alias)) continue;
      if (!ALIAS.test(alias) || alias.split('/').includes('..')) {
        reasons.push(`old URL "${alias}" left out: an alias is a path from the site root without spaces, ? or #`);
        continue;
      }
      const owner = aliasOwners.get(alias);
      if (owner !== undefined && owner !== post.source) {
        reasons.push(`old URL ${alias} left out: ${owner} has it too`);
        continue;
      }
      aliasOwners.set(alias, post.source);
      aliases.push(alias);
    }
    return aliases;
  }

  function sameFile(post: SourcePost, target: string): boolean {
    const p = plan(post, target, true);
    const text = renderPost(post, p.body, post.aliases, p.hero);
    try {
      return readFileSync(fileAt(target), 'utf8') === text;
    } catch {
      return false;
    }
  }

  const write = (target: string, data: string | Uint8Array) => {
    if (options.dryRun) return;
    mkdirSync(dirname(fileAt(target)), { recursive: true });
    writeFileSync(fileAt(target), data);
  };

  for (const post of posts) {
    const slot = assigned.get(post);
    if (!slot) continue; // failed above
    const { target } = slot;
    const reasons = [...slot.reasons];
    const id = idOf(target);
    const result: PostResult = { source: post.source, target, id, aliases: [], published: post.published, status: 'imported', reasons, written: false, missingImages: [] };
    results.push(result);
    try {
      const p = plan(post, target);
      const aliases = validAliases(post, reasons);
      result.aliases = aliases;
      result.missingImages = p.missing;
      const text = renderPost(post, p.body, aliases, p.hero);
      const hash = sha256(text);
      const path = fileAt(target);
      const entry = files[target];
      const mine = entry && entry.from === from && entry.source === post.source;
      let action: 'write' | 'unchanged' | 'skip' = 'write';
      if (existsSync(path)) {
        const current = sha256(readFileSync(path));
        if (current === hash) action = 'unchanged';
        else if (mine && entry.sha256 === current) action = 'write';
        else if (options.force) reasons.push('your edits since the last import were overwritten (--force)');
        else {
          action = 'skip';
          reasons.push('edited since the last import; --force overwrites it');
        }
      } else if (mine) {
        if (options.force) reasons.push('deleted since the last import, written again (--force)');
        else {
          action = 'skip';
          reasons.push('deleted since the last import; --force writes it again');
        }
      }
      if (action === 'skip') {
        result.status = 'skipped';
        result.reasons = reasons.slice(-1);
        continue;
      }
      reasons.push(...post.attention);
      for (const ref of p.missing) reasons.push(`image not found: ${ref}`);
      for (const [ref, copy] of p.html) {
        reasons.push(`<img src="${ref}"> is HTML, which the image pipeline leaves alone (its page cannot load ${copy}): write it as ![…](${copy})`);
      }
      for (const image of p.images) {
        const bytes = readFileSync(image.file);
        const imageHash = sha256(bytes);
        const imagePath = fileAt(image.target);
        const imageEntry = files[image.target];
        if (existsSync(imagePath)) {
          const current = sha256(readFileSync(imagePath));
          if (current !== imageHash) {
            if (!(imageEntry && imageEntry.sha256 === current) && !options.force) {
              reasons.push(`${image.target} differs from the source's image and was not written by the importer: kept as it is`);
              continue;
            }
            write(image.target, bytes);
          }
        } else {
          write(image.target, bytes);
        }
        files[image.target] = { from, source: relative(from, image.file).split(sep).join('/'), sha256: imageHash };
      }
      if (action === 'write') write(target, text);
      result.written = action === 'write';
      files[target] = { from, source: post.source, sha256: hash };
      result.status = reasons.length > 0 ? 'needs attention' : action === 'write' ? 'imported' : 'unchanged';
    } catch (e) {
      result.status = 'failed';
      result.reasons = [`${(e as Error).message}; check the posts folder can be written to and run the import again`];
    }
  }
  for (const failure of reading.failures) fail(failure.source, failure.reason);

  const changed = JSON.stringify(sortedFiles(files)) !== JSON.stringify(sortedFiles(manifest.files));
  if (changed && !options.dryRun) {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, MANIFEST_NAME), `${JSON.stringify({ version: 1, files: sortedFiles(files) }, null, 2)}\n`);
  }
  const report = formatReport(reading, results, options);
  if (options.reportFile && !options.dryRun) writeFileSync(options.reportFile, report);
  return { posts: results, report, exitCode: results.some((r) => r.status === 'failed') ? 1 : 0 };
}

function sortedFiles(files: Record<string, ManifestEntry>): Record<string, ManifestEntry> {
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One line a post (`status: file (from source) — why`), failures last, then the totals. */
export function formatReport(reading: SourceReading, results: readonly PostResult[], options: WriteOptions): string {
  const lines = [
    `npm run import: ${reading.kind} from ${options.from} into ${options.out}${options.dryRun ? ' (dry run: nothing was written; this is what would happen)' : ''}`,
    '',
  ];
  for (const r of results) {
    const why = r.reasons.length > 0 ? ` — ${r.reasons.join('; ')}` : '';
    if (r.status === 'failed') {
      lines.push(`failed: ${r.source}${why}${/run the import again/u.test(why) ? '' : '. Fix it in the source and run the import again, or write the post by hand'}`);
    } else {
      const state = r.status === 'needs attention' ? ` (${r.written ? 'written' : 'unchanged'})` : '';
      lines.push(`${r.status}${state}: ${r.target} (from ${r.source})${why}`);
    }
  }
  const count = (status: PostStatus) => results.filter((r) => r.status === status).length;
  const images = results.reduce((n, r) => n + r.missingImages.length, 0);
  lines.push(
    '',
    `${results.length} posts: ${count('imported')} imported, ${count('needs attention')} need attention, ${count('unchanged')} unchanged, ${count('skipped')} skipped, ${count('failed')} failed` +
      (images > 0 ? `; ${images} images not found` : ''),
  );
  if (count('failed') > 0) lines.push('Posts that failed were not imported: fix each as its line says and run the same command again (imported posts stay as they are).');
  return `${lines.join('\n')}\n`;
}
