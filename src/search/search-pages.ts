/**
 * What the search index (Pagefind) reads for each post: the post's title and body as a small HTML
 * page, made from the post index instead of read back from the built site. A build hands these to
 * src/search/search-integration.ts before the pages render, so Pagefind indexes in its own process while
 * they do. Only posts are searchable; drafts never reach a build's post list, so never the index.
 */
import { createHash } from 'node:crypto';
import { escapeHtml, escapeText } from '../blog/escape.ts';
import { postPath } from '../blog/urls.ts';

/** The name under which a build hands search pages to src/search/search-integration.ts. */
export const SEARCH_PAGES = 'search-pages';

export interface SearchPage {
  /** The post's URL from the site's root, without the base path (Pagefind's `baseUrl` adds it). */
  url: string;
  /** HTML for Pagefind: what it indexes is marked `data-pagefind-body`. */
  content: string;
}

export interface SearchablePost {
  id: string;
  title: string;
  lang: string;
  /** The date as shown in results. */
  date: string;
  /** The rendered body. */
  html: string;
}

export function searchPage(post: SearchablePost): SearchPage {
  return {
    url: postPath(post.id),
    content:
      `<!doctype html><html lang="${escapeHtml(post.lang)}"><body>` +
      `<article data-pagefind-body data-pagefind-meta="date:${escapeHtml(post.date)}">` +
      // An empty image: else Pagefind takes the first image's URL (/_astro/...) as searchable metadata.
      `<span hidden data-pagefind-meta="image:"></span>` +
      // The title as given, not read from the heading, whose text the index marks for its word
      // boundaries (src/search/search-words.ts). Its own element: a second value in one attribute
      // would end up inside the first.
      `<span hidden data-pagefind-meta="title:${escapeHtml(post.title)}"></span>` +
      `<h1>${escapeText(post.title)}</h1>${post.html}</article></body></html>`,
  };
}

/**
 * Names the search index made from `pages` (in this order), in `lang`, by Pagefind `version`: two
 * builds with the same key write the same index, so the second can copy the first's.
 */
export function searchIndexKey(pages: readonly SearchPage[], lang: string, version: string): string {
  const hash = createHash('sha256').update(`${version}\u0000${lang}`);
  // Lengths delimit the parts, so that no two different lists of pages hash the same text.
  for (const { url, content } of pages) hash.update(`\u0000${url.length}:${url}${content.length}:`).update(content);
  return hash.digest('hex').slice(0, 32);
}

/** The most posts one part of the search index holds (see searchIndexParts). */
export const SEARCH_PART_SIZE = 300;

/**
 * Splits `pages` into the parts that are indexed one at a time and merged into one index
 * (src/search/search-integration.ts, src/search/pagefind-merge.ts): Pagefind needs memory for every word of
 * the pages it writes at once (see docs/performance.md), and can only index a whole part again. A
 * page's part follows from a hash of its URL, and the number of parts is the smallest power of two
 * that keeps them at about `size` pages, so that editing, adding or removing a post changes only its
 * own part until the number of posts doubles. Pages keep their order within a part; parts without
 * pages are left out.
 */
export function searchIndexParts(pages: readonly SearchPage[], size = SEARCH_PART_SIZE): SearchPage[][] {
  let count = 1;
  while (pages.length > count * size) count *= 2;
  const parts: SearchPage[][] = Array.from({ length: count }, () => []);
  for (const page of pages) {
    const hash = createHash('sha256').update(page.url).digest().readUInt32BE(0);
    parts[hash % count]!.push(page);
  }
  return parts.filter((part) => part.length > 0);
}
