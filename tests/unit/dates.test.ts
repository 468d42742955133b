import { describe, expect, it } from 'vitest';
import { calendarDayOf, formatDay, isoDateTime, parsePostDate, toDay, toInstant, zonedWallTimeToUtc } from '../../src/blog/dates.ts';

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

  it('takes the first of two repeated wall times whatever the size of the step back', () => {
    // Lord Howe Island steps back half an hour (02:00 +11:00 to 01:30 +10:30), Troll two hours (+02 to +00).
    expect(parsePostDate('2022-04-03T01:45', 'Australia/Lord_Howe')).toEqual({ instant: new Date('2022-04-02T14:45:00Z') });
    expect(parsePostDate('2024-10-27 02:30', 'Antarctica/Troll')).toEqual({ instant: new Date('2024-10-27T00:30:00Z') });
  });

  it('reads a wall time that a daylight-saving gap skips with the offset from before the gap', () => {
    // Los Angeles jumped from 02:00 to 03:00 on 2022-03-13: 02:30 reads as 03:30 PDT.
    expect(parsePostDate('2022-03-13T02:30', 'America/Los_Angeles')).toEqual({ instant: new Date('2022-03-13T10:30:00Z') });
  });

  it('refuses offsets no clock shows, and keeps fractions of a second', () => {
    expect(parsePostDate('2022-02-23T10:00+25:00', 'UTC')).toEqual({ error: '"2022-02-23T10:00+25:00" is not a real date and time' });
    expect(parsePostDate('2022-02-23T10:00+09:60', 'UTC')).toHaveProperty('error');
    expect(parsePostDate('2022-02-23T24:00', 'UTC')).toHaveProperty('error');
    expect(parsePostDate('2022-02-29', 'UTC')).toEqual({ error: '"2022-02-29" is not a real calendar date' });
    expect(parsePostDate('2024-02-29', 'UTC')).toEqual({ day: '2024-02-29' });
    expect(parsePostDate('2022-02-23T10:00:00.5+09:00', 'UTC')).toEqual({ instant: new Date('2022-02-23T01:00:00.500Z') });
  });

  it('writes an instant in ISO 8601 with the zone offset of that day, to the second', () => {
    expect(isoDateTime(new Date('2022-02-22T15:00:00.750Z'), 'Asia/Tokyo')).toBe('2022-02-23T00:00:00+09:00');
    expect(isoDateTime(new Date('2022-07-01T12:00:00Z'), 'America/Los_Angeles')).toBe('2022-07-01T05:00:00-07:00');
    expect(isoDateTime(new Date('2022-01-01T12:00:00Z'), 'America/Los_Angeles')).toBe('2022-01-01T04:00:00-08:00');
    expect(isoDateTime(new Date('2022-02-23T00:00:00Z'), 'Asia/Kathmandu')).toBe('2022-02-23T05:45:00+05:45');
    expect(isoDateTime(new Date('2022-02-23T00:00:00Z'), 'UTC')).toBe('2022-02-23T00:00:00+00:00');
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

  it.each(['Pacific/Kiritimati', 'America/Santiago', 'Pacific/Pago_Pago'])('does not depend on the machine time zone (TZ=%s)', (machineZone) => {
    // The process TZ is whatever the machine has; results above must hold regardless. Check it is used nowhere:
    const before = process.env.TZ;
    process.env.TZ = machineZone;
    try {
      expect(toInstant({ day: '2022-02-23' }, 'Asia/Tokyo').toISOString()).toBe('2022-02-22T15:00:00.000Z');
      expect(parsePostDate('2022-02-23T10:00', 'Asia/Tokyo')).toEqual({ instant: new Date('2022-02-23T01:00:00Z') });
      expect(calendarDayOf(new Date('2022-02-23T14:59:59Z'), 'Asia/Tokyo')).toBe('2022-02-23');
      expect(isoDateTime(new Date('2022-02-23T01:00:00Z'), 'Asia/Tokyo')).toBe('2022-02-23T10:00:00+09:00');
      expect(formatDay('2022-02-23', 'ja')).toBe('2022年2月23日');
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });
});
