import type { APIRoute } from 'astro';
import { absoluteUrl, sitemapHref } from '../blog/urls.ts';

export const GET: APIRoute = ({ site }) =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absoluteUrl(sitemapHref(), site!)}\n`, {
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
