/**
 * Queries a built site's Pagefind index from Node, with the same pagefind.js the browser loads: its
 * requests for index files are answered from dist/ instead of over HTTP.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface SearchHit {
  url: string;
  title: string;
  date: string | undefined;
  excerpt: string;
  content: string;
}

/** Searches as the search page does: result URLs under `base` (the site's base path). */
export async function searchSite(dist: string, query: string, base = '/'): Promise<SearchHit[]> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    if (url.protocol !== 'file:') return realFetch(input);
    return new Response(readFileSync(url), { status: 200 });
  }) as typeof fetch;
  try {
    // A fresh module instance per call: pagefind.js keeps state between searches.
    const pagefind = await import(`${pathToFileURL(join(dist, 'pagefind', 'pagefind.js')).href}?${Math.random()}`);
    await pagefind.options({ baseUrl: base });
    await pagefind.init();
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.map((r: { data: () => Promise<unknown> }) => r.data()));
    return (data as Array<{ url: string; meta: Record<string, string>; excerpt: string; content: string }>).map((d) => ({
      url: d.url,
      title: d.meta.title ?? '',
      date: d.meta.date,
      excerpt: d.excerpt,
      content: d.content,
    }));
  } finally {
    globalThis.fetch = realFetch;
  }
}
