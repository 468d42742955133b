/**
 * Old URLs that must keep working: every post's `aliases` become a page at the old path that sends the
 * reader on to the post (meta refresh, with a canonical link for search engines), and a `_redirects`
 * line (Netlify, Cloudflare Pages). An alias that another post or a page of the site already uses
 * stops the build: a redirect must never hide a page.
 */
import { aliasHref, postHref, siteRootOf } from './urls.ts';

export interface Redirect {
  /** The old path from the site's root, as written (`/2014/08/19/名前.html`). */
  from: string;
  /** The post's id. */
  to: string;
  /** The post file, for messages. */
  file: string;
}

/**
 * The file a redirect page is written to, relative to dist/ (`a/b.html`, or `a/b/index.html`): `.`
 * segments and repeated slashes are read as a browser reads the URL.
 */
export function redirectFile(from: string): string {
  const segments = from.split('/').filter((segment) => segment !== '' && segment !== '.');
  const path = segments.join('/');
  const folder = path === '' || /\/\.?$/u.test(from);
  if (folder) return path === '' ? 'index.html' : `${path}/index.html`;
  return /\.html?$/iu.test(path) ? path : `${path}/index.html`;
}

/**
 * Why `file` (from redirectFile) is the site's own, or undefined when it is free for a redirect: an
 * alias may not become a file under any first path segment the site's own URLs take (src/blog/urls.ts).
 */
function reservedBy(file: string): string | undefined {
  const root = siteRootOf(file.split('/')[0]!);
  if (root === undefined) return undefined;
  return root === 'index.html' ? 'the home page' : `the site's own /${root}${root.includes('.') ? '' : '/'}`;
}

const keyOf = (file: string) => file.normalize('NFC').toLowerCase();

/**
 * Every redirect, checked: throws naming the post files and what to do when an alias would become a
 * file of the site's own pages, two posts claim one file (in any case or Unicode normalization), or
 * one alias's file would have to be another's folder.
 */
export function collectRedirects(posts: ReadonlyArray<{ id: string; aliases: readonly string[]; file: string }>): Redirect[] {
  const byFile = new Map<string, Redirect>();
  const problems: string[] = [];
  for (const post of posts) {
    for (const from of post.aliases) {
      const redirect = { from, to: post.id, file: post.file };
      const file = redirectFile(from);
      const reserved = reservedBy(file);
      if (reserved) {
        problems.push(`${post.file}: alias ${from} would replace ${reserved} (it becomes ${file}); remove it from aliases`);
        continue;
      }
      const other = byFile.get(keyOf(file));
      if (other && other.to !== post.id) problems.push(`${post.file} and ${other.file} both have the alias ${from} (${file}); keep it in one of them`);
      else if (!other) byFile.set(keyOf(file), redirect);
    }
  }
  // `/a.html` is a file and `/a.html/b` needs a folder of that name: one of them cannot be written.
  for (const [key, redirect] of byFile) {
    const parts = key.split('/');
    for (let i = 1; i < parts.length; i++) {
      const clash = byFile.get(parts.slice(0, i).join('/'));
      if (clash) problems.push(`${redirect.file}: alias ${redirect.from} needs a folder where ${clash.file}'s alias ${clash.from} is a file; change one of them`);
    }
  }
  if (problems.length > 0) throw new Error(`Aliases that cannot be published:\n- ${problems.join('\n- ')}`);
  return [...byFile.values()].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** The `_redirects` file: `old new 301` per line, paths percent-encoded, under the site's base. */
export function redirectsFile(redirects: readonly Redirect[]): string {
  return redirects.map((r) => `${aliasHref(r.from)} ${postHref(r.to)} 301`).join('\n') + (redirects.length ? '\n' : '');
}
