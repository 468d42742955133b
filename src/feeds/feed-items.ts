/**
 * RSS items for a list of posts: each with its absolute permalink, summary, tags and full HTML, made
 * for feed readers by feedHtml (src/feeds/feed-html.ts).
 */
import type { Post } from '../blog/post-index.ts';
import { feedHtml } from './feed-html.ts';

export interface FeedItem {
  title: string;
  link: string;
  pubDate: Date;
  description: string;
  categories: string[];
  content: string;
}

/**
 * `html` as feedHtml makes it (src/feeds/feed-html.ts) for a site at the root path, resolved as a promise:
 * the form that callers written for the earlier, asynchronous rewriting (tests/unit/containers.test.ts)
 * await.
 */
export async function absolutizeHtml(html: string, pageUrl: string): Promise<string> {
  return feedHtml(html, pageUrl);
}

// Characters XML 1.0 cannot carry (control characters but tab, LF and CR; U+FFFE/U+FFFF; lone
// surrogates). Old posts do contain them (a vertical tab pasted from a word processor), and one of them
// makes a feed reader reject the whole feed. Pages keep them; browsers cope.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** `text` without the characters XML cannot carry. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/**
 * A post's body for a feed: as feedHtml makes it (links and images absolute, code as plain text, the
 * parts only for the page left out), with only characters XML can carry. `link` is the post's absolute
 * URL, `base` the site's base path.
 */
export function feedContent(html: string, link: string, base: string): string {
  return xmlSafe(feedHtml(html, link, base));
}

/**
 * Feed items for `posts` (newest first). `link` gives a post's absolute URL, `content` its body as
 * `feedContent` makes it (a post in several feeds is made once).
 */
export async function feedItems<P extends Post>(
  posts: readonly P[],
  link: (post: P) => string,
  content: (post: P) => Promise<string>,
): Promise<FeedItem[]> {
  return Promise.all(
    posts.map(async (post) => ({
      title: xmlSafe(post.title),
      link: link(post),
      pubDate: post.date.instant,
      description: xmlSafe(post.summary),
      categories: post.tags.map((t) => xmlSafe(t.name)),
      content: await content(post),
    })),
  );
}
