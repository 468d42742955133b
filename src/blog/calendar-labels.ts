/**
 * A year, a month and a day of the month as readers of a language write them, for the archive's
 * headings and its date column: `2024年`, `12月`, `31日` in Japanese; `2024`, `December`, `31` in
 * English. Intl knows each language's way, so none is written out here. Calendar fields are formatted
 * as given (in UTC), never shifted by a time zone: they are already the site's.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function format(lang: string, field: 'year' | 'month' | 'day', date: Date): string {
  const key = `${lang} ${field}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = field === 'month' ? { month: 'long' } : { [field]: 'numeric' };
    f = new Intl.DateTimeFormat(lang, { timeZone: 'UTC', ...options });
    formatters.set(key, f);
  }
  return f.format(date);
}

function utcDate(year: number, month = 1, day = 1): Date {
  const date = new Date(Date.UTC(2000, month - 1, day));
  // Date.UTC reads years 0-99 as 1900-1999: set the year itself.
  date.setUTCFullYear(year);
  return date;
}

/** A calendar year: `2024年` (ja), `2024` (en). */
export function yearLabel(year: number, lang: string): string {
  return format(lang, 'year', utcDate(year));
}

/** A month, 1 to 12: `12月` (ja), `December` (en). */
export function monthLabel(month: number, lang: string): string {
  return format(lang, 'month', utcDate(2000, month));
}

/** The day of the month of a calendar day `YYYY-MM-DD`: `31日` (ja), `31` (en). */
export function dayOfMonthLabel(day: string, lang: string): string {
  return format(lang, 'day', utcDate(2000, 1, Number(day.slice(8, 10))));
}
