import type { APIRoute, GetStaticPaths } from 'astro';
import { getPosts, type BlogPost } from '../../../lib/posts.ts';
import { postShareImage } from '../../../lib/share-image-response.ts';

export const getStaticPaths = (async () =>
  (await getPosts()).map((post) => ({ params: { slug: post.id }, props: { post } }))) satisfies GetStaticPaths;

export const GET: APIRoute<{ post: BlogPost }> = ({ props }) => postShareImage(props.post);
