/**
 * The one way pages, feeds and the sitemap get posts. In a build it returns published posts only, so a
 * draft cannot reach any built file; in `astro dev` drafts are included and marked.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { site } from '../site.config.ts';
import { buildPostIndex, savedFileTextKey, type DerivedText, type IndexOptions, type Post, type PostIndex, type TextCache } from '../blog/post-index.ts';
import { projectDerivedTextCache } from '../build-speed/derived-text-cache.ts';
import { projectFolder } from '../project/project-folder.ts';
import { collectRedirects, type Redirect } from '../blog/redirects.ts';
import { freshPosts, withFreshPosts } from './fresh-posts.ts';

export type BlogPost = Post<CollectionEntry<'posts'>>;
export type BlogIndex = PostIndex<CollectionEntry<'posts'>>;

let built: Promise<BlogIndex> | undefined;
const dev = { fingerprint: '', index: undefined as BlogIndex | undefined };
// Summaries and reading times by post file. Adding a file makes the dev server evaluate this module
// again; the cache lives on globalThis so that it survives (see savedFileTextKey).
const TEXT_CACHE = Symbol.for('blog.derivedText');
const textCache = (): TextCache => {
  const kept = ((globalThis as { [TEXT_CACHE]?: Map<string, DerivedText> })[TEXT_CACHE] ??= new Map());
  return { key: savedFileTextKey, get: (key) => kept.get(key), set: (key, value) => kept.set(key, value) };
};

function make(entries: CollectionEntry<'posts'>[], textCache?: IndexOptions['textCache']): BlogIndex {
  return buildPostIndex(entries, {
    includeDrafts: import.meta.env.SHOW_DRAFTS === true,
    timeZone: site.timeZone,
    lang: site.lang,
    ...(textCache ? { textCache } : {}),
  });
}

/** Every post the site shows, newest first, with its tags; and every tag. */
export async function getPostIndex(): Promise<BlogIndex> {
  // A build reads the posts once for all its pages; summaries of posts whose text did not change come
  // from the last build's.
  if (!import.meta.env.SHOW_DRAFTS) {
    return (built ??= getCollection('posts').then((entries) => {
      const kept = projectDerivedTextCache(projectFolder());
      const index = make(entries, kept);
      kept.save();
      return index;
    }));
  }
  // The dev server looks at the posts on each request, so that a saved post shows on the next reload
  // (src/middleware.ts shows posts it could not read), and rebuilds the index only when one changed.
  const entries = withFreshPosts(await getCollection('posts'), freshPosts<CollectionEntry<'posts'>>());
  const fingerprint = entries.map((e) => `${e.id}\u0000${(e as { digest?: unknown }).digest}`).join('\u0001');
  if (fingerprint !== dev.fingerprint || !dev.index) {
    dev.index = make(entries, textCache());
    dev.fingerprint = fingerprint;
  }
  return dev.index;
}

/** Every post the site shows, newest first. */
export async function getPosts(): Promise<BlogPost[]> {
  return (await getPostIndex()).posts;
}

/** Every old URL of the posts the site shows, checked (see src/blog/redirects.ts). */
export async function getRedirects(): Promise<Redirect[]> {
  const posts = await getPosts();
  return collectRedirects(posts.map((p) => ({ id: p.id, aliases: p.aliases, file: p.entry.filePath ?? p.id })));
}
