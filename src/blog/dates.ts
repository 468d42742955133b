/**
 * Post dates. A post's `date` is either a calendar day (`2022-02-23`), which means that day in the site's
 * time zone, or an exact instant (`2022-02-23T10:00:00+09:00`). Frontmatter keeps which of the two the
 * author wrote; the site's time zone turns it into an instant (for ordering and feeds) and a day (for
 * display). Nothing here reads the machine's time zone, so output is the same whatever `TZ` is.
 * Wall-clock arithmetic (offsets, the start of a day, repeated and skipped hours) is Temporal's, from
 * temporal-polyfill until Node ships Temporal without a flag.
 */
import { Temporal } from 'temporal-polyfill';
import { Memo } from '../memo.ts';

/** What the author wrote, validated: a calendar day or an exact instant. */
export type PostDate = { day: string } | { instant: Date };

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An ISO 8601 / RFC 3339 date-time. `T` or a space between date and time (YAML allows both); the offset is
// `Z`, `+09:00` or `+0900`, or absent, in which case the wall time is read in the site's time zone.
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The wall time of these fields, or undefined when no calendar or clock shows it (`2022-02-30`,
 * `24:00`): Temporal's constructor refuses what does not exist instead of rolling it over as Date does.
 */
function realWallTime(...fields: ConstructorParameters<typeof Temporal.PlainDateTime>): Temporal.PlainDateTime | undefined {
  try {
    return new Temporal.PlainDateTime(...fields);
  } catch {
    return undefined;
  }
}

/** The fraction of a second as written (`.5`, `.123456`): milliseconds, microseconds, nanoseconds. */
function fractionFields(fraction: string | undefined): [number, number, number] {
  const digits = (fraction ?? '').slice(1).padEnd(9, '0');
  return [Number(digits.slice(0, 3)), Number(digits.slice(3, 6)), Number(digits.slice(6, 9))];
}

/** `+0900` as Temporal writes an offset time zone (`+09:00`); `Z` as UTC. */
function offsetZone(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'UTC';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/**
 * Reads a date as written in frontmatter. Returns an error message (a string) when the text is not a
 * real calendar day or date-time: YAML would turn `2022-13-45` into 2023-02-14, so the text is checked.
 */
export function parsePostDate(text: string, timeZone: string): PostDate | { error: string } {
  const trimmed = text.trim();
  const calendarDay = DAY_RE.exec(trimmed);
  if (calendarDay) {
    const [, year, month, day] = calendarDay;
    if (!realWallTime(Number(year), Number(month), Number(day))) return { error: `"${trimmed}" is not a real calendar date` };
    return { day: trimmed };
  }
  const dateTime = DATE_TIME_RE.exec(trimmed);
  if (dateTime) {
    const [, year, month, day, hour, minute, second = '0', fraction, offset] = dateTime;
    const notReal = { error: `"${trimmed}" is not a real date and time` };
    const wall = realWallTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second), ...fractionFields(fraction));
    if (!wall) return notReal;
    if (offset === undefined) return { instant: new Date(instantShowing(wall, timeZone).epochMilliseconds) };
    try {
      return { instant: new Date(wall.toZonedDateTime(offsetZone(offset)).epochMilliseconds) };
    } catch {
      return notReal; // an offset no clock shows (`+25:00`, `+09:60`)
    }
  }
  return {
    error: `"${trimmed}" is not a date: write YYYY-MM-DD, or a date-time such as 2022-02-23T10:00:00+09:00`,
  };
}

/**
 * A Date that a YAML or TOML parser produced. A date-only value arrives as UTC midnight and is taken
 * as that calendar day; anything else is an instant.
 */
export function postDateFromDate(date: Date): PostDate | { error: string } {
  if (Number.isNaN(date.getTime())) return { error: 'is not a valid date' };
  const isMidnightUtc =
    date.getUTCHours() === 0 &&
    date.getUTCMinutes() === 0 &&
    date.getUTCSeconds() === 0 &&
    date.getUTCMilliseconds() === 0;
  if (isMidnightUtc) return { day: date.toISOString().slice(0, 10) };
  return { instant: date };
}

/**
 * The instant at which the wall clock of `timeZone` shows `wall`. Of two (the repeated hour when clocks
 * go back), the first; a wall time that a daylight-saving gap skips is read with the offset from before
 * the gap (02:30 on a day the clocks jump from 02:00 to 03:00 is 03:30), as Temporal and Date do.
 */
function instantShowing(wall: Temporal.PlainDateTime, timeZone: string): Temporal.ZonedDateTime {
  return wall.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
}

/**
 * The instant at which the wall clock of `timeZone` shows `wallMs` (a UTC timestamp of the wall time's
 * fields): the first of two, and one read with the offset from before a daylight-saving gap.
 */
export function zonedWallTimeToUtc(wallMs: number, timeZone: string): number {
  const wall = Temporal.Instant.fromEpochMilliseconds(wallMs).toZonedDateTimeISO('UTC').toPlainDateTime();
  return instantShowing(wall, timeZone).epochMilliseconds;
}

// Pages show the same posts' dates again and again (lists, feeds, related posts): each instant's day
// and ISO form in a zone are made once.
const calendarDays = new Memo<string>(100_000);
const isoDateTimes = new Memo<string>(100_000);

/** `instant` on the wall clock of `timeZone`. */
function zoned(instant: Date, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(timeZone);
}

/**
 * The instant a post date stands for: a calendar day is the start of that day in `timeZone` (midnight,
 * or where the clocks jump to when a daylight-saving gap skips midnight).
 */
export function toInstant(date: PostDate, timeZone: string): Date {
  if ('instant' in date) return date.instant;
  return new Date(Temporal.PlainDate.from(date.day).toZonedDateTime({ timeZone }).epochMilliseconds);
}

/** The calendar day (`YYYY-MM-DD`) a post date falls on in `timeZone`. */
export function toDay(date: PostDate, timeZone: string): string {
  if ('day' in date) return date.day;
  return calendarDayOf(date.instant, timeZone);
}

/** The calendar day (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function calendarDayOf(instant: Date, timeZone: string): string {
  return calendarDays.get(`${timeZone} ${instant.getTime()}`, () => zoned(instant, timeZone).toPlainDate().toString());
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar day (`YYYY-MM-DD`) as readers of `lang` write it: `2022年2月23日` for `ja`,
 * `February 23, 2022` for `en`. The day is formatted as given, never shifted by a time zone.
 */
export function formatDay(day: string, lang: string): string {
  return shownDays.get(`${lang} ${day}`, () => {
    let f = displayFormatters.get(lang);
    if (!f) {
      f = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' });
      displayFormatters.set(lang, f);
    }
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return f.format(new Date(Date.UTC(y, m - 1, d)));
  });
}

// Every list shows the dates of the posts on it: format each day once.
const shownDays = new Memo<string>(100_000);

/** The year of a calendar day, for grouping the archive. */
export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

/** Throws unless `timeZone` is an IANA zone this Node knows. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new Error(`site.config.ts: timeZone "${timeZone}" is not a known IANA time zone (e.g. "Asia/Tokyo")`);
  }
}

/** An instant as ISO 8601 with the offset of `timeZone`, to the second: `2022-02-23T00:00:00+09:00`. */
export function isoDateTime(instant: Date, timeZone: string): string {
  return isoDateTimes.get(`${timeZone} ${instant.getTime()}`, () =>
    zoned(instant, timeZone).toString({ timeZoneName: 'never', fractionalSecondDigits: 0 }),
  );
}
