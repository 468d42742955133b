import type { APIRoute, GetStaticPaths } from 'astro';
import { feedResponse } from '../../../feeds/rss-response.ts';
import { withCacheKeys } from '../../../build-speed/page-keys.ts';
import { getPostIndex, type BlogPost } from '../../../posts/posts.ts';
import type { Tag } from '../../../blog/tags.ts';
import { tagFeedHref, tagHref } from '../../../blog/urls.ts';
import { ui } from '../../../blog/ui.ts';
import { site } from '../../../site.config.ts';

// A feed is made from its tag and its newest posts alone, so a rebuild copies it from the last build
// unless one of those changed (src/build-speed/page-keys.ts).
export const getStaticPaths = (async () => {
  const { tags, postsByTag } = await getPostIndex();
  return withCacheKeys(
    tags.map((tag) => ({ params: { tag: tag.slug }, props: { tag, posts: postsByTag.get(tag.slug)!.slice(0, site.feedSize) } })),
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ tag: Tag; posts: BlogPost[] }> = async ({ props: { tag, posts }, site: origin }) =>
  feedResponse({
    title: `${site.title}: ${tag.name}`,
    description: `${ui(site.lang).postsTagged(tag.name)} | ${site.description}`,
    href: tagHref(tag.slug),
    feedHref: tagFeedHref(tag.slug),
    posts,
    siteOrigin: origin!,
  });
