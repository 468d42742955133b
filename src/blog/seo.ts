/**
 * Structured data for search engines (JSON-LD) and the text that embeds it in a page.
 */
import { isoDateTime } from './dates.ts';
import type { Post } from './post-index.ts';

/**
 * JSON for a `<script type="application/ld+json">`. `<`, `>` and `&` are escaped as `\u003c` and so on,
 * so that no value (a title with `</script>` or `<!--`) can end the script element or start a comment.
 * U+2028 and U+2029 are escaped too, for old JavaScript parsers.
 */
export function jsonLdText(data: unknown): string {
  return JSON.stringify(data).replace(/[<>&\u2028\u2029]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface SiteInfo {
  title: string;
  description: string;
  author: string;
  lang: string;
  timeZone: string;
  /** Absolute URL of the home page. */
  url: string;
}

export function blogPostingLd(post: Post, { url, image, site }: { url: string; image: string; site: SiteInfo }) {
  const modified = post.updated ?? post.date;
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description: post.summary,
    inLanguage: post.lang,
    datePublished: isoDateTime(post.date.instant, site.timeZone),
    dateModified: isoDateTime(modified.instant, site.timeZone),
    author: { '@type': 'Person', name: site.author },
    publisher: { '@type': 'Person', name: site.author },
    image: [image],
    keywords: post.tags.map((t) => t.name),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    isPartOf: { '@type': 'WebSite', name: site.title, url: site.url },
  };
}

export function webSiteLd(site: SiteInfo) {
  return {
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: site.title,
    description: site.description,
    inLanguage: site.lang,
    url: site.url,
    author: { '@type': 'Person', name: site.author },
  };
}

/** `og:locale` for a BCP 47 language: `ja` -> `ja_JP`, `en-US` -> `en_US`. */
export function ogLocale(lang: string): string {
  const [language = 'en', region] = lang.split('-');
  const defaults: Record<string, string> = { ja: 'JP', en: 'US', zh: 'CN', ko: 'KR', fr: 'FR', de: 'DE', es: 'ES' };
  return `${language.toLowerCase()}_${(region ?? defaults[language.toLowerCase()] ?? language).toUpperCase()}`;
}
