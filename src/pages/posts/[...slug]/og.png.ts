import type { APIRoute, GetStaticPaths } from 'astro';
import { getPosts, type BlogPost } from '../../../lib/posts.ts';
import { queueShareImage } from '../../../lib/share-image-queue.ts';
import { postShareImage, postShareImageContent } from '../../../lib/share-image-response.ts';

export const getStaticPaths = (async () => {
  const posts = await getPosts();
  if (import.meta.env.QUEUE_SHARE_IMAGES) {
    // A build draws these in a worker thread while the pages render (src/lib/share-image-queue.ts).
    for (const post of posts) queueShareImage({ path: `posts/${post.id}/og.png`, content: postShareImageContent(post) });
    return [];
  }
  return posts.map((post) => ({ params: { slug: post.id }, props: { post } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ post: BlogPost }> = ({ props }) => postShareImage(props.post);
