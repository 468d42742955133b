import type { APIRoute, GetStaticPaths } from 'astro';
import { feedResponse } from '../../../lib/feed-response.ts';
import { getPostIndex } from '../../../lib/posts.ts';
import type { Tag } from '../../../lib/tags.ts';
import { tagFeedHref, tagHref } from '../../../lib/urls.ts';
import { ui } from '../../../lib/ui.ts';
import { site } from '../../../site.config.ts';

export const getStaticPaths = (async () => {
  const { tags } = await getPostIndex();
  return tags.map((tag) => ({ params: { tag: tag.slug }, props: { tag } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ tag: Tag }> = async ({ props: { tag }, site: origin }) =>
  feedResponse({
    title: `${site.title}: ${tag.name}`,
    description: `${ui(site.lang).postsTagged(tag.name)} | ${site.description}`,
    href: tagHref(tag.slug),
    feedHref: tagFeedHref(tag.slug),
    posts: (await getPostIndex()).postsByTag.get(tag.slug)!,
    siteOrigin: origin!,
  });
