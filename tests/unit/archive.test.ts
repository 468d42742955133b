import { describe, expect, it } from 'vitest';
import { archiveEntry, archiveYearPages, archiveYears, monthOf, type ArchiveEntry } from '../../src/blog/archive.ts';
import { dayOfMonthLabel, monthLabel, yearLabel } from '../../src/blog/calendar-labels.ts';
import { buildPostIndex, type PostEntry } from '../../src/blog/post-index.ts';
import { collectRedirects } from '../../src/blog/redirects.ts';
import { archiveHref, archiveYearHref, yearSegment } from '../../src/blog/urls.ts';
import { postSchema } from '../../src/content.config.ts';

const row = (id: string, day: string): ArchiveEntry => ({ id, title: id, day, lang: 'ja', draft: false });
/** The archive as `year: [month: [ids]]`, for comparing. */
const shape = (entries: ArchiveEntry[]) =>
  archiveYears(entries).map((y) => [y.year, y.count, y.months.map((m) => [m.month, m.entries.map((e) => e.id)])]);

describe('archiveYears', () => {
  it('groups by year and month, newest first, and counts each year', () => {
    const entries = [row('d', '2024-12-31'), row('c', '2024-03-05'), row('b', '2024-03-01'), row('a', '2022-01-01')];
    expect(shape(entries)).toEqual([
      [2024, 3, [[12, ['d']], [3, ['c', 'b']]]],
      [2022, 1, [[1, ['a']]]],
    ]);
  });

  it('gives the same archive whatever order the posts come in, and keeps the order of posts of one day', () => {
    const entries = [row('new', '2023-05-02'), row('same-1', '2023-05-01'), row('same-2', '2023-05-01'), row('old', '2021-12-31')];
    const shuffled = [entries[3]!, entries[1]!, entries[0]!, entries[2]!];
    expect(shape(shuffled)).toEqual(shape(entries));
    expect(shape([entries[0]!, entries[2]!, entries[1]!, entries[3]!])[0]![2]).toEqual([[5, ['new', 'same-2', 'same-1']]]);
  });

  it('puts every post once, under its own year and month, on a large site', () => {
    let seed = 11;
    const next = (n: number) => ((seed = (seed * 48271) % 2147483647), seed % n);
    const pad = (n: number) => String(n).padStart(2, '0');
    const entries = Array.from({ length: 600 }, (_, i) => row(`p${i}`, `${2005 + next(20)}-${pad(1 + next(12))}-${pad(1 + next(28))}`));
    const years = archiveYears(entries);
    const placed = years.flatMap((y) => y.months.flatMap((m) => m.entries.map((e) => [e.id, y.year, m.month])));
    expect(placed.map(([id]) => id).sort()).toEqual(entries.map((e) => e.id).sort());
    for (const [id, year, month] of placed) {
      const day = entries.find((e) => e.id === id)!.day;
      expect([Number(day.slice(0, 4)), monthOf(day)], String(id)).toEqual([year, month]);
    }
    expect(years.map((y) => y.year)).toEqual([...new Set(years.map((y) => y.year))].sort((a, b) => b - a));
    for (const y of years) {
      expect(y.count).toBe(y.months.reduce((n, m) => n + m.entries.length, 0));
      expect(y.months.map((m) => m.month)).toEqual([...y.months.map((m) => m.month)].sort((a, b) => b - a));
      const days = y.months.flatMap((m) => m.entries.map((e) => e.day));
      expect(days).toEqual([...days].sort().reverse());
    }
  });

  it('has no years for no posts', () => {
    expect(archiveYears([])).toEqual([]);
    expect(archiveYearPages([])).toEqual([]);
  });
});

describe('years in the site’s time zone', () => {
  const entry = (id: string, date: string, published = true): PostEntry => ({
    id,
    data: postSchema.parse({ title: id, date, published }),
    rendered: { html: '<p>本文</p>' },
  });
  const entries = [
    // New Year's Eve in New York is New Year's Day in Tokyo.
    entry('eve', '2022-12-31T20:00:00-05:00'),
    entry('day', '2022-12-31'),
    entry('draft', '2021-06-01', false),
  ];

  it('files a post under the year of the day it shows', () => {
    const tokyo = buildPostIndex(entries, { includeDrafts: false, timeZone: 'Asia/Tokyo', lang: 'ja' }).posts;
    expect(shape(tokyo.map(archiveEntry))).toEqual([
      [2023, 1, [[1, ['eve']]]],
      [2022, 1, [[12, ['day']]]],
    ]);
    const newYork = buildPostIndex(entries, { includeDrafts: false, timeZone: 'America/New_York', lang: 'ja' }).posts;
    expect(shape(newYork.map(archiveEntry))).toEqual([[2022, 2, [[12, ['eve', 'day']]]]]);
  });

  it('has a draft’s year only where drafts are shown, with the draft marked', () => {
    const build = buildPostIndex(entries, { includeDrafts: false, timeZone: 'Asia/Tokyo', lang: 'ja' }).posts;
    expect(archiveYears(build.map(archiveEntry)).map((y) => y.year)).toEqual([2023, 2022]);
    const dev = buildPostIndex(entries, { includeDrafts: true, timeZone: 'Asia/Tokyo', lang: 'ja' }).posts;
    const years = archiveYears(dev.map(archiveEntry));
    expect(years.map((y) => y.year)).toEqual([2023, 2022, 2021]);
    expect(years[2]!.months[0]!.entries[0]).toEqual({ id: 'draft', title: 'draft', day: '2021-06-01', lang: 'ja', draft: true });
  });
});

describe('archiveYearPages', () => {
  it('links each year to the nearest years that have posts, none past the ends', () => {
    const years = archiveYears([row('a', '2024-01-01'), row('b', '2020-01-01'), row('c', '2019-01-01')]);
    expect(archiveYearPages(years).map((p) => [p.year.year, p.newer, p.older])).toEqual([
      [2024, undefined, 2020],
      [2020, 2024, 2019],
      [2019, 2020, undefined],
    ]);
  });
});

describe('archive URLs', () => {
  it('are /archive/ and /archive/YYYY/, four digits', () => {
    expect(archiveHref()).toBe('/archive/');
    expect(archiveYearHref(2024)).toBe('/archive/2024/');
    expect(archiveYearHref(999)).toBe('/archive/0999/');
    expect(yearSegment(999)).toBe('0999');
  });

  it('are the site’s own: no alias may replace the index or a year page', () => {
    for (const alias of ['/archive', '/archive/', '/archive/index.html', '/archive/2024/', '/archive/2024', '/Archive/2024/index.html']) {
      expect(() => collectRedirects([{ id: 'a', aliases: [alias], file: 'a.md' }]), alias).toThrow(/would replace the site's own \/archive\//);
    }
    expect(collectRedirects([{ id: 'a', aliases: ['/archives/', '/archive.html', '/old/archive/'], file: 'a.md' }])).toHaveLength(3);
  });
});

describe('calendar labels', () => {
  it('write years, months and days of the month as each language does', () => {
    expect([yearLabel(2024, 'ja'), monthLabel(3, 'ja'), dayOfMonthLabel('2024-03-09', 'ja')]).toEqual(['2024年', '3月', '9日']);
    expect([yearLabel(2024, 'en'), monthLabel(12, 'en'), dayOfMonthLabel('2024-12-31', 'en')]).toEqual(['2024', 'December', '31']);
    expect(yearLabel(45, 'ja')).toBe('45年');
  });
});
