/**
 * What every reader of another blog system (`scripts/import/<kind>.ts`) gives the importer: one
 * `SourcePost` a post, in the source's own terms already mapped to this blog's keys. The importer core
 * (scripts/import/write-posts.ts) turns it into a Markdown file under src/content/posts/, copies its
 * images and writes the report; readers never write files.
 */

/** The systems `npm run import` reads. */
export type SourceKind = 'jekyll' | 'zenn' | 'qiita' | 'hatena' | 'hexo' | 'hugo' | 'wordpress' | 'astro';

export interface SourceImage {
  /** The reference as written in the body (`./a.png`, `/images/a.png`, `../../images/a.png`). */
  ref: string;
  /** The file it was found at, absolute; undefined when it could not be found (listed in the report). */
  file?: string;
}

export interface SourcePost {
  /** The post's file (or the export file and its entry, `export.xml#12`), relative to the import root. */
  source: string;
  /** Proposed post path under src/content/posts, without extension: `2020/foo` or `foo`. */
  slug: string;
  /** `.md`, or `.mdx` for MDX posts (Astro). */
  ext: '.md' | '.mdx';
  title: string;
  /**
   * The date as this blog's schema reads it: `YYYY-MM-DD`, or an ISO date-time with its offset
   * (`2020-12-01T10:00:00+09:00`), already read in the source's time zone.
   */
  date: string;
  updated?: string;
  published: boolean;
  tags: string[];
  description?: string;
  lang?: string;
  /** Paths from the old site's root that served this post (`/2020/12/01/foo/`, `/entry/2020/12/01/foo`). */
  aliases: string[];
  /** Where the post was first published when that was another site (Zenn, Qiita): its URL. */
  originalUrl?: string;
  /** A hero image (the Astro starter's `heroImage`), as a ref like the body's images. */
  heroImage?: SourceImage;
  /** `true` for sources that turn every newline into `<br>` (Zenn, Qiita). */
  breaks?: boolean;
  /** The body in this blog's Markdown (platform tags and shortcodes already converted). */
  body: string;
  /** Local images the body (and hero) refers to. */
  images: SourceImage[];
  /** What the engine cannot render, or needs the author's eye: `{% foo %} tag left as text`, … */
  attention: string[];
  /**
   * Other frontmatter keys of the source, kept as they were after this blog's keys (the schema ignores
   * them; Jekyll's `layout`, `categories`, `permalink`…), so that nothing the author wrote is lost.
   */
  extra?: Record<string, unknown>;
}

/** A post that could not be read; the run exits non-zero and says what to do. */
export interface SourceFailure {
  source: string;
  reason: string;
}

export interface SourceReading {
  kind: SourceKind;
  posts: SourcePost[];
  failures: SourceFailure[];
}

/** What `npm run import` tells every reader besides the path. */
export interface ReadOptions {
  /** The site's time zone (src/site.config.ts): dates are written in it, and read in it when the source has none. */
  timeZone: string;
  /** The author's account on the old site when its URLs need it and the files do not say (Zenn: `--user`). */
  user?: string | undefined;
}

/**
 * Each `scripts/import/<kind>.ts` exports `read` of this type. It may be synchronous or return a
 * promise (the CLI awaits either), so that readers of large exports can stream them. It never writes
 * files and never throws for one bad post: that post goes to `failures` with its reason.
 */
export type Reader = (path: string, options: ReadOptions) => SourceReading | Promise<SourceReading>;
