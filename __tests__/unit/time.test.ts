import { describe, expect, it, test } from 'vitest';
import { addDays, isValidTimeZone, localDatesBetween, utcToZonedParts, zonedLocalToUtc } from '../../lib/domain/time';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

describe('zonedLocalToUtc', () => {
  test.each([
    // ordinary times
    ['2026-01-15', '09:00', NY, '2026-01-15T14:00:00.000Z'], // EST −5
    ['2026-07-15', '09:00', NY, '2026-07-15T13:00:00.000Z'], // EDT −4
    ['2026-01-15', '09:00', BERLIN, '2026-01-15T08:00:00.000Z'],
    ['2026-07-15', '09:00', BERLIN, '2026-07-15T07:00:00.000Z'],
    ['2026-07-15', '09:00', 'UTC', '2026-07-15T09:00:00.000Z'],
    ['2026-07-15', '09:00', 'Asia/Kolkata', '2026-07-15T03:30:00.000Z'],
    ['2026-07-15', '09:00', 'Asia/Kathmandu', '2026-07-15T03:15:00.000Z'],
    ['2026-01-01', '00:00', NY, '2026-01-01T05:00:00.000Z'],
    // spring-forward gap: shifted forward by the gap
    ['2026-03-08', '02:00', NY, '2026-03-08T07:00:00.000Z'], // → 03:00 EDT
    ['2026-03-08', '02:30', NY, '2026-03-08T07:30:00.000Z'], // → 03:30 EDT
    ['2026-03-08', '03:00', NY, '2026-03-08T07:00:00.000Z'],
    ['2026-03-08', '01:59', NY, '2026-03-08T06:59:00.000Z'],
    ['2026-03-29', '02:30', BERLIN, '2026-03-29T01:30:00.000Z'], // → 03:30 CEST
    ['2026-10-04', '02:30', 'Australia/Sydney', '2026-10-03T16:30:00.000Z'], // → 03:30 AEDT
    ['2026-10-04', '02:15', 'Australia/Lord_Howe', '2026-10-03T15:45:00.000Z'], // 30-minute gap → 02:45
    // fall-back overlap: the earlier instant
    ['2026-11-01', '01:30', NY, '2026-11-01T05:30:00.000Z'], // 01:30 EDT, not EST
    ['2026-11-01', '01:00', NY, '2026-11-01T05:00:00.000Z'],
    ['2026-11-01', '02:00', NY, '2026-11-01T07:00:00.000Z'], // unambiguous EST
    ['2026-10-25', '02:30', BERLIN, '2026-10-25T00:30:00.000Z'], // 02:30 CEST
    ['2026-10-25', '03:00', BERLIN, '2026-10-25T02:00:00.000Z'],
    ['2026-04-05', '01:45', 'Australia/Lord_Howe', '2026-04-04T14:45:00.000Z'],
  ])('%s %s %s → %s', (date, time, tz, iso) => {
    expect(zonedLocalToUtc(date, time, tz).toISOString()).toBe(iso);
  });

  it('round-trips every quarter hour of the DST days, except times in the gap', () => {
    for (const [tz, date, gapStart] of [
      [NY, '2026-03-08', '02:00'],
      [NY, '2026-11-01', null],
      [BERLIN, '2026-03-29', '02:00'],
      [BERLIN, '2026-10-25', null],
    ] as const) {
      for (let m = 0; m < 24 * 60; m += 15) {
        const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const inGap = gapStart !== null && time >= gapStart && time < '03:00';
        const parts = utcToZonedParts(zonedLocalToUtc(date, time, tz), tz);
        const expectedTime = inGap ? `03:${time.slice(3)}` : time;
        expect({ tz, date: parts.date, time: parts.time }).toEqual({ tz, date, time: expectedTime });
      }
    }
  });

  test.each([
    ['2026-02-30', '09:00', NY],
    ['2026-13-01', '09:00', NY],
    ['26-01-01', '09:00', NY],
    ['2026-01-01', '24:00', NY],
    ['2026-01-01', '9:00', NY],
    ['2026-01-01', '09:60', NY],
    ['2026-01-01', '09:00', 'Mars/Olympus'],
  ])('rejects %s %s %s', (date, time, tz) => {
    expect(() => zonedLocalToUtc(date, time, tz)).toThrow();
  });
});

describe('utcToZonedParts', () => {
  test.each([
    ['2026-03-08T07:30:00Z', NY, { date: '2026-03-08', time: '03:30', weekday: 'SUN' }],
    ['2026-03-08T06:59:59Z', NY, { date: '2026-03-08', time: '01:59', weekday: 'SUN' }],
    ['2026-11-01T05:30:00Z', NY, { date: '2026-11-01', time: '01:30', weekday: 'SUN' }],
    ['2026-11-01T06:30:00Z', NY, { date: '2026-11-01', time: '01:30', weekday: 'SUN' }],
    ['2026-01-01T04:59:00Z', NY, { date: '2025-12-31', time: '23:59', weekday: 'WED' }],
    ['2026-01-01T05:00:00Z', NY, { date: '2026-01-01', time: '00:00', weekday: 'THU' }], // never "24:00"
    ['2026-10-24T23:00:00Z', BERLIN, { date: '2026-10-25', time: '01:00', weekday: 'SUN' }],
    ['2026-03-09T12:00:00Z', 'Pacific/Kiritimati', { date: '2026-03-10', time: '02:00', weekday: 'TUE' }],
  ])('%s in %s', (iso, tz, parts) => {
    expect(utcToZonedParts(new Date(iso), tz)).toEqual(parts);
  });

  it('rejects invalid instants and zones', () => {
    expect(() => utcToZonedParts(new Date('nope'), NY)).toThrow();
    expect(() => utcToZonedParts(new Date(), 'Nowhere/Special')).toThrow();
  });
});

describe('isValidTimeZone', () => {
  test.each([
    [NY, true],
    [BERLIN, true],
    ['UTC', true],
    ['Asia/Kathmandu', true],
    ['Mars/Olympus', false],
    ['', false],
    ['GMT+25', false],
  ])('%s → %s', (tz, ok) => {
    expect(isValidTimeZone(tz)).toBe(ok);
  });
});

describe('local dates', () => {
  test.each([
    ['2026-03-07', 1, '2026-03-08'],
    ['2026-03-08', 1, '2026-03-09'], // DST is irrelevant to calendar dates
    ['2026-12-31', 1, '2027-01-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2026-02-28', 1, '2026-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2026-01-31', 31, '2026-03-03'],
    ['2026-05-05', 0, '2026-05-05'],
  ])('addDays(%s, %i) = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('rejects bad input', () => {
    expect(() => addDays('2026-02-29', 1)).toThrow();
    expect(() => addDays('2026-01-01', 1.5)).toThrow();
  });

  it('lists dates inclusively', () => {
    expect(localDatesBetween('2026-10-30', '2026-11-02')).toEqual(['2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']);
    expect(localDatesBetween('2026-11-01', '2026-11-01')).toEqual(['2026-11-01']);
    expect(localDatesBetween('2026-11-02', '2026-11-01')).toEqual([]);
    expect(localDatesBetween('2025-12-30', '2026-01-02')).toHaveLength(4);
  });
});
