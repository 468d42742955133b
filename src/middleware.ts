/**
 * In `astro dev`, while a post cannot be read, every page answers with the list of such posts: the
 * file and what is wrong, in plain HTML (readable without the error overlay's script). It goes away
 * on the next reload after the post is fixed. Builds never have such posts: they stop, naming them all.
 */
import { defineMiddleware } from 'astro:middleware';
import { postProblems } from './blog/post-problems.ts';
import { escapeText } from './blog/escape.ts';
import { ui } from './blog/ui.ts';
import { site } from './site.config.ts';


export const onRequest = defineMiddleware((_context, next) => {
  if (!import.meta.env.SHOW_DRAFTS) return next();
  const problems = postProblems();
  if (problems.size === 0) return next();
  const t = ui(site.lang);
  const items = [...problems].map(([file, message]) => `<li><h2>${escapeText(file)}</h2><pre>${escapeText(message)}</pre></li>`);
  const html = `<!DOCTYPE html><html lang="${site.lang}"><head><meta charset="utf-8"><title>${escapeText(t.postErrors)}</title>
<style>body{font:16px/1.6 system-ui,sans-serif;margin:2rem auto;max-width:48rem;padding:0 1rem}pre{white-space:pre-wrap;background:#fff1f0;padding:1rem;border-left:4px solid #cf222e}</style>
</head><body><h1>${escapeText(t.postErrors)}</h1><p>${escapeText(t.postErrorsHelp)}</p><ul>${items.join('')}</ul></body></html>`;
  return new Response(html, { status: 500, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
});
