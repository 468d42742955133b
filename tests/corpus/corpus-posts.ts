/**
 * The corpus the corpus browser tests build (playwright.corpus.config.ts), read straight from its
 * Markdown files, without the importer: what a reader would find by searching the text of its posts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeHTML } from 'entities';
import { parse as parseYaml } from 'yaml';

const projectRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The folder of real blogs: ../shared/corpus beside the project, or CORPUS_DIR (as npm run check:corpus). */
export const corpusRoot = resolve(process.env.CORPUS_DIR ?? join(projectRoot, '..', 'shared', 'corpus'));
/** The blog these tests build: a Jekyll site of 837 Japanese posts (see the corpus README). */
export const corpusBlog = join(corpusRoot, 'efcl');

export interface CorpusPost {
  /** The file, from the blog's folder. */
  file: string;
  /** Everything a search could find: the title and the whole body, code, markup and URLs included. */
  everything: string;
  /** What a search surely finds: the title and the text the body shows, code included; no markup, URLs or image text. */
  shown: string;
}

const CJK = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー]';
/**
 * A line break between two Japanese characters, which the site's Markdown removes (README: Writing in
 * Japanese), so that a phrase broken across lines in the source is whole on the page.
 */
const JOINED_LINE = new RegExp(`(${CJK})[ \\t]*\\r?\\n[ \\t]*(?=${CJK})`, 'gu');

/** Every post of the corpus blog, read once. */
export function corpusPosts(): CorpusPost[] {
  if (posts) return posts;
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  if (!existsSync(corpusBlog)) throw new Error(`${corpusBlog} not found: the corpus tests need ../shared/corpus (or CORPUS_DIR)`);
  walk(corpusBlog);
  return (posts = files.map((path) => {
    const text = readFileSync(path, 'utf8').replace(/^\uFEFF/u, '').replace(/\r\n?/gu, '\n');
    const match = /^---[ \t]*\n([\s\S]*?)\n---[ \t]*(?:\n|$)([\s\S]*)$/u.exec(text);
    const data = match ? (parseYaml(match[1]!) as Record<string, unknown> | null) : undefined;
    const title = decodeHTML(String(data?.['title'] ?? ''));
    const body = (match ? match[2]! : text).replace(JOINED_LINE, '$1');
    return {
      file: path.slice(corpusBlog.length + 1),
      everything: `${title}\n${decodeHTML(body)}`,
      shown: `${title}\n${shownText(body)}`,
    };
  }));
}
let posts: CorpusPost[] | undefined;

/**
 * The body's text as the page shows it: without comments, scripts, HTML tags (and their attributes),
 * images, link URLs and titles, reference definitions and Liquid tags. Code stays: the search index
 * holds it. A phrase in what is left is one a search must find.
 */
function shownText(body: string): string {
  return decodeHTML(
    body
      .replace(/<!--[\s\S]*?-->/gu, ' ')
      .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/giu, ' ')
      .replace(/<[^>]*>/gu, ' ')
      .replace(/!\[[^\]]*\]\([^)]*\)/gu, ' ')
      .replace(/\]\([^)]*\)/gu, '] ')
      .replace(/^\s*\[[^\]]+\]:.*$/gmu, ' ')
      .replace(/\{%[\s\S]*?%\}/gu, ' '),
  );
}

/**
 * How many posts have `phrase` (and each of `more`): `atLeast` in the text they show, `atMost` anywhere
 * in their source. A search that counts the posts containing a phrase must land between the two; the
 * difference is posts that have it only in markup, a URL, a link's title or an image's text, which the
 * index does not hold.
 */
export function postsWith(phrase: string | RegExp, ...more: Array<string | RegExp>): { atLeast: number; atMost: number } {
  const has = (text: string) => [phrase, ...more].every((p) => (typeof p === 'string' ? text.includes(p) : p.test(text)));
  const all = corpusPosts();
  return { atLeast: all.filter((p) => has(p.shown)).length, atMost: all.filter((p) => has(p.everything)).length };
}
