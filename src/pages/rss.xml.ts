import type { APIRoute } from 'astro';
import { feedResponse } from '../feeds/rss-response.ts';
import { getPosts } from '../posts/posts.ts';
import { feedHref, listHref } from '../blog/urls.ts';
import { site } from '../site.config.ts';

export const GET: APIRoute = async ({ site: origin }) =>
  feedResponse({
    title: site.title,
    description: site.description,
    href: listHref(),
    feedHref: feedHref(),
    posts: await getPosts(),
    siteOrigin: origin!,
  });
