/**
 * The lines a GitHub permalink points at (`https://github.com/<owner>/<repo>/blob/<ref>/<path>#L3-L9`),
 * fetched from raw.githubusercontent.com for the link-card store, so a build can show them as code
 * without the network. Capped: the file is read up to 1 MB, at most 100 lines and 20,000 characters
 * are kept, control characters dropped. The code is data; the render side escapes it.
 */
import { fetchText } from './fetch-page.ts';
import type { FetchOptions } from './fetch-page.ts';
import { FetchFailure } from './fetch-page.ts';
import { dropControlCharacters } from './plain-text.ts';
import type { CodeEntry } from '../markdown/link-card-store.ts';

/** Where raw files are served; tests point it at their own server. */
export const GITHUB_RAW_BASE = 'https://raw.githubusercontent.com';

const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINES = 100;
const MAX_CHARS = 20_000;

/** What a permalink names. `path` is decoded, for showing; `rawPath` is as written, for fetching. */
export interface GitHubPermalink {
  owner: string;
  repo: string;
  ref: string;
  path: string;
  rawPath: string;
  startLine: number;
  endLine: number;
}

/** A stored excerpt, as in the store's `code` section (without the date). */
export type GitHubCode = Omit<CodeEntry, 'fetched'>;

const NAME = /^[A-Za-z0-9_.-]+$/u;

/** Reads a GitHub blob permalink to lines; undefined for any other URL. */
export function parseGitHubPermalink(url: string): GitHubPermalink | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || (u.hostname !== 'github.com' && u.hostname !== 'www.github.com')) return undefined;
  const m = /^\/([^/]+)\/([^/]+)\/blob\/([^/]+)\/(.+)$/u.exec(u.pathname);
  const lines = /^#L(\d+)(?:C\d+)?(?:-L(\d+)(?:C\d+)?)?$/u.exec(u.hash);
  if (!m || !lines) return undefined;
  const [, owner, repo, ref, rawPath] = m as unknown as [string, string, string, string, string];
  if (!NAME.test(owner) || !NAME.test(repo) || repo === '.' || repo === '..') return undefined;
  let path: string;
  let decodedRef: string;
  try {
    path = decodeURIComponent(rawPath);
    decodedRef = decodeURIComponent(ref);
  } catch {
    return undefined;
  }
  if (path.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  const a = Number(lines[1]);
  const b = lines[2] === undefined ? a : Number(lines[2]);
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 1 || b < 1) return undefined;
  return {
    owner,
    repo,
    ref: decodedRef,
    path,
    rawPath,
    startLine: Math.min(a, b),
    endLine: Math.max(a, b),
  };
}

// File names and extensions as Shiki names their languages; anything else goes as its extension.
const LANG_BY_NAME: Record<string, string> = {
  dockerfile: 'dockerfile',
  makefile: 'makefile',
  gnumakefile: 'makefile',
  cmakelists: 'cmake',
  gemfile: 'ruby',
  rakefile: 'ruby',
  justfile: 'just',
};
const LANG_BY_EXT: Record<string, string> = {
  mjs: 'js',
  cjs: 'js',
  mts: 'ts',
  cts: 'ts',
  yml: 'yaml',
  htm: 'html',
  hpp: 'cpp',
  hh: 'cpp',
  cc: 'cpp',
  cxx: 'cpp',
  h: 'c',
  kts: 'kotlin',
  bash: 'sh',
  zsh: 'sh',
  ps1: 'powershell',
  tf: 'hcl',
  txt: 'text',
};

/** The highlighting language for a file path ('text' when there is nothing to go by). */
export function languageOfPath(path: string): string {
  const file = path.split('/').at(-1) ?? '';
  const byName = LANG_BY_NAME[file.toLowerCase().replace(/\.txt$/u, '')];
  if (byName) return byName;
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return 'text';
  const ext = file.slice(dot + 1).toLowerCase();
  if (!/^[a-z0-9+_-]{1,16}$/u.test(ext)) return 'text';
  return LANG_BY_EXT[ext] ?? ext;
}

/** Picks lines `start`..`end` (1-based) from a file's text, within the caps. */
export function pickLines(
  text: string,
  startLine: number,
  endLine: number,
  complete: boolean,
): { code: string; endLine: number } {
  const lines = text.replace(/^\ufeff/u, '').split(/\r\n|\r|\n/u);
  // A file cut at the cap ends in a partial line: never show it.
  if (!complete) lines.pop();
  // A file ending in a newline has no line after it.
  else if (lines.at(-1) === '') lines.pop();
  if (startLine > lines.length) {
    throw new FetchFailure(complete ? `line ${startLine} is past the end of the file` : 'too large');
  }
  const last = Math.min(endLine, lines.length, startLine + MAX_LINES - 1);
  const picked: string[] = [];
  let chars = 0;
  for (let n = startLine; n <= last; n++) {
    const line = dropControlCharacters(lines[n - 1]!, '\t');
    if (picked.length > 0 && chars + line.length > MAX_CHARS) break;
    picked.push(line.slice(0, MAX_CHARS));
    chars += line.length + 1;
  }
  return { code: picked.join('\n'), endLine: startLine + picked.length - 1 };
}

/**
 * Fetches the lines of a permalink. Throws a {@link FetchFailure} (not a permalink, HTTP 404, line
 * out of range, binary file, ...).
 */
export async function fetchGitHubCode(
  url: string,
  options: FetchOptions & { rawBase?: string } = {},
): Promise<GitHubCode> {
  const link = parseGitHubPermalink(url);
  if (!link) throw new FetchFailure('not a GitHub permalink to lines');
  const base = (options.rawBase ?? GITHUB_RAW_BASE).replace(/\/+$/u, '');
  const rawUrl = `${base}/${link.owner}/${link.repo}/${encodeURIComponent(link.ref)}/${link.rawPath}`;
  const fetched = await fetchText(rawUrl, MAX_FILE_BYTES, options);
  if (fetched.body.subarray(0, 8000).includes(0)) throw new FetchFailure('not text');
  const text = new TextDecoder('utf-8').decode(fetched.body);
  const { code, endLine } = pickLines(text, link.startLine, link.endLine, !fetched.truncated);
  return {
    repo: `${link.owner}/${link.repo}`,
    path: link.path,
    ref: link.ref,
    startLine: link.startLine,
    endLine,
    lang: languageOfPath(link.path),
    code,
  };
}
