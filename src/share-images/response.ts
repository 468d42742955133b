/**
 * The share images of the site's pages, for the og.png routes: what each shows, where they are
 * cached, and the PNG responses `astro dev` serves (a build draws posts' images in a worker instead:
 * src/share-images/share-images-integration.ts).
 */
import { join } from 'node:path';
import { formatDay } from '../blog/dates.ts';
import type { BlogPost } from '../posts/posts.ts';
import { outputFile, postImagePath, siteImagePath } from '../blog/urls.ts';
import { projectFolder } from '../project/project-folder.ts';
import { site } from '../site.config.ts';
import { cachedShareImage } from './cache.ts';
import type { ShareImageContent } from './draw.ts';
import { siteShareImageTheme } from './site-theme.ts';

/** The name under which a build hands share images to draw to src/share-images/share-images-integration.ts. */
export const SHARE_IMAGES = 'share-images';

/** A share image to draw into the built site: its path under the output folder, e.g. `posts/a/og.png`. */
export interface ShareImageJob {
  path: string;
  content: ShareImageContent;
}

/** The cache's folder, with the other build caches. */
export const shareImageCacheDir = () => join(projectFolder(), 'node_modules', '.cache', 'share-images');

const png = (body: Buffer) =>
  new Response(new Uint8Array(body), { headers: { 'Content-Type': 'image/png' } });

/** What a post's share image shows. */
export function postShareImageContent(post: BlogPost): ShareImageContent {
  return { title: post.title, date: formatDay(post.date.day, site.lang), tags: post.tags.map((t) => t.name), siteTitle: site.title };
}

/** The PNG response of `post`'s share image. */
export async function postShareImage(post: BlogPost): Promise<Response> {
  return png(await shareImage(postShareImageContent(post), outputFile(postImagePath(post.id))));
}

/** The PNG response of the site's own share image: its name and description. */
export async function siteShareImage(): Promise<Response> {
  const content = { title: site.title, date: '', tags: [], siteTitle: site.title, subtitle: site.description };
  return png(await shareImage(content, outputFile(siteImagePath())));
}

/** The PNG showing `content` (at `path` in the site), from the cache when it is there unchanged. */
async function shareImage(content: ShareImageContent, path: string): Promise<Buffer> {
  const damaged = (changes: string) => console.warn(`[share-images] the cached share image for ${path} had changed since it was drawn (${changes}): drawn again`);
  return (await cachedShareImage(content, siteShareImageTheme(), shareImageCacheDir(), damaged)).png;
}
