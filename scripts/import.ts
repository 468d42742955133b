/**
 * `npm run import -- <path> [--from <kind>] [--dry-run] [--force] [--out <folder>] [--user <name>] [--report <file>]`
 *
 * Brings posts from another blog system into this one. `<path>` is the old blog's folder or export
 * file; its kind is detected (and said) unless `--from` names it. The reader of each kind is
 * `scripts/import/<kind>.ts` (it exports `read`, see source-post.ts); the core that writes posts, copies
 * images, keeps the manifest and makes the report is scripts/import/write-posts.ts.
 *
 * - `--out`: the posts folder to write into (default src/content/posts);
 * - `--dry-run`: say what would happen, write nothing (not even the report file);
 * - `--force`: overwrite posts edited (or deleted) since the last import;
 * - `--user`: the account on the old site, where its files do not say it (Zenn's address needs it);
 * - `--report`: where to write the report (default import-report.txt in the project folder).
 *
 * Exit status: 0 when every post was imported (or was unchanged, or skipped as edited), 1 when a post
 * could not be imported (the report says which and what to do), 2 when the command itself was wrong.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { site } from '../src/site.config.ts';
import { writePosts, type WriteResult } from './import/write-posts.ts';
import type { Reader, SourceKind, SourceReading } from './import/source-post.ts';
import { looksLikeQiita } from './import/qiita.ts';
import { looksLikeZenn } from './import/zenn.ts';
import { astroLayout } from './import/astro.ts';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const KINDS: readonly SourceKind[] = ['jekyll', 'zenn', 'qiita', 'hatena', 'hexo', 'hugo', 'wordpress', 'astro'];
const USAGE = `usage: npm run import -- <folder or export file> [--from ${KINDS.join('|')}] [--dry-run] [--force] [--out <posts folder>] [--user <account on the old site>] [--report <file>]`;

/** What `detectKind` found: the kind and what gave it away, or why nothing fits. */
export type Detection = { kind: SourceKind; why: string; also: SourceKind[] } | { error: string };

/** The first `bytes` of a file as text (export files can be large). */
function head(file: string, bytes = 65_536): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const isDir = (path: string) => existsSync(path) && statSync(path).isDirectory();
const DATED_POST = /^\d{4}-\d{2}-\d{2}-.+\.(?:md|markdown)$/iu;

/** True when `dir` (or a folder up to two levels below it) holds Jekyll-style `YYYY-MM-DD-name.md` files. */
function hasDatedPosts(dir: string, depth = 2): boolean {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return false;
  }
  if (entries.some((e) => e.isFile() && DATED_POST.test(e.name))) return true;
  return depth > 0 && entries.some((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && hasDatedPosts(join(dir, e.name), depth - 1));
}

const ASTRO_CONFIGS = ['astro.config.mjs', 'astro.config.ts', 'astro.config.js', 'astro.config.mts'];
const HUGO_CONFIGS = ['hugo.toml', 'hugo.yaml', 'hugo.yml', 'hugo.json', 'config.toml', 'config.yaml', 'config.yml', 'config.json'];

/** Which system `path` comes from, by the files each one leaves (see the README's "Moving from another blog"). */
export function detectKind(path: string): Detection {
  if (!existsSync(path)) return { error: `${path} does not exist` };
  if (!isDir(path)) {
    const text = head(path);
    if (/\.xml$/iu.test(path) || text.trimStart().startsWith('<?xml')) {
      if (/wordpress\.org\/export|<wp:/u.test(text)) return { kind: 'wordpress', why: 'a WordPress export (WXR) file', also: [] };
      return { error: `${path} is XML but not a WordPress export (WXR): use --from to say what it is` };
    }
    if (/^BASENAME:/mu.test(text) || (/^TITLE:/mu.test(text) && /^-{8}$/mu.test(text))) {
      return { kind: 'hatena', why: 'a Hatena Blog export (Movable Type format: TITLE:/BASENAME: blocks)', also: [] };
    }
    return { error: `${path} is a file, but neither a WordPress export (.xml) nor a Hatena Blog export: use --from, or give the blog's folder` };
  }
  const found: { kind: SourceKind; why: string }[] = [];
  if (looksLikeZenn(path)) found.push({ kind: 'zenn', why: 'articles/*.md with Zenn frontmatter (emoji, topics, type)' });
  if (looksLikeQiita(path)) found.push({ kind: 'qiita', why: 'public/*.md with Qiita CLI frontmatter' });
  const hugoConfig = HUGO_CONFIGS.find((c) => existsSync(join(path, c))) ?? (isDir(join(path, 'config', '_default')) ? 'config/_default/' : undefined);
  if (hugoConfig && isDir(join(path, 'content'))) found.push({ kind: 'hugo', why: `${hugoConfig} and content/` });
  if (existsSync(join(path, '_config.yml')) && isDir(join(path, 'source', '_posts'))) found.push({ kind: 'hexo', why: '_config.yml and source/_posts/' });
  // A Hexo site's posts folder copied without its config still has Hexo's layout.
  else if (isDir(join(path, 'source', '_posts'))) found.push({ kind: 'hexo', why: 'source/_posts/ (no _config.yml: Hexo\'s default permalink assumed)' });
  const astro = astroLayout(path);
  // The starter's folder is telling on its own; the other themes' folders only beside an astro.config.
  if (astro && (astro.posts.endsWith(join('src', 'content', 'blog')) || ASTRO_CONFIGS.some((c) => existsSync(join(astro.root, c))))) {
    found.push({ kind: 'astro', why: `${relative(astro.root, astro.posts).split('\\').join('/')}/ of an Astro project` });
  }
  if (isDir(join(path, '_posts'))) found.push({ kind: 'jekyll', why: '_posts/' });
  else if (basename(resolve(path)) === '_posts' || hasDatedPosts(path)) found.push({ kind: 'jekyll', why: 'a folder of YYYY-MM-DD-name.md posts' });
  const [first, ...others] = found;
  if (!first) {
    return {
      error: `cannot tell which blog system ${path} comes from (looked for ${KINDS.join(', ')}): name it with --from <kind>`,
    };
  }
  return { ...first, also: others.map((o) => o.kind) };
}

interface Args {
  path?: string;
  from?: string;
  out: string;
  user?: string;
  report: string;
  dryRun: boolean;
  force: boolean;
}

function parseArgs(argv: readonly string[]): Args | { error: string } {
  const args: Args = { out: join(projectRoot, 'src', 'content', 'posts'), report: join(projectRoot, 'import-report.txt'), dryRun: false, force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${arg} needs a value`);
      return v;
    };
    try {
      if (arg === '--dry-run') args.dryRun = true;
      else if (arg === '--force') args.force = true;
      else if (arg === '--from') args.from = value();
      else if (arg === '--out') args.out = resolve(value());
      else if (arg === '--user') args.user = value();
      else if (arg === '--report') args.report = resolve(value());
      else if (arg.startsWith('-')) return { error: `unknown option ${arg}` };
      else if (args.path === undefined) args.path = arg;
      else return { error: `one source at a time: ${args.path} and ${arg}` };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  return args;
}

/** What one run of the command did: its exit status, and when it got that far what was read and written. */
export interface ImportRun {
  code: number;
  kind?: SourceKind;
  reading?: SourceReading;
  result?: WriteResult;
}

/**
 * Runs the command with `argv` (without node and the script) and returns what it did; `npm run import`
 * and `npm run check:corpus` both go through here. `readers` is the folder of the readers (tests point it
 * elsewhere); `say` prints a line of progress and the report (the corpus check keeps them quiet).
 */
export async function runImport(
  argv: readonly string[],
  readers = join(projectRoot, 'scripts', 'import'),
  say: (text: string) => void = (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
): Promise<ImportRun> {
  const args = parseArgs(argv);
  if ('error' in args || args.path === undefined) {
    if ('error' in args) console.error(`npm run import: ${args.error}`);
    console.error(USAGE);
    return { code: 2 };
  }
  const source = resolve(args.path);
  let kind: SourceKind;
  if (args.from !== undefined) {
    if (!(KINDS as readonly string[]).includes(args.from)) {
      console.error(`npm run import: --from ${args.from} is not a kind this importer knows (${KINDS.join(', ')})`);
      return { code: 2 };
    }
    if (!existsSync(source)) {
      console.error(`npm run import: ${args.path} does not exist`);
      return { code: 2 };
    }
    kind = args.from as SourceKind;
    say(`Reading ${args.path} as ${kind} (--from).`);
  } else {
    const detected = detectKind(args.path);
    if ('error' in detected) {
      console.error(`npm run import: ${detected.error}`);
      return { code: 2 };
    }
    kind = detected.kind;
    const also = detected.also.length > 0 ? `; it also looks like ${detected.also.join(', ')}: use --from to choose` : '';
    say(`Detected ${kind}: ${detected.why}${also}.`);
  }

  const readerFile = join(readers, `${kind}.ts`);
  if (!existsSync(readerFile)) {
    console.error(`npm run import: importing from ${kind} is not available yet (scripts/import/${kind}.ts is missing). Nothing was written.`);
    return { code: 2, kind };
  }
  const reader = ((await import(pathToFileURL(readerFile).href)) as { read?: Reader }).read;
  if (typeof reader !== 'function') {
    console.error(`npm run import: scripts/import/${kind}.ts does not export read(path, options). Nothing was written.`);
    return { code: 2, kind };
  }
  let reading: SourceReading;
  try {
    reading = await reader(source, { timeZone: site.timeZone, user: args.user });
  } catch (e) {
    console.error(`npm run import: could not read ${args.path} as ${kind}: ${(e as Error).message}. Nothing was written.`);
    return { code: 1, kind };
  }
  if (kind === 'zenn' && !args.user) {
    say('Zenn files do not name your account: add --user <account> to keep each post\'s Zenn address as a "first published at" note.');
  }
  if (reading.posts.length === 0 && reading.failures.length === 0) {
    console.error(`npm run import: found no posts in ${args.path} (read as ${kind}). Nothing was written.`);
    return { code: 1, kind, reading };
  }
  let result: WriteResult;
  try {
    result = writePosts(reading, { out: args.out, from: source, dryRun: args.dryRun, force: args.force, reportFile: args.report });
  } catch (e) {
    console.error(`npm run import: ${(e as Error).message}`);
    return { code: 1, kind, reading };
  }
  say(result.report);
  if (!args.dryRun) say(`The report is also in ${relative(process.cwd(), args.report) || args.report}.`);
  return { code: result.exitCode, kind, reading, result };
}

/** Runs the command with `argv` (without node and the script); returns the exit status (see `runImport`). */
export async function main(argv: readonly string[], readers = join(projectRoot, 'scripts', 'import')): Promise<number> {
  return (await runImport(argv, readers)).code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
