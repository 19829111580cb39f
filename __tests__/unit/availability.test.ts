import { describe, expect, it, test } from 'vitest';
import type { TimeRange, WeeklyAvailability } from '../../lib/data/records';
import {
  AvailabilityError,
  computeSlots,
  isBookableSlot,
  slotHoldKeys,
  type AvailabilityService,
  type BusyInterval,
} from '../../lib/domain/availability';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';
const LONG_AGO = new Date('2000-01-01T00:00:00Z');

const everyDay = (...ranges: TimeRange[]): WeeklyAvailability =>
  Object.fromEntries(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((d) => [d, ranges]));

const svc = (overrides: Partial<AvailabilityService> = {}): AvailabilityService => ({
  timeZone: NY,
  weeklyAvailability: everyDay({ start: '09:00', end: '12:00' }),
  blockedDates: [],
  durationMinutes: 60,
  ...overrides,
});

const starts = (service: AvailabilityService, fromDate: string, toDate = fromDate, busy: BusyInterval[] = [], now = LONG_AGO) =>
  computeSlots({ service, fromDate, toDate, now, busy }).map((s) => s.startDateTime);

const at = (iso: string) => new Date(iso);

describe('computeSlots across DST', () => {
  test.each([
    // zone, date, 09:00–12:00 slots stay at 09:00 local on both sides of each transition
    [NY, '2026-03-07', ['2026-03-07T14:00:00.000Z', '2026-03-07T15:00:00.000Z', '2026-03-07T16:00:00.000Z']],
    [NY, '2026-03-08', ['2026-03-08T13:00:00.000Z', '2026-03-08T14:00:00.000Z', '2026-03-08T15:00:00.000Z']],
    [NY, '2026-10-31', ['2026-10-31T13:00:00.000Z', '2026-10-31T14:00:00.000Z', '2026-10-31T15:00:00.000Z']],
    [NY, '2026-11-01', ['2026-11-01T14:00:00.000Z', '2026-11-01T15:00:00.000Z', '2026-11-01T16:00:00.000Z']],
    [BERLIN, '2026-03-28', ['2026-03-28T08:00:00.000Z', '2026-03-28T09:00:00.000Z', '2026-03-28T10:00:00.000Z']],
    [BERLIN, '2026-03-29', ['2026-03-29T07:00:00.000Z', '2026-03-29T08:00:00.000Z', '2026-03-29T09:00:00.000Z']],
    [BERLIN, '2026-10-24', ['2026-10-24T07:00:00.000Z', '2026-10-24T08:00:00.000Z', '2026-10-24T09:00:00.000Z']],
    [BERLIN, '2026-10-25', ['2026-10-25T08:00:00.000Z', '2026-10-25T09:00:00.000Z', '2026-10-25T10:00:00.000Z']],
  ])('%s %s: 09:00–12:00', (timeZone, date, expected) => {
    expect(starts(svc({ timeZone }), date)).toEqual(expected);
  });

  test.each([
    // A 01:00–04:00 range holds the hours that really elapse: 2 on spring-forward, 4 on fall-back.
    [NY, '2026-03-08', ['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z']], // 01:00 EST, 03:00 EDT
    [NY, '2026-11-01', ['2026-11-01T05:00:00.000Z', '2026-11-01T06:00:00.000Z', '2026-11-01T07:00:00.000Z', '2026-11-01T08:00:00.000Z']],
    [BERLIN, '2026-03-29', ['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']], // 01:00 CET, 03:00 CEST
    [
      BERLIN,
      '2026-10-25',
      ['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T01:00:00.000Z', '2026-10-25T02:00:00.000Z'],
    ],
    [NY, '2026-03-07', ['2026-03-07T06:00:00.000Z', '2026-03-07T07:00:00.000Z', '2026-03-07T08:00:00.000Z']], // ordinary night
  ])('%s %s: 01:00–04:00', (timeZone, date, expected) => {
    const service = svc({ timeZone, weeklyAvailability: everyDay({ start: '01:00', end: '04:00' }) });
    const slots = computeSlots({ service, fromDate: date, toDate: date, now: LONG_AGO, busy: [] });
    expect(slots.map((s) => s.startDateTime)).toEqual(expected);
    for (const s of slots) expect(Date.parse(s.endDateTime) - Date.parse(s.startDateTime)).toBe(3_600_000);
  });

  it('spans a multi-day window, one weekday at a time', () => {
    const service = svc({ weeklyAvailability: { MON: [{ start: '09:00', end: '10:00' }], SUN: [{ start: '09:00', end: '10:00' }] } });
    // 2026-03-08 is the Sunday of the NY spring-forward, 2026-03-09 a Monday
    expect(starts(service, '2026-03-05', '2026-03-11')).toEqual(['2026-03-08T13:00:00.000Z', '2026-03-09T13:00:00.000Z']);
  });
});

describe('computeSlots rules', () => {
  it('returns start and end as ISO strings', () => {
    expect(computeSlots({ service: svc(), fromDate: '2026-03-10', toDate: '2026-03-10', now: LONG_AGO, busy: [] })[0]).toEqual({
      startDateTime: '2026-03-10T13:00:00.000Z',
      endDateTime: '2026-03-10T14:00:00.000Z',
    });
  });

  it('skips blocked dates', () => {
    const service = svc({ blockedDates: ['2026-03-10'] });
    expect(starts(service, '2026-03-09', '2026-03-11').map((s) => s.slice(0, 10))).toEqual([
      '2026-03-09',
      '2026-03-09',
      '2026-03-09',
      '2026-03-11',
      '2026-03-11',
      '2026-03-11',
    ]);
  });

  it('cuts slots on the range-start grid and drops the one that does not fit', () => {
    expect(starts(svc({ durationMinutes: 90 }), '2026-03-10')).toEqual(['2026-03-10T13:00:00.000Z', '2026-03-10T14:30:00.000Z']);
    expect(starts(svc({ durationMinutes: 240 }), '2026-03-10')).toEqual([]);
  });

  it('sorts several ranges and removes duplicates from overlapping ranges', () => {
    const service = svc({
      weeklyAvailability: everyDay({ start: '14:00', end: '16:00' }, { start: '09:00', end: '10:00' }, { start: '14:00', end: '15:00' }),
    });
    expect(starts(service, '2026-03-10')).toEqual(['2026-03-10T13:00:00.000Z', '2026-03-10T18:00:00.000Z', '2026-03-10T19:00:00.000Z']);
  });

  it('supports ranges ending at 24:00', () => {
    const service = svc({ weeklyAvailability: everyDay({ start: '22:00', end: '24:00' }) });
    expect(starts(service, '2026-03-10')).toEqual(['2026-03-11T02:00:00.000Z', '2026-03-11T03:00:00.000Z']);
  });

  it('removes slots overlapping a busy interval (half-open)', () => {
    const busy = [
      { start: at('2026-03-10T13:30:00Z'), end: at('2026-03-10T14:00:00Z') }, // inside the 09:00 slot
      { start: at('2026-03-10T12:00:00Z'), end: at('2026-03-10T13:00:00Z') }, // ends as 09:00 begins: no clash
      { start: at('2026-03-10T16:00:00Z'), end: at('2026-03-10T17:00:00Z') }, // starts as 11:00 ends: no clash
    ];
    expect(starts(svc(), '2026-03-10', '2026-03-10', busy)).toEqual(['2026-03-10T14:00:00.000Z', '2026-03-10T15:00:00.000Z']);
    const spanning = [{ start: at('2026-03-10T14:59:00Z'), end: at('2026-03-10T15:01:00Z') }];
    expect(starts(svc(), '2026-03-10', '2026-03-10', spanning)).toEqual(['2026-03-10T13:00:00.000Z']);
  });

  it('drops slots starting before now + lead time', () => {
    const now = at('2026-03-10T13:30:00Z');
    const slots = (minLeadMinutes?: number) =>
      computeSlots({
        service: svc(),
        fromDate: '2026-03-10',
        toDate: '2026-03-10',
        now,
        busy: [],
        ...(minLeadMinutes === undefined ? {} : { minLeadMinutes }),
      }).map((s) => s.startDateTime);
    expect(slots()).toEqual(['2026-03-10T14:00:00.000Z', '2026-03-10T15:00:00.000Z']);
    expect(slots(30)).toEqual(['2026-03-10T14:00:00.000Z', '2026-03-10T15:00:00.000Z']); // exactly at the limit stays
    expect(slots(31)).toEqual(['2026-03-10T15:00:00.000Z']);
    expect(slots(24 * 60)).toEqual([]);
  });

  it('limits the window and validates input', () => {
    const run =
      (fromDate: string, toDate: string, extra: object = {}) =>
      () =>
        computeSlots({ service: svc(), fromDate, toDate, now: LONG_AGO, busy: [], ...extra });
    expect(run('2026-03-01', '2026-03-31')).not.toThrow(); // 31 days
    expect(run('2026-03-01', '2026-04-01')).toThrow(AvailabilityError);
    expect(run('2026-03-01', '2026-03-07', { maxDays: 7 })).not.toThrow();
    expect(run('2026-03-01', '2026-03-08', { maxDays: 7 })).toThrow(/at most 7 days/);
    expect(run('2026-03-02', '2026-03-01')).toThrow(AvailabilityError);
    expect(run('2026-02-30', '2026-03-01')).toThrow();
    expect(run('2026-03-01', '2026-03-01', { minLeadMinutes: -5 })).toThrow(AvailabilityError);
    expect(() => starts(svc({ weeklyAvailability: everyDay({ start: '12:00', end: '09:00' }) }), '2026-03-10')).toThrow(AvailabilityError);
    expect(() => starts(svc({ durationMinutes: 0 }), '2026-03-10')).toThrow(AvailabilityError);
    expect(() => starts(svc({ timeZone: 'Nowhere/Special' }), '2026-03-10')).toThrow();
  });
});

describe('isBookableSlot', () => {
  const now = at('2026-03-01T00:00:00Z');
  const ok = (service: AvailabilityService, start: string, end: string, busy: BusyInterval[] = [], when = now) =>
    isBookableSlot(service, at(start), at(end), { now: when, busy });

  it('accepts exactly a computed slot', () => {
    expect(ok(svc(), '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z')).toBe(true);
    expect(ok(svc(), '2026-03-10T15:00:00.000Z', '2026-03-10T16:00:00.000Z')).toBe(true);
  });

  test.each([
    ['shifted by a minute', '2026-03-10T13:01:00Z', '2026-03-10T14:01:00Z'],
    ['shifted by half a slot', '2026-03-10T13:30:00Z', '2026-03-10T14:30:00Z'],
    ['longer than a slot', '2026-03-10T13:00:00Z', '2026-03-10T15:00:00Z'],
    ['shorter than a slot', '2026-03-10T13:00:00Z', '2026-03-10T13:30:00Z'],
    ['outside opening hours', '2026-03-10T17:00:00Z', '2026-03-10T18:00:00Z'],
    ['in the past', '2026-02-27T14:00:00Z', '2026-02-27T15:00:00Z'],
    ['end before start', '2026-03-10T14:00:00Z', '2026-03-10T13:00:00Z'],
  ])('rejects a slot %s', (_label, start, end) => {
    expect(ok(svc(), start, end)).toBe(false);
  });

  it('rejects 09:00 computed with the winter offset on a summer-time day', () => {
    const oneSlot = svc({ weeklyAvailability: everyDay({ start: '09:00', end: '10:00' }) });
    expect(ok(oneSlot, '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z')).toBe(true); // 09:00 EDT
    expect(ok(oneSlot, '2026-03-10T14:00:00Z', '2026-03-10T15:00:00Z')).toBe(false); // 09:00 EST
  });

  it('rejects blocked dates, busy times and lead-time violations', () => {
    expect(ok(svc({ blockedDates: ['2026-03-10'] }), '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z')).toBe(false);
    const busy = [{ start: at('2026-03-10T13:45:00Z'), end: at('2026-03-10T14:15:00Z') }];
    expect(ok(svc(), '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', busy)).toBe(false);
    expect(ok(svc(), '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', [], at('2026-03-10T13:00:00.001Z'))).toBe(false);
    expect(
      isBookableSlot(svc(), at('2026-03-10T13:00:00Z'), at('2026-03-10T14:00:00Z'), {
        now: at('2026-03-10T12:30:00Z'),
        minLeadMinutes: 60,
      }),
    ).toBe(false);
  });

  it('knows DST-day slots', () => {
    const night = svc({ weeklyAvailability: everyDay({ start: '01:00', end: '04:00' }) });
    expect(ok(night, '2026-03-08T07:00:00Z', '2026-03-08T08:00:00Z')).toBe(true); // 03:00 EDT
    expect(ok(night, '2026-03-08T08:00:00Z', '2026-03-08T09:00:00Z')).toBe(false); // 04:00 EDT: closed
    expect(ok(night, '2026-11-01T06:00:00Z', '2026-11-01T07:00:00Z')).toBe(true); // the second 01:00
    const berlin = svc({ timeZone: BERLIN, weeklyAvailability: everyDay({ start: '01:00', end: '04:00' }) });
    expect(ok(berlin, '2026-10-24T23:00:00Z', '2026-10-25T00:00:00Z')).toBe(true); // 01:00 CEST, UTC date differs
  });

  it('rejects invalid dates and also takes a single object', () => {
    expect(isBookableSlot(svc(), new Date('x'), at('2026-03-10T14:00:00Z'), { now })).toBe(false);
    expect(isBookableSlot({ service: svc(), start: at('2026-03-10T13:00:00Z'), end: at('2026-03-10T14:00:00Z'), now })).toBe(true);
    expect(isBookableSlot({ service: svc(), start: at('2026-03-10T13:05:00Z'), end: at('2026-03-10T14:05:00Z'), now })).toBe(false);
  });
});

describe('slotHoldKeys', () => {
  it('lists the 15-minute quanta of a booking', () => {
    expect(slotHoldKeys('prov1', at('2026-03-10T13:00:00Z'), at('2026-03-10T14:00:00Z'))).toEqual([
      'prov1#2026-03-10T13:00:00.000Z',
      'prov1#2026-03-10T13:15:00.000Z',
      'prov1#2026-03-10T13:30:00.000Z',
      'prov1#2026-03-10T13:45:00.000Z',
    ]);
  });

  it('includes partly covered quanta', () => {
    expect(slotHoldKeys('p', at('2026-03-10T13:10:00Z'), at('2026-03-10T13:20:00Z'))).toEqual([
      'p#2026-03-10T13:00:00.000Z',
      'p#2026-03-10T13:15:00.000Z',
    ]);
  });

  it('makes overlapping bookings of one provider collide and adjacent ones not', () => {
    const a = slotHoldKeys('p', at('2026-03-10T13:00:00Z'), at('2026-03-10T14:00:00Z'));
    const overlapping = slotHoldKeys('p', at('2026-03-10T13:45:00Z'), at('2026-03-10T15:15:00Z'));
    const adjacent = slotHoldKeys('p', at('2026-03-10T14:00:00Z'), at('2026-03-10T15:00:00Z'));
    const otherProvider = slotHoldKeys('q', at('2026-03-10T13:00:00Z'), at('2026-03-10T14:00:00Z'));
    expect(overlapping.filter((k) => a.includes(k))).toEqual(['p#2026-03-10T13:45:00.000Z']);
    expect(adjacent.filter((k) => a.includes(k))).toEqual([]);
    expect(otherProvider.filter((k) => a.includes(k))).toEqual([]);
  });

  it('takes another quantum and up to 24 hours', () => {
    expect(slotHoldKeys('p', at('2026-03-10T13:00:00Z'), at('2026-03-10T14:00:00Z'), 30)).toHaveLength(2);
    expect(slotHoldKeys('p', at('2026-03-08T05:00:00Z'), at('2026-03-09T05:00:00Z'))).toHaveLength(96);
  });

  test.each([
    ['longer than 24 h', 'p', '2026-03-10T00:00:00Z', '2026-03-11T00:00:01Z', 15],
    ['empty', 'p', '2026-03-10T13:00:00Z', '2026-03-10T13:00:00Z', 15],
    ['reversed', 'p', '2026-03-10T14:00:00Z', '2026-03-10T13:00:00Z', 15],
    ['invalid date', 'p', 'nope', '2026-03-10T13:00:00Z', 15],
    ['no provider', '', '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', 15],
    ['# in provider id', 'a#b', '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', 15],
    ['quantum not dividing a day', 'p', '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', 7],
    ['zero quantum', 'p', '2026-03-10T13:00:00Z', '2026-03-10T14:00:00Z', 0],
  ])('rejects %s', (_label, provider, start, end, quantum) => {
    expect(() => slotHoldKeys(provider, at(start), at(end), quantum)).toThrow(AvailabilityError);
  });
});
