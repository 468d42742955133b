/** A page at each old URL of a post (its `aliases`) that sends the reader on to the post. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getRedirects } from '../posts/posts.ts';
import { escapeHtml } from '../blog/escape.ts';
import { redirectFile, type Redirect } from '../blog/redirects.ts';
import { ui } from '../blog/ui.ts';
import { absoluteUrl, postHref } from '../blog/urls.ts';
import { site } from '../site.config.ts';

export const getStaticPaths = (async () =>
  (await getRedirects()).map((redirect) => ({ params: { alias: redirectFile(redirect.from) }, props: { redirect } }))) satisfies GetStaticPaths;


export const GET: APIRoute<{ redirect: Redirect }> = ({ props: { redirect }, site: origin }) => {
  const href = postHref(redirect.to);
  const t = ui(site.lang);
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(site.lang)}">
<head>
<meta charset="utf-8">
<title>${escapeHtml(t.moved)}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${escapeHtml(href)}">
<link rel="canonical" href="${escapeHtml(absoluteUrl(href, origin ?? site.url))}">
</head>
<body>
<p><a href="${escapeHtml(href)}">${escapeHtml(t.movedTo)}</a></p>
</body>
</html>
`;
  return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
};
