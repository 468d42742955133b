/**
 * A post's body as HTML, made by rendering its `Content` component with Astro's container API: the one
 * place that renders posts outside their pages.
 *
 * Feeds render every post's body this way (src/feeds/rss-response.ts), so that images get their built
 * URLs and `.mdx` posts their components. Only feeds import this: a page that reaches `render()`
 * depends on every post's content, and list pages would be rendered again whenever any post changes.
 */
import { render, type CollectionEntry } from 'astro:content';
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import mdxRenderer from '@astrojs/mdx/server.js';

type Entry = CollectionEntry<'posts'>;

let container: Promise<AstroContainer> | undefined;

/** The container posts render in: with the MDX renderer, which `.mdx` bodies (JSX) need. */
function postContainer(): Promise<AstroContainer> {
  return (container ??= AstroContainer.create().then((made) => {
    made.addServerRenderer({ renderer: mdxRenderer });
    return made;
  }));
}

/** The body of `entry` as HTML (images with their built URLs, components rendered). */
export async function renderPostHtml(entry: Entry): Promise<string> {
  const { Content } = await render(entry);
  return (await postContainer()).renderToString(Content);
}
