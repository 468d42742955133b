/**
 * Every URL the site links to is made here, percent-encoded and under the site's base path, so that a
 * post named in Japanese or a site hosted under `/blog/` works the same in pages, feeds and the sitemap.
 */

/** `path` (starting with `/`) under `base` (Astro's `BASE_URL`, e.g. `/` or `/blog/`). */
export function joinBase(base: string, path: string): string {
  return `${base.replace(/\/+$/u, '')}${path}`;
}

/** Prefixes the site's base path. */
export function withBase(path: string): string {
  return joinBase(import.meta.env.BASE_URL, path);
}

/** Percent-encodes each segment of a slash-separated path, keeping the slashes. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** A post page, from the post's id (its file path without `.md`). */
export function postHref(id: string): string {
  return withBase(`/posts/${encodePath(id)}/`);
}

/** A post's share image (1200x630 PNG), beside its page. */
export function postImageHref(id: string): string {
  return `${postHref(id)}og.png`;
}

/** A page of the newest-first list: page 1 is the home page. */
export function listHref(page = 1): string {
  return withBase(page <= 1 ? '/' : `/page/${page}/`);
}

/** A page of a tag's posts. */
export function tagHref(slug: string, page = 1): string {
  const tag = `/tags/${encodeURIComponent(slug)}/`;
  return withBase(page <= 1 ? tag : `${tag}page/${page}/`);
}

/** A tag's RSS feed. */
export function tagFeedHref(slug: string): string {
  return withBase(`/tags/${encodeURIComponent(slug)}/rss.xml`);
}

/** An absolute URL for a site-relative `href` (which already carries the base path). */
export function absoluteUrl(href: string, siteOrigin: string | URL): string {
  return new URL(href, siteOrigin).href;
}

/** The archive: its index of years. */
export function archiveHref(): string {
  return withBase('/archive/');
}

/** A year as its archive page's path segment: four digits, as dates write it (`0999`, `2024`). */
export function yearSegment(year: number): string {
  return String(year).padStart(4, '0');
}

/** The archive page of a calendar year's posts. */
export function archiveYearHref(year: number): string {
  return withBase(`/archive/${yearSegment(year)}/`);
}
