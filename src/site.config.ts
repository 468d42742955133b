/**
 * Site settings: the one place to set what the blog is called, where it lives and how it reads.
 * Pages, feeds and scripts read these values; nothing else is hard-coded in templates.
 * Keep this file free of imports with side effects: `scripts/new-post.ts` loads it with plain Node.
 */
export interface SiteConfig {
  /** The blog's name: header, `<title>` suffix, feed title. */
  title: string;
  /** One sentence about the blog: home page meta description and feed description. */
  description: string;
  /** Shown as the author of every post (feeds, footer). */
  author: string;
  /** The public address of the site, with its path when it is hosted under one. No trailing slash. */
  url: string;
  /** BCP 47 language of the site: `<html lang>`, the feed's `<language>`, date formats. */
  lang: string;
  /** IANA time zone in which calendar dates (`date: 2022-02-23`) are read and shown. */
  timeZone: string;
  /** Posts per list page (home, tag pages). */
  pageSize: number;
  /** Newest posts in each RSS feed. */
  feedSize: number;
  /**
   * Raw HTML in `.md` posts. `'safe'`: kept (tables, `<details>`, `<iframe>` embeds, `<img>`, `style`),
   * without what could run script or change the page (`<script>`, `on…` handlers, `javascript:` URLs,
   * `srcdoc`, `<base>`, `<meta>`, `<object>`, `<embed>`, ...), each named in the build output.
   * `'trusted'`: kept as written, scripts included. Either way it is closed within its post.
   */
  rawHtml: RawHtmlMode;
}

/** How far raw HTML in posts is trusted (`rawHtml` above). */
export type RawHtmlMode = 'safe' | 'trusted';

export const site: SiteConfig = {
  title: 'ノート',
  description: '日々の記録と技術メモ。',
  author: 'Author',
  url: 'https://blog.example.com',
  lang: 'ja',
  timeZone: 'Asia/Tokyo',
  pageSize: 10,
  feedSize: 20,
  rawHtml: 'safe',
};
