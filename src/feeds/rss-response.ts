/**
 * The site's RSS feeds (`/rss.xml` and one per tag), from the posts `getPostIndex` gives.
 * Post bodies are rendered with Astro's container (src/feeds/post-html.ts) so that images get their
 * built URLs and `.mdx` posts' components are rendered.
 */
import rss from '@astrojs/rss';
import { site } from '../site.config.ts';
import { escapeHtml } from '../blog/escape.ts';
import { feedContent, feedItems } from './feed-items.ts';
import type { BlogPost } from '../posts/posts.ts';
import { absoluteUrl, postHref } from '../blog/urls.ts';
import { renderPostHtml } from './post-html.ts';
const contents = new Map<string, Promise<string>>();

/**
 * A post's body for feeds, made once per build however many feeds carry it: rendered (images get their
 * built URLs), made for feed readers (src/feeds/feed-html.ts), in the post's language when it is not the
 * site's.
 */
function postContent(post: BlogPost, link: string): Promise<string> {
  let content = contents.get(post.id);
  if (!content || import.meta.env.SHOW_DRAFTS) {
    content = (async () => {
      // Every body, `.mdx` ones with their components, as its page shows it (src/feeds/post-html.ts).
      const body = await renderPostHtml(post.entry);
      const html = feedContent(body, link, import.meta.env.BASE_URL);
      // Feed readers show the body in the reader's language settings unless told otherwise.
      return post.lang === site.lang ? html : `<div lang="${post.lang}">${html}</div>`;
    })();
    contents.set(post.id, content);
  }
  return content;
}

export interface FeedOptions {
  /** The channel's title and description. */
  title: string;
  description: string;
  /** The page the channel is about (site-relative, with base). */
  href: string;
  /** The feed's own URL (site-relative, with base). */
  feedHref: string;
  posts: readonly BlogPost[];
  siteOrigin: URL;
}

export async function feedResponse(options: FeedOptions): Promise<Response> {
  const { title, description, href, feedHref, posts, siteOrigin } = options;
  const newest = posts.slice(0, site.feedSize);
  const link = (post: BlogPost) => absoluteUrl(postHref(post.id), siteOrigin);
  const items = await feedItems(newest, link, (post) => postContent(post, link(post)));
  return rss({
    title,
    description,
    site: absoluteUrl(href, siteOrigin),
    xmlns: { atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/' },
    items: items.map((item) => ({ ...item, customData: `<dc:creator>${escapeHtml(site.author)}</dc:creator>` })),
    customData: channelData(absoluteUrl(feedHref, siteOrigin), newest),
    trailingSlash: true,
  });
}

function channelData(selfUrl: string, posts: readonly BlogPost[]): string {
  // The last change is the newest date among the posts, not the build time, so rebuilding the same
  // posts gives the same feed.
  const times = posts.map((p) => Math.max(p.date.instant.getTime(), p.updated?.instant.getTime() ?? 0));
  const lastBuild = times.length > 0 ? `<lastBuildDate>${new Date(Math.max(...times)).toUTCString()}</lastBuildDate>` : '';
  return (
    `<language>${escapeHtml(site.lang)}</language>${lastBuild}` +
    `<atom:link href="${escapeHtml(selfUrl)}" rel="self" type="application/rss+xml"/>`
  );
}
