/**
 * A site hosted under a sub-path (`https://user.github.io/blog/`): links and images that a post writes
 * from the site's root (`/posts/other/`, `/images/a.png`) are moved under that path, so that posts need
 * not know where the site is hosted.
 */
import type { HastPluginEntry } from 'satteri';

const ATTRIBUTES: Record<string, string> = { a: 'href', img: 'src', source: 'src', video: 'src', audio: 'src', iframe: 'src' };

/** `url` under `base` when it is written from the site's root; anything else unchanged. */
export function underBase(url: string, base: string): string {
  const prefix = base.replace(/\/+$/u, '');
  if (!prefix || !url.startsWith('/') || url.startsWith('//')) return url;
  if (url === prefix || url.startsWith(`${prefix}/`)) return url;
  return `${prefix}${url}`;
}

export function baseLinks(base: string): HastPluginEntry {
  return {
    name: 'base-links',
    element: {
      filter: Object.keys(ATTRIBUTES),
      visit(node, ctx) {
        const attribute = ATTRIBUTES[node.tagName]!;
        const value = node.properties?.[attribute];
        if (typeof value !== 'string') return;
        const moved = underBase(value, base);
        if (moved !== value) ctx.setProperty(node, attribute, moved);
      },
    },
  };
}
