/**
 * Files that static hosts read from the site's root: `_redirects` (old URLs to posts, with 301) and
 * `_headers` (hashed assets cached for a year, pages revalidated), for Netlify and Cloudflare Pages.
 * Other hosts ignore them; the redirect pages work everywhere.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getRedirects } from '../posts/posts.ts';
import { redirectsFile } from '../blog/redirects.ts';
import { hashedAssetsHrefPattern, pageHrefPatterns, searchIndexHrefPattern } from '../blog/urls.ts';

export const getStaticPaths = (() => [{ params: { hostFile: '_redirects' } }, { params: { hostFile: '_headers' } }]) satisfies GetStaticPaths;

/** Paths of pages (HTML, revalidated on each visit) and of hashed assets (never change). */
function headersFile(): string {
  const lines = [
    hashedAssetsHrefPattern(),
    '  Cache-Control: public, max-age=31536000, immutable',
    ...pageHrefPatterns().flatMap((pattern) => [pattern, '  Cache-Control: public, max-age=0, must-revalidate']),
    searchIndexHrefPattern(),
    '  Cache-Control: public, max-age=600',
  ];
  return `${lines.join('\n')}\n`;
}

export const GET: APIRoute = async ({ params }) => {
  const body = params.hostFile === '_redirects' ? redirectsFile(await getRedirects()) : headersFile();
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
