/**
 * `npm run cards`: fetches the link cards and GitHub code excerpts the posts show, and the sizes of the
 * remote images they show, that the store (src/content/link-cards.json) has no entry for yet; builds
 * read only that file, never the network.
 *
 *   node scripts/cards.ts [--retry-failed] [--refresh URL]... [--prune] [--root DIR]
 *
 * --retry-failed  fetch again the URLs recorded under "failed"
 * --refresh URL   fetch URL again although it has an entry (repeatable)
 * --prune         drop entries of URLs no post uses any more, and image files no entry uses
 *                 (without it they are kept: they cost a few bytes and come back if a link does)
 * --root DIR      work on another copy of the site
 *
 * Prints one line per URL fetched (`card  <url>  <title>`, `code  <url>  <repo/path Lx-Ly>`,
 * `image <url>  <width>x<height>` for a remote image a post shows, `failed <url> <reason>`), then the
 * totals. Exits 0 unless the store could not be read or written: a page that cannot be fetched is
 * recorded, not an error. LINK_CARDS_ALLOW_PRIVATE=1 lets it fetch from private and loopback
 * addresses (refused otherwise).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findCardUrls } from '../src/markdown/find-card-urls.ts';
import { LINK_CARDS_USER_AGENT } from '../src/link-cards/fetch-page.ts';
import { LINK_CARD_STORE } from '../src/markdown/link-card-store.ts';
import { updateStore } from '../src/link-cards/update-store.ts';
import { site } from '../src/site.config.ts';

const USAGE = 'usage: npm run cards -- [--retry-failed] [--refresh URL]... [--prune] [--root DIR]';

interface CardsArgs {
  root: string;
  retryFailed: boolean;
  prune: boolean;
  refresh: string[];
}

function parseArgs(argv: string[]): CardsArgs | string {
  const args: CardsArgs = {
    root: resolve(dirname(fileURLToPath(import.meta.url)), '..'),
    retryFailed: false,
    prune: false,
    refresh: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--retry-failed') args.retryFailed = true;
    else if (arg === '--prune') args.prune = true;
    else if (arg === '--refresh' || arg === '--root') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      if (arg === '--refresh') args.refresh.push(value);
      else args.root = resolve(value);
    } else return `unknown argument ${arg}`;
  }
  return args;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    console.error(`npm run cards: ${args}\n${USAGE}`);
    return 2;
  }
  try {
    const result = await updateStore({
      root: args.root,
      timeZone: site.timeZone,
      findUrls: findCardUrls,
      retryFailed: args.retryFailed,
      prune: args.prune,
      refresh: args.refresh,
      fetch: { userAgent: `${LINK_CARDS_USER_AGENT} (+${site.url})` },
      log: (line) => console.log(line),
    });
    const parts = [
      `${result.cards} card${result.cards === 1 ? '' : 's'}`,
      `${result.code} code`,
      ...(result.images > 0 ? [`${result.images} image size${result.images === 1 ? '' : 's'}`] : []),
      `${result.failed} failed`,
      `${result.kept} already in the store`,
    ];
    if (args.prune) parts.push(`${result.pruned} pruned`);
    console.log(`${parts.join(', ')}; ${LINK_CARD_STORE} ${result.changed ? 'written' : 'unchanged'}`);
    return 0;
  } catch (e) {
    console.error(`npm run cards: ${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
