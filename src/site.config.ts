/**
 * Site settings: the one place to set what the blog is called, where it lives and how it reads.
 * Pages, feeds and scripts read these values; nothing else is hard-coded in templates.
 * Keep this file free of imports with side effects: `scripts/new-post.ts` loads it with plain Node.
 */
import type { ShareImageSettings } from './share-images/settings.ts';

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
  /**
   * How the share images (`og.png`, the picture a link shows on social sites) look: colours
   * (`'#rrggbb'` or `'#rgb'`), which details show beside the title, an optional logo and font (paths
   * from the project folder). A bad value stops the build, naming the setting. Changing any of them,
   * or the logo's or font's file, draws every image again on the next build.
   */
  shareImage: ShareImageSettings;
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
  shareImage: {
    colors: { background: '#0d1117', text: '#f0f3f6', muted: '#9198a1', subtitle: '#c9d1d9', accent: '#6cb6ff' },
    show: { date: true, tags: true, siteName: true, description: true },
    // logo: 'src/assets/logo.png', // a PNG or SVG, drawn bottom right within 240x64 pixels
    // font: 'src/assets/fonts/MyFont-Bold.otf', // default: Noto Sans JP Bold
  },
};
