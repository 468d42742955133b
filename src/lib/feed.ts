/**
 * RSS items for a list of posts: each with its absolute permalink, summary, tags and full HTML, whose
 * links and images are made absolute so that feed readers can follow and show them.
 */
import { transform, walk, ELEMENT_NODE } from 'ultrahtml';
import type { Post } from './post-index.ts';

export interface FeedItem {
  title: string;
  link: string;
  pubDate: Date;
  description: string;
  categories: string[];
  content: string;
}

const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  video: ['src', 'poster'],
  audio: ['src'],
  iframe: ['src'],
  track: ['src'],
  link: ['href'],
  script: ['src'],
  object: ['data'],
  embed: ['src'],
};

function absolutize(value: string, base: URL): string {
  const trimmed = value.trim();
  // Fragments stay on the page they belong to in the feed reader's view: make them point at the post.
  try {
    return new URL(trimmed, base).href;
  } catch {
    return value;
  }
}

function absolutizeSrcset(value: string, base: URL): string {
  return value
    .split(',')
    .map((candidate) => {
      const [url = '', ...descriptor] = candidate.trim().split(/\s+/u);
      return [absolutize(url, base), ...descriptor].join(' ');
    })
    .join(', ');
}

/**
 * Parts of a page that a feed reader should not show: what is hidden from screen readers because it
 * repeats other content visually (KaTeX's HTML beside its MathML, decorative icons), and what works
 * only with the site's script (`data-feed="omit"`: an embed's load button).
 */
function onlyForThePage(attributes: Record<string, string>): boolean {
  return attributes['aria-hidden'] === 'true' || attributes['data-feed'] === 'omit';
}

/**
 * `html` with every link and media URL resolved against `pageUrl` (the post's absolute URL), and
 * without the parts only for the page.
 */
export async function absolutizeHtml(html: string, pageUrl: string): Promise<string> {
  const base = new URL(pageUrl);
  return transform(html, [
    async (doc) => {
      const dropped: Array<{ parent: { children: unknown[] }; node: unknown }> = [];
      await walk(doc, (node, parent) => {
        if (node.type !== ELEMENT_NODE) return;
        if (parent && onlyForThePage(node.attributes)) {
          dropped.push({ parent: parent as unknown as { children: unknown[] }, node });
          return;
        }
        for (const attr of URL_ATTRIBUTES[node.name] ?? []) {
          const value = node.attributes[attr];
          if (value === undefined) continue;
          node.attributes[attr] = attr === 'srcset' ? absolutizeSrcset(value, base) : absolutize(value, base);
        }
      });
      for (const { parent, node } of dropped) {
        const at = parent.children.indexOf(node);
        if (at >= 0) parent.children.splice(at, 1);
      }
      return doc;
    },
  ]);
}

// Characters XML 1.0 cannot carry (control characters but tab, LF and CR; U+FFFE/U+FFFF; lone
// surrogates). Old posts do contain them (a vertical tab pasted from a word processor), and one of them
// makes a feed reader reject the whole feed. Pages keep them; browsers cope.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** `text` without the characters XML cannot carry. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** A post's body for a feed: links and images absolute, only characters XML can carry. */
export async function feedContent(html: string, link: string): Promise<string> {
  return xmlSafe(await absolutizeHtml(html, link));
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
