/**
 * Every URL the site links to is made here, percent-encoded and under the site's base path, so that a
 * post named in Japanese or a site hosted under `/blog/` works the same in pages, feeds and the sitemap.
 * The first path segments these URLs take are listed here too (siteRootOf), so that an old URL of a
 * post (src/blog/redirects.ts) can never take one of them. tests/unit/urls-made-here.test.ts fails when
 * a URL of the site is written anywhere else in src/.
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

/** An absolute URL for a site-relative `href` (which already carries the base path). */
export function absoluteUrl(href: string, siteOrigin: string | URL): string {
  return new URL(href, siteOrigin).href;
}

/**
 * The file of the built site (relative to dist/) that serves `path`, a URL path without the base path
 * (postPath, postImagePath, siteImagePath): its segments percent-decoded, `index.html` in a folder.
 */
export function outputFile(path: string): string {
  const file = path.replace(/^\/+/u, '').split('/').map(decodeURIComponent).join('/');
  return file === '' || file.endsWith('/') ? `${file}index.html` : file;
}

/** The home page: page 1 of the newest-first list, and the root the search index's result URLs are under. */
export function homeHref(): string {
  return withBase('/');
}

/** A post page's path from the site's root, without the base path (the search index adds it itself). */
export function postPath(id: string): string {
  return `/posts/${encodePath(id)}/`;
}

/** A post page, from the post's id (its file path without `.md`). */
export function postHref(id: string): string {
  return withBase(postPath(id));
}

/** A post's share image (1200x630 PNG) beside its page, without the base path. */
export function postImagePath(id: string): string {
  return `${postPath(id)}og.png`;
}

/** A post's share image (1200x630 PNG), beside its page. */
export function postImageHref(id: string): string {
  return withBase(postImagePath(id));
}

/** The site's own share image (its name and description), for pages that are not posts, without the base path. */
export function siteImagePath(): string {
  return '/og.png';
}

/** The site's own share image, for pages that are not posts. */
export function siteImageHref(): string {
  return withBase(siteImagePath());
}

/** A page of the newest-first list: page 1 is the home page. */
export function listHref(page = 1): string {
  return page <= 1 ? homeHref() : withBase(`/page/${page}/`);
}

/** The list of every tag. */
export function tagsHref(): string {
  return withBase('/tags/');
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

/** The site's RSS feed: every post. */
export function feedHref(): string {
  return withBase('/rss.xml');
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

/** The search page. */
export function searchHref(): string {
  return withBase('/search/');
}

/** The search index's script, which the search page loads on the first search (Pagefind writes it). */
export function searchScriptHref(): string {
  return withBase('/pagefind/pagefind.js');
}

/** The sitemap's index, which @astrojs/sitemap writes under this name. */
export function sitemapHref(): string {
  return withBase('/sitemap-index.xml');
}

/** The site's icon, a file of public/. */
export function faviconHref(): string {
  return withBase('/favicon.svg');
}

/** The name of KaTeX's stylesheet in the math folder (src/pages/math/[...file].ts serves it). */
export const MATH_STYLESHEET = 'katex.min.css';

/** KaTeX's stylesheet, for pages that have math; its fonts are beside it (`fonts/*.woff2`). */
export function mathStylesheetHref(): string {
  return withBase(`/math/${MATH_STYLESHEET}`);
}

/** A page's old URL (a post's `aliases` entry, written from the site's root), percent-encoded under the base path. */
export function aliasHref(from: string): string {
  return withBase(encodePath(from));
}

/** The folders of the site's HTML pages, in the order the host's header rules list them. */
const PAGE_FOLDERS = ['posts', 'tags', 'page', 'archive', 'search'];

/**
 * URL patterns (as Netlify's and Cloudflare's `_headers` write them) of the site's HTML pages, which
 * change with every build: the home page, pages at the root, and the folders of pages.
 */
export function pageHrefPatterns(): string[] {
  return ['/', '/*.html', ...PAGE_FOLDERS.map((folder) => `/${folder}/*`)].map(withBase);
}

/** The URL pattern of Astro's built assets, whose names carry a hash of their content. */
export function hashedAssetsHrefPattern(): string {
  return withBase('/_astro/*');
}

/** The URL pattern of the search index's files. */
export function searchIndexHrefPattern(): string {
  return withBase('/pagefind/*');
}

/**
 * The first path segments (below the base path) of what the build writes besides pages: Astro's
 * assets, the search index, KaTeX's files, link-card images (public/link-cards/), and the files at the
 * root (the home page, share image, feed, robots.txt, not-found page, the hosts' files).
 */
const FILE_ROOTS = ['_astro', 'pagefind', 'math', 'link-cards', 'index.html', 'og.png', 'rss.xml', 'robots.txt', '404.html', '_redirects', '_headers'];

/** Beginnings of root files that others name: @astrojs/sitemap's `sitemap-index.xml` and `sitemap-0.xml`, icons in public/. */
const ROOT_PREFIXES = ['sitemap', 'favicon'];

/**
 * The site's own first path segment that `segment` (the first segment of a path below the base path)
 * is, in lower case and NFC, or undefined when it is free. Compared in lower case: a file system that
 * ignores case, as macOS's and Windows's do, would write `/Archive/` over `/archive/`.
 */
export function siteRootOf(segment: string): string | undefined {
  const root = segment.normalize('NFC').toLowerCase();
  const own = PAGE_FOLDERS.includes(root) || FILE_ROOTS.includes(root) || ROOT_PREFIXES.some((prefix) => root.startsWith(prefix));
  return own ? root : undefined;
}
