/**
 * The one way pages, feeds and the sitemap get posts. In a build it returns published posts only, so a
 * draft cannot reach any built file; in `astro dev` drafts are included and marked.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { site } from '../site.config.ts';
import { buildPostIndex, type Post, type PostIndex } from './post-index.ts';
import { collectRedirects, type Redirect } from './redirects.ts';

export type BlogPost = Post<CollectionEntry<'posts'>>;
export type BlogIndex = PostIndex<CollectionEntry<'posts'>>;

let built: Promise<BlogIndex> | undefined;

/** Every post the site shows, newest first, with its tags; and every tag. */
export function getPostIndex(): Promise<BlogIndex> {
  const make = async () =>
    buildPostIndex(await getCollection('posts'), {
      includeDrafts: import.meta.env.SHOW_DRAFTS === true,
      timeZone: site.timeZone,
      lang: site.lang,
    });
  // A build reads the posts once for all its pages; the dev server reads them afresh on each request
  // so that an edited post shows on the next reload (src/middleware.ts shows posts it could not read).
  if (import.meta.env.SHOW_DRAFTS) return make();
  return (built ??= make());
}

/** Every post the site shows, newest first. */
export async function getPosts(): Promise<BlogPost[]> {
  return (await getPostIndex()).posts;
}

/** Every old URL of the posts the site shows, checked (see src/lib/redirects.ts). */
export async function getRedirects(): Promise<Redirect[]> {
  const posts = await getPosts();
  return collectRedirects(posts.map((p) => ({ id: p.id, aliases: p.aliases, file: p.entry.filePath ?? p.id })));
}
