import type { APIRoute } from 'astro';
import { absoluteUrl, withBase } from '../blog/urls.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(withBase('/sitemap-index.xml'), site!)}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
