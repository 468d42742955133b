/**
 * Old URLs that must keep working: every post's `aliases` become a page at the old path that sends the
 * reader on to the post (meta refresh, with a canonical link for search engines), and a `_redirects`
 * line (Netlify, Cloudflare Pages). An alias that another post or a page of the site already uses
 * stops the build: a redirect must never hide a page.
 */
import { encodePath } from './urls.ts';

export interface Redirect {
  /** The old path from the site's root, as written (`/2014/08/19/名前.html`). */
  from: string;
  /** The post's id. */
  to: string;
  /** The post file, for messages. */
  file: string;
}

/**
 * Paths of the site's own pages and files, which aliases must leave alone: in any case, since a file
 * system that ignores case would write `/Archive/` over `/archive/`.
 */
const RESERVED = /^\/(?:$|posts\/|tags\/|page\/|archive(?:\/|$)|search\/|pagefind\/|_astro\/|og\.png$|rss\.xml$|sitemap|robots\.txt$|404\.html$|_redirects$|_headers$|favicon)/iu;

/** The file a redirect page is written to, relative to dist/ (`a/b.html`, or `a/b/index.html`). */
export function redirectFile(from: string): string {
  const path = from.replace(/^\/+/u, '');
  if (path === '' || path.endsWith('/')) return `${path}index.html`;
  return /\.html?$/u.test(path) ? path : `${path}/index.html`;
}

/** Every redirect, checked: throws naming the files when two posts claim one path or one is reserved. */
export function collectRedirects(posts: ReadonlyArray<{ id: string; aliases: readonly string[]; file: string }>): Redirect[] {
  const byFile = new Map<string, Redirect>();
  const problems: string[] = [];
  for (const post of posts) {
    for (const from of post.aliases) {
      const redirect = { from, to: post.id, file: post.file };
      if (RESERVED.test(from)) {
        problems.push(`${post.file}: alias ${from} is a path of the site's own pages`);
        continue;
      }
      const key = redirectFile(from).normalize('NFC').toLowerCase();
      const other = byFile.get(key);
      if (other && other.to !== post.id) problems.push(`${post.file} and ${other.file} both have the alias ${from}`);
      else byFile.set(key, redirect);
    }
  }
  if (problems.length > 0) throw new Error(`Aliases that cannot be published:\n- ${problems.join('\n- ')}`);
  return [...byFile.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The `_redirects` file: `old new 301` per line, paths percent-encoded, under the site's base. */
export function redirectsFile(redirects: readonly Redirect[], withBase: (path: string) => string, postHref: (id: string) => string): string {
  return redirects.map((r) => `${withBase(encodePath(r.from))} ${postHref(r.to)} 301`).join('\n') + (redirects.length ? '\n' : '');
}
