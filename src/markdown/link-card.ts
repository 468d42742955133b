/**
 * A link card: the title, description, site name, icon and image fetched for a URL (the store,
 * src/markdown/link-card-store.ts), or, with nothing fetched, a plain card of the address and its domain.
 *
 *     <div class="link-card">
 *       <div class="link-card-body">
 *         <a class="link-card-title" href="...">Title</a>          (the whole card is the link's area)
 *         <p class="link-card-description">...</p>
 *         <p class="link-card-site"><img class="link-card-icon"> Site · example.com</p>
 *       </div>
 *       <img class="link-card-image" alt="" aria-hidden="true">
 *     </div>
 *
 * Without the site's CSS (a feed reader) it reads as a link on its own line with a line or two under
 * it. The link's name is the title alone. Every string is text (the renderer escapes it), cut to the
 * store's lengths whatever the store holds; links are http(s) only and images only the store's own
 * files under the site's base path.
 */
import { domainToUnicode } from 'node:url';
import type { Custom } from 'satteri';
import { graphemes } from '../typesetting/graphemes.ts';
import { LOCAL_FILE, type CardEntry } from './link-card-store.ts';
import { httpUrl, shownAddress } from './embeds.ts';
import { element, text, type ElementChild, type Properties } from './mdast-elements.ts';

/** The longest title, description and site name shown, in characters (as the store promises). */
export const CARD_LIMITS = { title: 200, description: 300, siteName: 100 } as const;
const ICON_SIZE = 16;

/** `value` on one line, without control characters, cut to `max` characters with `…`. */
export function cardText(value: string, max: number): string {
  const clean = value.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/gu, ' ').replace(/\s+/gu, ' ').trim();
  const chars = graphemes(clean, 'und', max + 1);
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : clean;
}

/** The domain of `url` as people read it: Unicode, without `www.`. */
export function shownDomain(url: URL): string {
  return (domainToUnicode(url.hostname) || url.hostname).replace(/^www\./u, '');
}

function localImage(src: string, base: string, properties: Properties): Custom | undefined {
  if (!LOCAL_FILE.test(src)) return undefined;
  return element('img', { src: `${base.replace(/\/*$/u, '/')}${src}`, alt: '', loading: 'lazy', decoding: 'async', ...properties });
}

export interface CardOptions {
  /** The site's base path (`/`, `/blog/`): the store's images are served under it. */
  base: string;
}

/**
 * The card for `url` (as written in the post) from its store entry, or a plain card when there is
 * none; undefined when `url` is not an http(s) URL.
 */
export function cardNode(url: string, entry: CardEntry | undefined, { base }: CardOptions): Custom | undefined {
  const href = httpUrl(url);
  if (!href) return undefined;
  const domain = shownDomain(href);
  const title = entry ? cardText(entry.title, CARD_LIMITS.title) : '';
  if (!entry || !title) {
    return element('div', { className: ['link-card', 'link-card-plain'], dataPagefindIgnore: true }, [
      element('div', { className: ['link-card-body'] }, [
        element('a', { className: ['link-card-title'], href: href.href }, [text(shownAddress(href.href, 100))]),
        element('p', { className: ['link-card-site'] }, [text(domain)]),
      ]),
    ]);
  }
  const description = cardText(entry.description, CARD_LIMITS.description);
  const siteName = cardText(entry.siteName, CARD_LIMITS.siteName);
  const icon = entry.icon ? localImage(entry.icon, base, { className: ['link-card-icon'], width: ICON_SIZE, height: ICON_SIZE, ariaHidden: 'true' }) : undefined;
  const image = entry.image
    ? localImage(entry.image.src, base, { className: ['link-card-image'], width: entry.image.width, height: entry.image.height, ariaHidden: 'true' })
    : undefined;
  const site: ElementChild[] = [
    ...(icon ? [icon, text(' ')] : []),
    ...(siteName && siteName.toLowerCase() !== domain.toLowerCase() ? [element('span', { className: ['link-card-site-name'] }, [text(siteName)]), text(' · ')] : []),
    element('span', { className: ['link-card-domain'] }, [text(domain)]),
  ];
  return element('div', { className: ['link-card'], dataPagefindIgnore: true }, [
    element('div', { className: ['link-card-body'] }, [
      element('a', { className: ['link-card-title'], href: href.href }, [text(title)]),
      ...(description ? [element('p', { className: ['link-card-description'] }, [text(description)])] : []),
      element('p', { className: ['link-card-site'] }, site),
    ]),
    ...(image ? [image] : []),
  ]);
}
