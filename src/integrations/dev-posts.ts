import type { AstroIntegration } from 'astro';
import { freshPosts } from '../lib/fresh-posts.ts';

/**
 * `astro dev`: a saved post shows on the next reload, without waiting for Astro's content store
 * (saved to disk after a 500 ms pause, then read again by the pages: src/integrations/content-store.ts).
 * The pages lay the loader's fresh posts over the collection (src/lib/fresh-posts.ts); this clears the
 * dev server's cache of page paths and props when they change, with the message Astro itself sends
 * when content changes.
 */
export function devPosts(): AstroIntegration {
  return {
    name: 'dev-posts',
    hooks: {
      'astro:server:setup': ({ server }) => {
        const listeners = freshPosts().listeners;
        listeners.clear(); // a restarted dev server in the same process replaces the old listener
        listeners.add(() => {
          for (const [name, environment] of Object.entries(server.environments)) {
            if (name !== 'client') environment.hot.send('astro:content-changed', {});
          }
        });
      },
    },
  };
}
