/** The share images of the site's pages: what each shows, and where it is cached. */
import { join } from 'node:path';
import { site } from '../site.config.ts';
import { formatDay } from './dates.ts';
import { projectFolder } from './project-folder.ts';
import type { BlogPost } from './posts.ts';
import type { ShareImageContent } from './share-image.ts';
import { cachedShareImage } from './share-image-cache.ts';

/** The name under which a build hands share images to draw to src/integrations/share-images.ts. */
export const SHARE_IMAGES = 'share-images';

/** A share image to draw into the built site: its path under the output folder, e.g. `posts/a/og.png`. */
export interface ShareImageJob {
  path: string;
  content: ShareImageContent;
}

// The cache lives with the other build caches.
export const shareImageCacheDir = () => join(projectFolder(), 'node_modules', '.cache', 'share-images');

const png = (body: Buffer) =>
  new Response(new Uint8Array(body), { headers: { 'Content-Type': 'image/png' } });

/** What a post's share image shows. */
export function postShareImageContent(post: BlogPost): ShareImageContent {
  return { title: post.title, date: formatDay(post.date.day, site.lang), tags: post.tags.map((t) => t.name), siteTitle: site.title };
}

export async function postShareImage(post: BlogPost): Promise<Response> {
  return png(await shareImage(postShareImageContent(post), `posts/${post.id}/og.png`));
}

export async function siteShareImage(): Promise<Response> {
  const content = { title: site.title, date: '', tags: [], siteTitle: site.title, subtitle: site.description };
  return png(await shareImage(content, 'og.png'));
}

/** The PNG showing `content` (at `path` in the site), from the cache when it is there unchanged. */
async function shareImage(content: ShareImageContent, path: string): Promise<Buffer> {
  const damaged = (changes: string) => console.warn(`[share-images] the cached share image for ${path} had changed since it was drawn (${changes}): drawn again`);
  return (await cachedShareImage(content, shareImageCacheDir(), damaged)).png;
}
