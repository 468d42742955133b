/**
 * `npm run samples:remove`: deletes the sample posts the blog ships with, so that the site shows only
 * the author's own. A sample goes only while it is exactly as shipped (its SHA-256, line ends aside, is
 * one of a shipped version's): an edited sample may be the author's post now, so it is kept and named.
 * No other file is touched; folders the samples leave empty are removed. `--dry-run` only says what
 * would go; `--root DIR` works on another copy of the site.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { takeRootArgument } from './lib/root-argument.ts';

/**
 * The sample posts, by path under src/content/posts, with the hash of every version the repository
 * has shipped (`sampleHash`). Editing a sample in the repository means adding its new hash here
 * (tests/unit/remove-samples.test.ts says which); the old ones stay, for copies made before.
 */
export const SAMPLE_POSTS: Readonly<Record<string, readonly string[]>> = {
  '2024/astro-blog-setup.md': [
    '14ffd43e52adee8cc77c9c5d58f53bf90ee04bf630a43bf9429a8cabf69603fa',
    '3cb21093f76eab135cb5cba569e018051b88c98d0317d13ea81ee9936b758378',
  ],
  'draft-idea.md': [
    'c9a93bbb166f28c5d694123c8fc8753365a5300a7bbc298ce62470b6a53c0aa7',
    'c6fe8b367c8ab9b5300cb1843f60c022367025294d37e0504eb37c0a9df533b9',
  ],
  'jpki-reset.md': [
    '1d73bbc661c70a5ad4865972a6508b2457d427d3cddc964a9ede689968a800c9',
    '5e5bf9b6c15ce5e7508936fc6c82cbfb95906efb6b51bca8c29bc07375315bdf',
  ],
  'markdown-sample.md': [
    'd6c89069c2629c58dd4c5cef1654008e627d75115b497b08e01e18567495ec97',
    '0d25c004b201815de9044ae507411df3e4800b4d867ebfbf7c0bfde7bf6bedd2',
    'bdd4f1b0293ce3ab58cdd5081866156867e41272fa2b74e13273b73dcf56c06a',
  ],
  'tsurezure.md': ['d7276bb335963c3e6b73a675b4ccba76e0186ab8ef5bdf75875e702f5e53c08a'],
};

/**
 * A file's hash as the list records it: SHA-256 of its text with CRLF line ends read as LF, so that
 * a sample checked out on Windows (git's `autocrlf`) still counts as shipped.
 */
export function sampleHash(content: Buffer | string): string {
  const text = Buffer.isBuffer(content) ? content.toString('utf8') : content;
  return createHash('sha256').update(text.replace(/\r\n/gu, '\n')).digest('hex');
}

export interface SampleRemoval {
  /** Samples removed (or, with `dryRun`, that would be), relative to the project. */
  removed: string[];
  /** Samples kept because they differ from every shipped version. */
  edited: string[];
}

export interface RemoveSamplesOptions {
  root: string;
  dryRun?: boolean;
  samples?: Readonly<Record<string, readonly string[]>>;
}

/** Removes the unedited samples under `root` and says what became of each one that is there. */
export function removeSamples({ root, dryRun = false, samples = SAMPLE_POSTS }: RemoveSamplesOptions): SampleRemoval {
  const postsDir = join(root, 'src', 'content', 'posts');
  const result: SampleRemoval = { removed: [], edited: [] };
  for (const [path, hashes] of Object.entries(samples)) {
    const file = join(postsDir, ...path.split('/'));
    if (!existsSync(file)) continue;
    const shown = relative(root, file).split(sep).join('/');
    if (!hashes.includes(sampleHash(readFileSync(file)))) {
      result.edited.push(shown);
      continue;
    }
    result.removed.push(shown);
    if (dryRun) continue;
    rmSync(file);
    removeEmptyFolders(dirname(file), postsDir);
  }
  return result;
}

/** Removes `dir` and its parents while they are empty, up to (not including) `stop`. */
function removeEmptyFolders(dir: string, stop: string): void {
  for (let d = dir; d !== stop && d.startsWith(stop) && readdirSync(d).length === 0; d = dirname(d)) rmdirSync(d);
}

function main(argv: string[]): number {
  const args = [...argv];
  const root = takeRootArgument(args);
  const dryRun = args.includes('--dry-run');
  const unknown = args.filter((a) => a !== '--dry-run');
  if (unknown.length > 0) {
    console.error('usage: npm run samples:remove [-- --dry-run]');
    return 2;
  }
  const { removed, edited } = removeSamples({ root, dryRun });
  for (const path of removed) console.log(`${dryRun ? 'Would remove' : 'Removed'} the sample post ${path}`);
  for (const path of edited) {
    console.log(`Kept ${path}: it is not the sample as shipped, so it may be your post now. Delete it yourself if it is not.`);
  }
  if (removed.length === 0 && edited.length === 0) console.log('No sample posts are left: nothing to remove.');
  if (removed.includes('src/content/posts/jpki-reset.md') && existsSync(join(root, 'src', 'assets', 'sample.png'))) {
    console.log('src/assets/sample.png was that sample’s image: delete it too unless a post of yours shows it.');
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
