/**
 * Which paragraphs of a post become a link card, an embed or a code block from GitHub, and which URLs
 * the card fetcher (`npm run cards`) must fetch for them. The Markdown plugin
 * (src/markdown/link-blocks.ts) and the fetcher both decide with `linkBlockOf`, so the fetcher fetches
 * exactly the cards that posts show.
 *
 * The forms, each a paragraph of its own (at the top level, in a blockquote, or alone in a list item):
 * - a URL alone (`https://...` or `<https://...>`), as Zenn, Qiita and Hatena show it, or a link whose
 *   text is its own URL (`[https://...](https://...)`), which reads the same;
 * - Zenn's `@[card](url)` and its embeds (`@[youtube](id)`, `@[tweet](url)`, ...);
 * - Hatena's `[url:embed:cite]` (always a card) and `[url:embed]` (an embed where the URL has one).
 * A bare URL of embeddable content (YouTube, X, ...) is an embed, and a GitHub permalink to lines
 * (`.../blob/<ref>/<path>#L1-L3`) is code, shown from the fetched copy; any other URL is a card.
 */
import { markdownToMdast, type MdastNode } from 'satteri';
import { embedFromUrl, embedFromZenn, httpUrl, isEmbedName, type Embed } from './embeds.ts';
import { prepareContainers } from './containers.ts';
import { stripFrontmatter } from './frontmatter.ts';
import { findRemoteImages } from './find-remote-images.ts';

/** A GitHub link to lines of a file at a given commit or branch. */
export interface GithubPermalink {
  repo: string;
  ref: string;
  path: string;
  startLine: number;
  endLine: number;
}

/** What a paragraph becomes. `problem` is what the build warns about (the post is fine otherwise). */
export type LinkBlock =
  | { kind: 'card'; url: string; problem?: string }
  | { kind: 'code'; url: string; permalink: GithubPermalink }
  | { kind: 'embed'; embed: Embed }
  /** Left as the text it is written as: an unknown `@[name]`, or an embed without a usable value. */
  | { kind: 'text'; problem: string };

const ZENN = /^@\[([A-Za-z][\w-]*)\]\(\s*(.*?)\s*\)$/u;
const HATENA = /^\[(https?:\/\/[^\s\]]+?):embed(:cite)?\]$/iu;
const ANGLE = /^<(https?:\/\/[^\s<>]+)>$/iu;
const SELF_LINK = /^\[(https?:\/\/[^\s\]]+)\]\(\s*<?(https?:\/\/[^\s<>()]+)>?\s*\)$/iu;
const BARE = /^https?:\/\/\S+$/iu;
// A URL that ends in punctuation is part of a sentence (GFM leaves the punctuation out of the link).
const TRAILING_PUNCTUATION = /[.,:;!?'"*_~]$/u;
const PERMALINK = /^\/([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})\/blob\/([^/]+)\/(.+)$/u;
const LINES = /^#L(\d{1,7})(?:-L(\d{1,7}))?$/u;

/** The GitHub permalink to lines that `value` is, if it is one. */
export function githubPermalink(value: string): GithubPermalink | undefined {
  const url = httpUrl(value);
  if (!url || url.protocol !== 'https:' || url.hostname !== 'github.com' || url.search) return undefined;
  const path = PERMALINK.exec(url.pathname);
  const lines = LINES.exec(url.hash);
  if (!path || !lines) return undefined;
  const startLine = Number(lines[1]);
  const endLine = lines[2] === undefined ? startLine : Number(lines[2]);
  if (startLine < 1 || endLine < startLine) return undefined;
  let file: string;
  try {
    file = decodeURIComponent(path[4]!);
  } catch {
    return undefined;
  }
  return { repo: `${path[1]}/${path[2]}`, ref: path[3]!, path: file, startLine, endLine };
}

function isBareUrl(value: string): boolean {
  if (!BARE.test(value) || TRAILING_PUNCTUATION.test(value)) return false;
  // A closing parenthesis without its opening one is the sentence's, as GFM reads it.
  return !value.endsWith(')') || value.split('(').length >= value.split(')').length;
}

/** A URL standing alone: code for a GitHub permalink, an embed for embeddable content, else a card. */
function blockOfUrl(url: string): LinkBlock {
  const permalink = githubPermalink(url);
  if (permalink) return { kind: 'code', url, permalink };
  const embed = embedFromUrl(url);
  return embed ? { kind: 'embed', embed } : { kind: 'card', url };
}

/** The URL in Zenn's `(...)`: without `<...>` around it and without Markdown's backslash escapes. */
function zennValue(raw: string): string {
  const value = raw.startsWith('<') && raw.endsWith('>') ? raw.slice(1, -1) : raw;
  return value.replace(/\\([!-/:-@[-`{-~])/gu, '$1');
}

function blockOfZenn(name: string, value: string): LinkBlock {
  const lower = name.toLowerCase();
  const isUrl = httpUrl(value) !== undefined;
  if (lower === 'card') return isUrl ? { kind: 'card', url: value } : { kind: 'text', problem: `@[card] needs an http(s) URL, not "${value.slice(0, 80)}"` };
  if (lower === 'github') {
    if (!isUrl) return { kind: 'text', problem: `@[github] needs a GitHub URL, not "${value.slice(0, 80)}"` };
    const permalink = githubPermalink(value);
    return permalink ? { kind: 'code', url: value, permalink } : { kind: 'card', url: value };
  }
  if (!isEmbedName(lower)) return { kind: 'text', problem: `unknown embed @[${name}]` };
  const embed = embedFromZenn(lower, value);
  if ('provider' in embed) return { kind: 'embed', embed };
  // A URL the embed cannot take still deserves a link: it shows as a card.
  return isUrl ? { kind: 'card', url: value, problem: embed.problem } : { kind: 'text', problem: embed.problem };
}

/**
 * What a paragraph whose whole source is `text` (trimmed, one line) becomes, or undefined when it is
 * an ordinary paragraph.
 */
export function linkBlockOf(text: string): LinkBlock | undefined {
  if (text.includes('\n')) return undefined;
  const zenn = ZENN.exec(text);
  if (zenn) return blockOfZenn(zenn[1]!, zennValue(zenn[2]!));
  const hatena = HATENA.exec(text);
  if (hatena) {
    const url = hatena[1]!;
    if (!httpUrl(url)) return undefined;
    return hatena[2] ? { kind: 'card', url } : blockOfUrl(url);
  }
  const self = SELF_LINK.exec(text);
  if (self && self[1] === self[2] && httpUrl(self[1]!)) return blockOfUrl(self[1]!);
  const angle = ANGLE.exec(text)?.[1] ?? (isBareUrl(text) ? text : undefined);
  return angle && httpUrl(angle) ? blockOfUrl(angle) : undefined;
}

/** Where such a paragraph may stand: the top level, a blockquote, or alone in a list item. */
export function isLinkBlockPlace(parent: { type: string; children?: readonly unknown[] } | undefined): boolean {
  if (!parent) return false;
  if (parent.type === 'root' || parent.type === 'blockquote') return true;
  return parent.type === 'listItem' && parent.children?.length === 1;
}

/** A cheap test: a post without either string has no link block. */
export function mayHaveLinkBlocks(markdown: string): boolean {
  return markdown.includes('http') || markdown.includes('@[');
}


/** Every link block of a post (its Markdown file, frontmatter and all), in order. */
export function findLinkBlocks(markdown: string): LinkBlock[] {
  if (!mayHaveLinkBlocks(markdown)) return [];
  // The body as the Markdown pipeline parses it (src/markdown/processor.ts): containers (:::message)
  // become HTML blocks first, so a URL alone inside one is a paragraph of its own.
  const body = prepareContainers(stripFrontmatter(markdown), 'en');
  const tree = markdownToMdast(body, { features: { gfm: true, math: true }, position: true });
  const blocks: LinkBlock[] = [];
  const visit = (node: MdastNode, parent: MdastNode | undefined) => {
    if (node.type === 'paragraph') {
      if (!isLinkBlockPlace(parent as { type: string; children?: unknown[] } | undefined) || !node.position) return;
      const block = linkBlockOf(body.slice(node.position.start.offset, node.position.end.offset).trim());
      if (block) blocks.push(block);
      return;
    }
    if ('children' in node) for (const child of node.children as MdastNode[]) visit(child, node);
  };
  visit(tree, undefined);
  return blocks;
}

/**
 * What the card fetcher fetches for a post (its Markdown file): the URLs that render as link cards,
 * the GitHub permalinks that render as code, and the remote images whose size it records
 * (src/markdown/find-remote-images.ts), in order of appearance, each once; code in fences is skipped.
 */
export function findCardUrls(markdown: string): { cards: string[]; code: string[]; images: string[] } {
  const cards = new Set<string>();
  const code = new Set<string>();
  for (const block of findLinkBlocks(markdown)) {
    if (block.kind === 'card') cards.add(block.url);
    else if (block.kind === 'code') code.add(block.url);
  }
  return { cards: [...cards], code: [...code], images: findRemoteImages(markdown) };
}
