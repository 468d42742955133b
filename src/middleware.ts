/**
 * In `astro dev`, while a post cannot be read, every page answers with the list of such posts: the
 * file and what is wrong, in plain HTML (readable without the error overlay's script). It goes away
 * on the next reload after the post is fixed. Builds never have such posts: they stop at the first.
 */
import { defineMiddleware } from 'astro:middleware';
import { postProblems } from './lib/post-problems.ts';
import { ui } from './lib/ui.ts';
import { site } from './site.config.ts';

const escape = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;');

export const onRequest = defineMiddleware((_context, next) => {
  if (!import.meta.env.SHOW_DRAFTS) return next();
  const problems = postProblems();
  if (problems.size === 0) return next();
  const t = ui(site.lang);
  const items = [...problems].map(([file, message]) => `<li><h2>${escape(file)}</h2><pre>${escape(message)}</pre></li>`);
  const html = `<!DOCTYPE html><html lang="${site.lang}"><head><meta charset="utf-8"><title>${escape(t.postErrors)}</title>
<style>body{font:16px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem}pre{white-space:pre-wrap;background:#fff1f0;padding:1rem;border-left:4px solid #cf222e}</style>
</head><body><h1>${escape(t.postErrors)}</h1><p>${escape(t.postErrorsHelp)}</p><ul>${items.join('')}</ul></body></html>`;
  return new Response(html, { status: 500, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
});
