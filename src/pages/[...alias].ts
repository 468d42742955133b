/** A page at each old URL of a post (its `aliases`) that sends the reader on to the post. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getRedirects } from '../lib/posts.ts';
import { escapeHtml } from '../lib/escape.ts';
import { redirectFile, type Redirect } from '../lib/redirects.ts';
import { ui } from '../lib/ui.ts';
import { absoluteUrl, postHref } from '../lib/urls.ts';
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
