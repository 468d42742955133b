/**
 * Brings the link-card store up to date with the posts: reads every post, finds the URLs it shows as
 * cards or code and the remote images it shows, fetches those with no entry yet (a few at a time),
 * saves the cards' images, records the remote images' sizes, and writes the store. Entries are never fetched again unless asked (`refresh`), failures are not retried
 * unless asked (`retryFailed`), and entries for URLs no post uses any more are kept (they cost a few
 * bytes) unless `prune` is set, which also deletes the image files no entry uses.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { calendarDayOf } from '../blog/dates.ts';
import { listPostFolder } from '../posts/post-files.ts';
import { fetchCard } from './fetch-card.ts';
import type { FetchOptions } from './fetch-page.ts';
import { FetchFailure } from './fetch-page.ts';
import { fetchGitHubCode } from './github-code.ts';
import { fetchImageSize } from './image-size.ts';
import { dropControlCharacters } from './plain-text.ts';
import { CARD_IMAGE_FOLDER } from './save-image.ts';
import { LINK_CARD_STORE, readStore, serializeStore, writeFileAtomic } from '../markdown/link-card-store.ts';
import type { LinkCardStore } from '../markdown/link-card-store.ts';
import { stripFrontmatter } from '../markdown/frontmatter.ts';

/**
 * The URLs one post shows as cards and as GitHub code, and the remote images it shows, as the store
 * keys them (src/markdown/find-card-urls.ts).
 */
export type FindCardUrls = (markdown: string) => { cards: string[]; code: string[]; images?: string[] };

export interface UpdateStoreOptions {
  /** The project folder. */
  root: string;
  /** The site's time zone, for `fetched` dates. */
  timeZone: string;
  findUrls: FindCardUrls;
  /** Fetch the URLs recorded as failed again. */
  retryFailed?: boolean;
  /** URLs to fetch again even though they have an entry. */
  refresh?: readonly string[];
  /** Drop entries of URLs no post uses, and image files no entry uses. */
  prune?: boolean;
  /** Fetches running at once. */
  concurrency?: number;
  fetch?: FetchOptions & { rawBase?: string };
  now?: Date;
  /** Receives one line per URL fetched. */
  log?: (line: string) => void;
  /**
   * Record a URL that could not be fetched under `failed`, so that it is not tried again until
   * `--retry-failed` (the script). The dev server does not: an author offline for a while would
   * otherwise never get the card.
   */
  recordFailures?: boolean;
  /**
   * Record the sizes of the remote images posts show (default). The dev server does not: an imported
   * blog can show a thousand images, each fetched whole, and again on every save while they fail.
   */
  images?: boolean;
}

export interface UpdateStoreResult {
  cards: number;
  code: number;
  /** Remote images whose size was recorded. */
  images: number;
  failed: number;
  /** URLs in posts that already had an entry (or a recorded failure). */
  kept: number;
  pruned: number;
  /** The store file changed. */
  changed: boolean;
}


/** The card and code URLs and remote images of every post under `postsDir` (recursively), each once, in post order. */
export function collectPostUrls(postsDir: string, findUrls: FindCardUrls): { cards: string[]; code: string[]; images: string[] } {
  const cards = new Set<string>();
  const code = new Set<string>();
  const images = new Set<string>();
  const posts = listPostFolder(postsDir)
    .filter((p) => p.endsWith('.md'))
    .sort();
  for (const post of posts) {
    const found = findUrls(stripFrontmatter(readFileSync(join(postsDir, post), 'utf8')));
    for (const url of found.cards) cards.add(url);
    for (const url of found.code) code.add(url);
    for (const url of found.images ?? []) images.add(url);
  }
  return { cards: [...cards], code: [...code], images: [...images] };
}

/** Runs `work` on every item, `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

function reasonOf(error: unknown): string {
  if (error instanceof FetchFailure) return error.reason;
  return `unexpected error: ${dropControlCharacters(String((error as Error)?.message ?? error), '').slice(0, 200)}`;
}

/** Deletes card images that no entry of `store` names (only files named as the script names them). */
function pruneImages(publicDir: string, store: LinkCardStore): number {
  const used = new Set<string>();
  for (const card of Object.values(store.cards)) {
    if (card.icon) used.add(card.icon);
    if (card.image) used.add(card.image.src);
  }
  const folder = join(publicDir, CARD_IMAGE_FOLDER);
  let files: string[];
  try {
    files = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const file of files) {
    if (!/^[0-9a-f]{16}\.(?:webp|png|jpg|gif|avif)$/u.test(file) || used.has(`${CARD_IMAGE_FOLDER}/${file}`)) continue;
    rmSync(join(folder, file));
    removed++;
  }
  return removed;
}

/**
 * Updates the store of the project at `root`. Throws when the store cannot be read (it is then left
 * alone) or written; a URL that cannot be fetched is recorded, never thrown.
 */
export async function updateStore(options: UpdateStoreOptions): Promise<UpdateStoreResult> {
  const { root, findUrls, retryFailed = false, prune = false, concurrency = 4 } = options;
  const log = options.log ?? (() => {});
  const storeFile = join(root, LINK_CARD_STORE);
  const publicDir = join(root, 'public');
  const today = calendarDayOf(options.now ?? new Date(), options.timeZone);

  const { store, problems, text: before } = readStore(storeFile);
  for (const problem of problems) log(`note  ${LINK_CARD_STORE}: ${problem}`);
  const inPosts = collectPostUrls(join(root, 'src', 'content', 'posts'), findUrls);
  const refresh = new Set(options.refresh ?? []);
  const has = (record: object, key: string) => Object.hasOwn(record, key);

  const wanted = (url: string, record: object) =>
    refresh.has(url) || (!has(record, url) && (retryFailed || !has(store.failed, url)));
  const cardUrls = inPosts.cards.filter((u) => wanted(u, store.cards));
  const codeUrls = inPosts.code.filter((u) => wanted(u, store.code));
  const imageUrls = options.images === false ? [] : inPosts.images.filter((u) => wanted(u, store.images));
  // A URL to refresh that no post uses any more is refreshed where the store has it.
  for (const url of refresh) {
    if (cardUrls.includes(url) || codeUrls.includes(url) || imageUrls.includes(url)) continue;
    if (has(store.code, url)) codeUrls.push(url);
    else if (has(store.cards, url)) cardUrls.push(url);
    else if (has(store.images, url)) imageUrls.push(url);
  }

  const result: UpdateStoreResult = { cards: 0, code: 0, images: 0, failed: 0, kept: 0, pruned: 0, changed: false };
  const imagesKept = options.images === false ? 0 : inPosts.images.length - imageUrls.length;
  result.kept = inPosts.cards.length + inPosts.code.length - cardUrls.length - codeUrls.length + imagesKept;
  const say = (line: string) => log(dropControlCharacters(line, ''));
  const failed = (url: string, hadEntry: boolean, error: unknown) => {
    const reason = reasonOf(error);
    result.failed++;
    // A refresh that fails keeps the card it had: the old one is better than none.
    if (!hadEntry && options.recordFailures !== false) store.failed[url] = { reason, tried: today };
    say(`failed ${url} ${reason}${hadEntry ? ' (kept the entry it had)' : ''}`);
  };

  const iconCache = new Map<string, Promise<string | null>>();
  const jobs = [
    ...cardUrls.map((url) => ({ url, kind: 'card' as const })),
    ...codeUrls.map((url) => ({ url, kind: 'code' as const })),
    ...imageUrls.map((url) => ({ url, kind: 'image' as const })),
  ];
  await eachLimited(jobs, concurrency, async ({ url, kind }) => {
    if (kind === 'card') {
      try {
        const card = await fetchCard(url, { publicDir, iconCache, ...(options.fetch ? { fetch: options.fetch } : {}) });
        store.cards[url] = { ...card, fetched: today };
        delete store.failed[url];
        result.cards++;
        say(`card  ${url}  ${card.title}`);
      } catch (error) {
        failed(url, has(store.cards, url), error);
      }
    } else if (kind === 'image') {
      try {
        const size = await fetchImageSize(url, options.fetch ?? {});
        store.images[url] = { ...size, fetched: today };
        delete store.failed[url];
        result.images++;
        say(`image ${url}  ${size.width}x${size.height}`);
      } catch (error) {
        failed(url, has(store.images, url), error);
      }
    } else {
      try {
        const code = await fetchGitHubCode(url, options.fetch ?? {});
        store.code[url] = { ...code, fetched: today };
        delete store.failed[url];
        result.code++;
        say(`code  ${url}  ${code.repo}/${code.path} L${code.startLine}-L${code.endLine}`);
      } catch (error) {
        failed(url, has(store.code, url), error);
      }
    }
  });

  if (prune) {
    const used = new Set([...inPosts.cards, ...inPosts.code, ...inPosts.images]);
    for (const record of [store.cards, store.code, store.images, store.failed]) {
      for (const url of Object.keys(record)) {
        if (used.has(url)) continue;
        delete record[url];
        result.pruned++;
        say(`pruned ${url}`);
      }
    }
    pruneImages(publicDir, store);
  }

  const after = serializeStore(store);
  if (after !== before) {
    writeFileAtomic(storeFile, after);
    result.changed = true;
  }
  return result;
}
