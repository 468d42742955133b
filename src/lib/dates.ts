/**
 * Post dates. A post's `date` is either a calendar day (`2022-02-23`), which means that day in the site's
 * time zone, or an exact instant (`2022-02-23T10:00:00+09:00`). Frontmatter keeps which of the two the
 * author wrote; the site's time zone turns it into an instant (for ordering and feeds) and a day (for
 * display). Nothing here reads the machine's time zone, so output is the same whatever `TZ` is.
 */
import { Memo } from './memo.ts';

/** What the author wrote, validated: a calendar day or an exact instant. */
export type PostDate = { day: string } | { instant: Date };

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An ISO 8601 / RFC 3339 date-time. `T` or a space between date and time (YAML allows both); the offset is
// `Z`, `+09:00` or `+0900`, or absent, in which case the wall time is read in the site's time zone.
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

interface DayParts {
  year: number;
  month: number;
  day: number;
}

function isRealDay({ year, month, day }: DayParts): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= daysInMonth;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDay({ year, month, day }: DayParts): string {
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

/**
 * Reads a date as written in frontmatter. Returns an error message (a string) when the text is not a
 * real calendar day or date-time: YAML would turn `2022-13-45` into 2023-02-14, so the text is checked.
 */
export function parsePostDate(text: string, timeZone: string): PostDate | { error: string } {
  const trimmed = text.trim();
  const day = DAY_RE.exec(trimmed);
  if (day) {
    const parts = { year: Number(day[1]), month: Number(day[2]), day: Number(day[3]) };
    if (!isRealDay(parts)) return { error: `"${trimmed}" is not a real calendar date` };
    return { day: trimmed };
  }
  const dt = DATE_TIME_RE.exec(trimmed);
  if (dt) {
    const parts = { year: Number(dt[1]), month: Number(dt[2]), day: Number(dt[3]) };
    const [hour, minute, second] = [Number(dt[4]), Number(dt[5]), Number(dt[6] ?? 0)];
    if (!isRealDay(parts) || hour > 23 || minute > 59 || second > 59) {
      return { error: `"${trimmed}" is not a real date and time` };
    }
    const ms = Math.round(Number(dt[7] ?? 0) * 1000);
    const wall = Date.UTC(parts.year, parts.month - 1, parts.day, hour, minute, second, ms);
    const offset = dt[8];
    if (offset === undefined) return { instant: new Date(zonedWallTimeToUtc(wall, timeZone)) };
    if (offset.toUpperCase() === 'Z') return { instant: new Date(wall) };
    const sign = offset.startsWith('-') ? -1 : 1;
    const digits = offset.slice(1).replace(':', '');
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return { instant: new Date(wall - offsetMinutes * 60_000) };
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

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormatters.set(timeZone, f);
  }
  return f;
}

// Pages show the same posts' dates again and again (lists, feeds, related posts); formatToParts is slow.
const wallTimes = new Memo<number>(100_000);

/** The wall-clock fields of an instant in a time zone, as a UTC timestamp of the same fields. */
function wallTimeIn(utcMs: number, timeZone: string): number {
  return wallTimes.get(`${timeZone} ${utcMs}`, () => computeWallTime(utcMs, timeZone));
}

function computeWallTime(utcMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== 'literal') fields[p.type] = Number(p.value);
  }
  const f = (k: string) => fields[k] ?? 0;
  return Date.UTC(f('year'), f('month') - 1, f('day'), f('hour'), f('minute'), f('second'));
}

/**
 * The first instant at which the wall clock of `timeZone` shows `wallMs` (a UTC timestamp of the wall
 * time's fields). Where a daylight-saving gap skips that wall time, the first instant after the gap.
 */
export function zonedWallTimeToUtc(wallMs: number, timeZone: string): number {
  // Offsets are within ±26 hours; two corrections settle every zone, including ones that change
  // their offset around the guess.
  let guess = wallMs;
  for (let i = 0; i < 3; i++) {
    const offset = wallTimeIn(guess, timeZone) - guess;
    const next = wallMs - offset;
    if (next === guess) break;
    guess = next;
  }
  const shown = wallTimeIn(guess, timeZone);
  if (shown === wallMs) {
    // Of two instants that show this wall time (the repeated hour when clocks go back), take the first.
    const anHourEarlier = guess - 3_600_000;
    return wallTimeIn(anHourEarlier, timeZone) === wallMs ? anHourEarlier : guess;
  }
  // The wall time does not exist (clocks jumped over it): take where the jump lands.
  return shown < wallMs ? guess + (wallMs - shown) : guess;
}

/** The instant a post date stands for: a calendar day is midnight of that day in `timeZone`. */
export function toInstant(date: PostDate, timeZone: string): Date {
  if ('instant' in date) return date.instant;
  const [y, m, d] = date.day.split('-').map(Number) as [number, number, number];
  return new Date(zonedWallTimeToUtc(Date.UTC(y, m - 1, d), timeZone));
}

/** The calendar day (`YYYY-MM-DD`) a post date falls on in `timeZone`. */
export function toDay(date: PostDate, timeZone: string): string {
  if ('day' in date) return date.day;
  return calendarDayOf(date.instant, timeZone);
}

/** The calendar day (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function calendarDayOf(instant: Date, timeZone: string): string {
  const wall = new Date(wallTimeIn(instant.getTime(), timeZone));
  return isoDay({ year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate() });
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

/** An instant as ISO 8601 with the offset of `timeZone`: `2022-02-23T00:00:00+09:00`. */
export function isoDateTime(instant: Date, timeZone: string): string {
  const wallMs = wallTimeIn(instant.getTime(), timeZone);
  const offsetMinutes = Math.round((wallMs - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${new Date(wallMs).toISOString().slice(0, 19)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
