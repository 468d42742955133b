/**
 * The site's RSS feeds (`/rss.xml` and one per tag), from the posts `getPostIndex` gives.
 * Post bodies are rendered with Astro's container so that images get their built URLs.
 */
import rss from '@astrojs/rss';
import { render } from 'astro:content';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { site } from '../site.config.ts';
import { feedItems } from './feed.ts';
import type { BlogPost } from './posts.ts';
import { absoluteUrl, postHref, withBase } from './urls.ts';

let container: Promise<AstroContainer> | undefined;
const rendered = new Map<string, Promise<string>>();

/** A post's body as HTML, rendered once per build however many feeds carry it. */
function renderBody(post: BlogPost): Promise<string> {
  let html = rendered.get(post.id);
  if (!html || import.meta.env.SHOW_DRAFTS) {
    html = (async () => {
      container ??= AstroContainer.create();
      const { Content } = await render(post.entry);
      return (await container).renderToString(Content);
    })();
    rendered.set(post.id, html);
  }
  return html;
}

export interface FeedOptions {
  /** The channel's title and description. */
  title: string;
  description: string;
  /** The page the channel is about (site-relative, with base). */
  href: string;
  posts: readonly BlogPost[];
  siteOrigin: URL;
}

export async function feedResponse({ title, description, href, posts, siteOrigin }: FeedOptions): Promise<Response> {
  const items = await feedItems(
    posts.slice(0, site.feedSize),
    (post) => absoluteUrl(postHref(post.id), siteOrigin),
    renderBody,
  );
  return rss({
    title,
    description,
    site: absoluteUrl(href, siteOrigin),
    items,
    customData: `<language>${site.lang}</language>`,
    trailingSlash: true,
  });
}

export const mainFeedHref = () => withBase('/rss.xml');
