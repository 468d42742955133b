/**
 * The archive: posts by calendar year (an index of years at /archive/, a page a year at
 * /archive/YYYY/), each year by month. Years and months are those of the day a post shows, which is
 * already in the site's time zone (src/blog/post-index.ts), so a post never sits in one year and shows a
 * day of another. Pure: it takes posts, so it is tested without Astro.
 */
import { yearOf } from './dates.ts';

/**
 * What a year page shows of a post, and nothing more: the page's cache key (src/build-speed/page-keys.ts) is
 * made from its props, so an edit to a post's body does not render its year page again.
 */
export interface ArchiveEntry {
  id: string;
  title: string;
  /** The calendar day in the site's time zone, `YYYY-MM-DD`. */
  day: string;
  /** The post's language (a title in another language than the site's is marked). */
  lang: string;
  /** Only in `astro dev`: builds have no drafts. */
  draft: boolean;
}

export interface ArchiveMonth<E> {
  /** 1 to 12. */
  month: number;
  /** Newest first. */
  entries: E[];
}

export interface ArchiveYear<E> {
  year: number;
  /** How many posts the year has: the sum over its months. */
  count: number;
  /** Newest first; only months with posts. */
  months: ArchiveMonth<E>[];
}

/**
 * A year page's year, with the nearest years that have posts on either side (none at the ends). A type,
 * not an interface, so that it is a page's props as Astro types them (an object of string keys).
 */
export type ArchiveYearPage<E> = {
  year: ArchiveYear<E>;
  newer?: number | undefined;
  older?: number | undefined;
};

/** What the archive shows of a post (see ArchiveEntry). */
export function archiveEntry(post: { id: string; title: string; lang: string; draft: boolean; date: { day: string } }): ArchiveEntry {
  return { id: post.id, title: post.title, day: post.date.day, lang: post.lang, draft: post.draft };
}

/** The month (1-12) of a calendar day `YYYY-MM-DD`. */
export function monthOf(day: string): number {
  return Number(day.slice(5, 7));
}

/**
 * Entries by year and month, newest first. Entries of one day keep the order they come in (the site's
 * lists give them newest first by instant, then by id), so the archive orders them as the lists do.
 */
export function archiveYears<E extends { day: string }>(entries: readonly E[]): ArchiveYear<E>[] {
  // A stable sort by day: the grouping does not depend on the caller's order beyond ties.
  const sorted = [...entries].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
  const years: ArchiveYear<E>[] = [];
  for (const entry of sorted) {
    const year = yearOf(entry.day);
    const month = monthOf(entry.day);
    let group = years.at(-1);
    if (group?.year !== year) years.push((group = { year, count: 0, months: [] }));
    let monthGroup = group.months.at(-1);
    if (monthGroup?.month !== month) group.months.push((monthGroup = { month, entries: [] }));
    monthGroup.entries.push(entry);
    group.count++;
  }
  return years;
}

/** One page a year, each knowing its newer and older neighbours among the years that have posts. */
export function archiveYearPages<E>(years: readonly ArchiveYear<E>[]): ArchiveYearPage<E>[] {
  return years.map((year, i) => ({ year, newer: years[i - 1]?.year, older: years[i + 1]?.year }));
}
