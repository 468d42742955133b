import type { APIRoute, GetStaticPaths } from 'astro';
import { receiverOf } from '../../../build-speed/build-hand-off.ts';
import { getPosts, type BlogPost } from '../../../posts/posts.ts';
import { postShareImage, postShareImageContent, SHARE_IMAGES, type ShareImageJob } from '../../../share-images/response.ts';
import { siteShareImageTheme } from '../../../share-images/site-theme.ts';
import { outputFile, postImagePath } from '../../../blog/urls.ts';

export const getStaticPaths = (async () => {
  const posts = await getPosts();
  // Bad share-image settings stop the build here, once, with each one named, rather than failing
  // every image in the drawing worker.
  siteShareImageTheme();
  const draw = receiverOf<ShareImageJob[]>(SHARE_IMAGES);
  if (draw) {
    // A build draws these in a worker thread while the pages render (src/share-images/share-images-integration.ts).
    draw(posts.map((post) => ({ path: outputFile(postImagePath(post.id)), content: postShareImageContent(post) })));
    return [];
  }
  return posts.map((post) => ({ params: { slug: post.id }, props: { post } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ post: BlogPost }> = ({ props }) => postShareImage(props.post);
