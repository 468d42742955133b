import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { freshPosts } from '../posts/fresh-posts.ts';
import { fetchMissingCardsInBackground } from '../link-cards/dev-fetch.ts';
import { findCardUrls } from '../markdown/find-card-urls.ts';
import { LINK_CARD_STORE } from '../markdown/link-card-store.ts';
import { site } from '../site.config.ts';

/**
 * The message Astro's dev server sends its page environments when the content store changed, on
 * which they drop their cache of page paths and props. It is Astro's internal message, not an API:
 * tests/contract/astro-content-changed.test.ts checks that the installed Astro still sends and
 * handles it. Were it gone, a saved post would show once Astro has saved its store (its own
 * message), about half a second later, not at once: the dev server is slower, never wrong.
 */
export const CONTENT_CHANGED = 'astro:content-changed';

/**
 * `astro dev`: a saved post shows on the next reload, without waiting for Astro's content store
 * (saved to disk after a 500 ms pause, then read again by the pages: src/build-speed/content-store.ts).
 * The pages lay the loader's fresh posts over the collection (src/posts/fresh-posts.ts); this clears the
 * dev server's cache of page paths and props when they change, with the message Astro itself sends
 * when content changes.
 *
 * It also fetches the link cards that posts show and src/content/link-cards.json lacks, in the
 * background, at start and after each save (not with LINK_CARDS_OFFLINE=1, which the tests set), and
 * reloads the posts when that file changes: the Markdown fingerprint includes it, so the posts loader
 * renders them again with their cards.
 */
export function devPosts(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'dev-posts',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:server:setup': ({ server, logger, refreshContent }) => {
        const store = join(root, LINK_CARD_STORE);
        const postsDir = join(root, 'src', 'content', 'posts');
        const fetchCards = () => {
          if (process.env.LINK_CARDS_OFFLINE === '1') return;
          void fetchMissingCardsInBackground({ root, timeZone: site.timeZone, findUrls: findCardUrls, log: (line) => logger.info(line) });
        };
        fetchCards();
        server.watcher.add(store);
        const onFile = (path: string) => {
          if (path === store) void refreshContent?.({ loaders: ['posts-loader'] });
          else if (path.startsWith(postsDir) && /\.mdx?$/u.test(path)) fetchCards();
        };
        server.watcher.on('change', onFile);
        server.watcher.on('add', onFile);
        const listeners = freshPosts().listeners;
        listeners.clear(); // a restarted dev server in the same process replaces the old listener
        listeners.add(() => {
          for (const [name, environment] of Object.entries(server.environments)) {
            if (name !== 'client') environment.hot.send(CONTENT_CHANGED, {});
          }
        });
      },
    },
  };
}
