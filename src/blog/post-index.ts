/**
 * The posts a site shows, as pages and feeds use them: drafts filtered out (unless drafts are shown, in
 * `astro dev`), dates read in the site's time zone, newest first, tags resolved to their pages.
 * Pure: it takes loaded entries, so it is tested without Astro.
 */
import { toDay, toInstant, type PostDate } from './dates.ts';
import { collectTags, tagKey, type Tag } from './tags.ts';
import { htmlBeforeMore, htmlToText, readingMinutes, summarize } from './text.ts';
import { renderedHtmlDigest } from './rendered-digest.ts';

/**
 * The frontmatter fields the index reads. The schema (src/content.config.ts) defines them; it checks
 * that what it gives has this shape, so this module need not import it.
 */
export interface PostFields {
  title: string;
  date: PostDate;
  updated?: PostDate | undefined;
  published: boolean;
  tags: string[];
  description?: string | undefined;
  aliases: string[];
  lang?: string | undefined;
}

/** What the loader gives for one post (a subset of Astro's collection entry). */
export interface PostEntry {
  id: string;
  data: PostFields;
  /** Changes when the file changes (Astro's content digest). */
  digest?: string | number | undefined;
  /** The post's file, relative to the project (for messages). */
  filePath?: string | undefined;
  rendered?: { html: string } | undefined;
}

export interface DatedDay {
  /** The instant: ordering, feeds, machine-readable times. */
  instant: Date;
  /** The calendar day in the site's time zone, `YYYY-MM-DD`: what readers see. */
  day: string;
}

export interface Post<E extends PostEntry = PostEntry> {
  id: string;
  title: string;
  /** The `description`, else the start of the body as plain text, else the title. */
  summary: string;
  /** The language the post is written in (its `lang`, else the site's). */
  lang: string;
  /** Minutes to read the body, at least 1. */
  readingMinutes: number;
  /** Old URLs of the post (see src/blog/redirects.ts). */
  aliases: string[];
  date: DatedDay;
  updated?: DatedDay | undefined;
  tags: Tag[];
  draft: boolean;
  entry: E;
}

export interface PostIndex<E extends PostEntry = PostEntry> {
  /** Newest first. */
  posts: Post<E>[];
  /** Every tag of those posts, most used first. */
  tags: Tag[];
  /** A tag's posts, newest first, by its slug. */
  postsByTag: Map<string, Post<E>[]>;
}

/** What a post's text gives, which only changes with the post: kept across `astro dev` requests. */
export interface DerivedText {
  summary: string;
  readingMinutes: number;
}

export interface IndexOptions {
  /** Show drafts (true only in `astro dev`). */
  includeDrafts: boolean;
  timeZone: string;
  lang: string;
  /**
   * Derived text reused when a post's text has not changed: across builds (src/build-speed/derived-text-cache.ts,
   * keyed by `derivedTextKey`) and across requests of the dev server (keyed by `savedFileTextKey`).
   */
  textCache?: TextCache;
}

/** Derived text kept by a key made from each post. */
export interface TextCache {
  key(entry: PostEntry, lang: string): string;
  get(key: string): DerivedText | undefined;
  set(key: string, value: DerivedText): unknown;
}

/** Which entries a site may show: published ones, and drafts only when asked for. */
export function visibleEntries<E extends PostEntry>(entries: readonly E[], includeDrafts: boolean): E[] {
  return entries.filter((e) => e.data.published || includeDrafts);
}

/** Newest first; posts of the same instant by id, so the order never depends on the file system. */
export function byNewest(a: Post, b: Post): number {
  return b.date.instant.getTime() - a.date.instant.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildPostIndex<E extends PostEntry>(entries: readonly E[], options: IndexOptions): PostIndex<E> {
  const { timeZone, lang } = options;
  const visible = visibleEntries(entries, options.includeDrafts);
  const tags = collectTags(visible.map((e) => e.data.tags));
  const tagByKey = new Map(tags.map((t) => [t.key, t]));
  const dated = (d: PostDate): DatedDay => ({ instant: toInstant(d, timeZone), day: toDay(d, timeZone) });

  const posts: Post<E>[] = visible
    .map((entry) => {
      const postLang = entry.data.lang ?? lang;
      const derived = derivedText(entry, postLang, options.textCache);
      return {
      id: entry.id,
      title: entry.data.title,
      summary: derived.summary,
      lang: postLang,
      readingMinutes: derived.readingMinutes,
      aliases: entry.data.aliases,
      date: dated(entry.data.date),
      updated: entry.data.updated ? dated(entry.data.updated) : undefined,
      tags: entry.data.tags.map((t) => tagByKey.get(tagKey(t))!),
      draft: !entry.data.published,
      entry,
      };
    })
    .sort(byNewest);

  const postsByTag = new Map<string, Post<E>[]>(tags.map((t) => [t.slug, []]));
  for (const post of posts) for (const tag of post.tags) postsByTag.get(tag.slug)!.push(post);
  return { posts, tags, postsByTag };
}

/**
 * What a post's derived text is made from: its rendered HTML (hashed), description, title (the
 * summary of a post without prose) and language. The id and file digest would not do: the same file
 * renders differently once the Markdown rules change.
 */
export function derivedTextKey(entry: PostEntry, lang: string): string {
  return JSON.stringify([renderedHtmlDigest(entry.rendered), entry.data.description ?? null, entry.data.title, lang]);
}

/**
 * A cheaper key for a cache that lives as long as one dev server: the post's file as saved (its
 * digest) and language. It does not follow changes to the Markdown rules (the dev server restarts
 * for those only when the config reloads); hashing every post's HTML at each save would cost the dev
 * server time on every save, more the more posts there are (docs/performance.md).
 */
export function savedFileTextKey(entry: PostEntry, lang: string): string {
  return `${entry.id}\u0000${String(entry.digest)}\u0000${lang}`;
}

function derivedText(entry: PostEntry, lang: string, cache: IndexOptions['textCache']): DerivedText {
  const key = cache?.key(entry, lang);
  const cached = key === undefined ? undefined : cache?.get(key);
  if (cached) return cached;
  const html = entry.rendered?.html ?? '';
  const text = htmlToText(html);
  // An excerpt the author marked (`<!-- more -->`) is the summary, up to three times the usual length.
  const excerpt = htmlBeforeMore(html);
  const summary = excerpt === undefined ? summarize(text, lang) : summarize(htmlToText(excerpt), lang, 3);
  const derived = {
    // A post of only code or images has no prose: its title stands in, so no description is empty.
    summary: entry.data.description ?? (summary || entry.data.title),
    readingMinutes: readingMinutes(text),
  };
  if (key !== undefined) cache?.set(key, derived);
  return derived;
}
