import { describe, expect, it } from 'vitest';
import { calendarDayOf, formatDay, parsePostDate, toDay, toInstant, zonedWallTimeToUtc } from '../../src/lib/dates.ts';

const ZONES = ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

describe('calendar dates in the site time zone', () => {
  it.each(ZONES)('a calendar day is midnight of that day in %s, and shows as that day', (zone) => {
    const instant = toInstant({ day: '2022-02-23' }, zone);
    expect(calendarDayOf(instant, zone)).toBe('2022-02-23');
    expect(toDay({ day: '2022-02-23' }, zone)).toBe('2022-02-23');
    // One millisecond earlier is the day before: it is midnight, not some other hour.
    expect(calendarDayOf(new Date(instant.getTime() - 1), zone)).toBe('2022-02-22');
  });

  it('gives the midnight instants of Tokyo and Los Angeles', () => {
    expect(toInstant({ day: '2022-02-23' }, 'Asia/Tokyo').toISOString()).toBe('2022-02-22T15:00:00.000Z');
    expect(toInstant({ day: '2022-07-01' }, 'America/Los_Angeles').toISOString()).toBe('2022-07-01T07:00:00.000Z');
    expect(toInstant({ day: '2022-02-23' }, 'Pacific/Kiritimati').toISOString()).toBe('2022-02-22T10:00:00.000Z');
  });

  it('handles days whose midnight falls in a daylight-saving gap', () => {
    // Chile's clocks went from 00:00 to 01:00 on 2022-09-11: the day starts at 01:00 local.
    const start = toInstant({ day: '2022-09-11' }, 'America/Santiago');
    expect(calendarDayOf(start, 'America/Santiago')).toBe('2022-09-11');
    expect(calendarDayOf(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2022-09-10');
  });

  it('takes the first of two repeated wall times', () => {
    // 01:30 happened twice in Los Angeles on 2022-11-06; the first time was PDT (-07:00).
    const wall = Date.UTC(2022, 10, 6, 1, 30);
    expect(new Date(zonedWallTimeToUtc(wall, 'America/Los_Angeles')).toISOString()).toBe('2022-11-06T08:30:00.000Z');
  });

  it('shows an exact instant on its day in the site time zone', () => {
    const late = parsePostDate('2022-02-23T23:30:00-08:00', 'Asia/Tokyo');
    expect(late).toEqual({ instant: new Date('2022-02-24T07:30:00Z') });
    expect(toDay(late as { instant: Date }, 'Asia/Tokyo')).toBe('2022-02-24');
    expect(toDay(late as { instant: Date }, 'America/Los_Angeles')).toBe('2022-02-23');
  });

  it('reads date-times with Z, +0900 and no offset (the site time zone)', () => {
    expect(parsePostDate('2022-02-23T10:00:00Z', 'Asia/Tokyo')).toEqual({ instant: new Date('2022-02-23T10:00:00Z') });
    expect(parsePostDate('2022-02-23 10:00:00 +0900', 'UTC')).toEqual({ instant: new Date('2022-02-23T01:00:00Z') });
    expect(parsePostDate('2022-02-23T10:00', 'Asia/Tokyo')).toEqual({ instant: new Date('2022-02-23T01:00:00Z') });
  });

  it('formats a day for Japanese and English readers', () => {
    expect(formatDay('2022-02-23', 'ja')).toBe('2022年2月23日');
    expect(formatDay('2022-02-23', 'en')).toBe('February 23, 2022');
  });

  it('does not depend on the machine time zone', () => {
    // The process TZ is whatever the machine has; results above must hold regardless. Check it is used nowhere:
    const before = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      expect(toInstant({ day: '2022-02-23' }, 'Asia/Tokyo').toISOString()).toBe('2022-02-22T15:00:00.000Z');
      expect(formatDay('2022-02-23', 'ja')).toBe('2022年2月23日');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
