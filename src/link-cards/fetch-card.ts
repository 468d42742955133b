/**
 * One link card: the page fetched and read, its image and icon fetched, checked and saved. A page that
 * cannot be fetched fails the card; an image or icon that cannot is only left out.
 */
import { domainToUnicode } from 'node:url';
import { fetchImage, fetchPage } from './fetch-page.ts';
import type { FetchOptions } from './fetch-page.ts';
import { pageMetaFromBytes, TITLE_MAX } from './page-meta.ts';
import { plainText } from './plain-text.ts';
import { saveCardIcon, saveCardImage } from './save-image.ts';
import type { SavedImage } from './save-image.ts';
import type { CardEntry } from '../markdown/link-card-store.ts';

// Candidates tried before giving up: each try may take the whole time limit.
const IMAGE_TRIES = 2;
const ICON_TRIES = 3;

export interface FetchCardOptions {
  /** The site's `public/` folder, where images are saved. */
  publicDir: string;
  fetch?: FetchOptions;
  /**
   * Icons already fetched in this run, by URL: the pages of one site share an icon, fetched once.
   * Pass the same map to every call of a run.
   */
  iconCache?: Map<string, Promise<string | null>>;
}

async function firstSaved<T>(urls: string[], tries: number, save: (url: string) => Promise<T | null>): Promise<T | null> {
  for (const url of urls.slice(0, tries)) {
    const saved = await save(url);
    if (saved !== null) return saved;
  }
  return null;
}

async function savedImage(url: string, options: FetchCardOptions): Promise<SavedImage | null> {
  try {
    const { body } = await fetchImage(url, options.fetch);
    return await saveCardImage(body, options.publicDir);
  } catch {
    return null;
  }
}

function savedIcon(url: string, options: FetchCardOptions): Promise<string | null> {
  const cached = options.iconCache?.get(url);
  if (cached) return cached;
  const saving = (async () => {
    try {
      const { body } = await fetchImage(url, options.fetch);
      return await saveCardIcon(body, options.publicDir);
    } catch {
      return null;
    }
  })();
  options.iconCache?.set(url, saving);
  return saving;
}

/**
 * Fetches the card of `url` (as written in a post). Throws a FetchFailure when the page itself cannot
 * be had; the entry has no `fetched` date, the caller adds it.
 */
export async function fetchCard(url: string, options: FetchCardOptions): Promise<Omit<CardEntry, 'fetched'>> {
  const page = await fetchPage(url, options.fetch);
  const meta = pageMetaFromBytes(page.body, page.contentType, page.url);
  const [image, icon] = await Promise.all([
    firstSaved(meta.imageUrls, IMAGE_TRIES, (u) => savedImage(u, options)),
    firstSaved(meta.iconUrls, ICON_TRIES, (u) => savedIcon(u, options)),
  ]);
  return {
    url: page.url,
    // A page with no title at all still gets a card that says where it goes.
    title: meta.title || plainText(domainToUnicode(new URL(page.url).hostname), TITLE_MAX),
    description: meta.description,
    siteName: meta.siteName,
    icon,
    image,
  };
}
