/** The share images of the site's pages: what each shows, and where it is cached. */
import { join } from 'node:path';
import { site } from '../site.config.ts';
import { formatDay } from './dates.ts';
import type { BlogPost } from './posts.ts';
import { shareImage } from './share-image.ts';

// Builds run in the project's folder; the cache lives with the other build caches.
const cacheDir = () => join(process.cwd(), 'node_modules', '.cache', 'share-images');

const png = (body: Buffer) =>
  new Response(new Uint8Array(body), { headers: { 'Content-Type': 'image/png' } });

export async function postShareImage(post: BlogPost): Promise<Response> {
  const content = { title: post.title, date: formatDay(post.date.day, site.lang), tags: post.tags.map((t) => t.name), siteTitle: site.title };
  return png(await shareImage(content, cacheDir()));
}

export async function siteShareImage(): Promise<Response> {
  const content = { title: site.title, date: '', tags: [], siteTitle: site.title, subtitle: site.description };
  return png(await shareImage(content, cacheDir()));
}

