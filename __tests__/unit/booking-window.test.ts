import { describe, expect, it, test } from 'vitest';
import { computeSlots } from '../../lib/domain/availability';
import {
  BOOKING_WINDOW_DEFAULTS,
  BookingWindowError,
  bookingWindowBounds,
  bookingWindowDates,
  bookingWindowDetails,
  bookingWindowOf,
  bookingWindowRefusal,
  checkBookingStart,
  describeBookingWindow,
  noticeText,
  validateBookingWindow,
  type BookingWindow,
} from '../../lib/domain/booking-window';
import { normalizeServiceDefinition, validateServiceDefinition, type ServiceDefinition } from '../../lib/domain/service-rules';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const MIN = 60_000;
const DAY = 86_400_000;
const at = (ms: number) => new Date(NOW.getTime() + ms);
const DEFAULT: BookingWindow = { maxAdvanceDays: 180, minNoticeMinutes: 60 };
/** A valid service without window fields. */
const SERVICE: ServiceDefinition = {
  title: 'Portrait session',
  category: 'Photography',
  description: 'One hour in the studio.',
  priceCents: 12_000,
  currency: 'usd',
  pricingUnit: 'PER_BOOKING',
  durationMinutes: 60,
  maxGroupSize: 4,
  cancellationPolicy: 'MODERATE',
  timeZone: 'America/New_York',
  weeklyAvailability: { MON: [{ start: '09:00', end: '17:00' }] },
  blockedDates: [],
};

describe('bookingWindowOf', () => {
  test.each<[string, { maxAdvanceDays?: number | null; minNoticeMinutes?: number | null }, BookingWindow]>([
    ['a service stored before windows existed', {}, { maxAdvanceDays: 180, minNoticeMinutes: 60 }],
    ['null fields (a nullable model attribute)', { maxAdvanceDays: null, minNoticeMinutes: null }, DEFAULT],
    ['its own window', { maxAdvanceDays: 7, minNoticeMinutes: 1_440 }, { maxAdvanceDays: 7, minNoticeMinutes: 1_440 }],
    ['no notice is a value, not a missing field', { minNoticeMinutes: 0 }, { maxAdvanceDays: 180, minNoticeMinutes: 0 }],
    ['only the days', { maxAdvanceDays: 30 }, { maxAdvanceDays: 30, minNoticeMinutes: 60 }],
  ])('%s', (_label, fields, expected) => {
    expect(bookingWindowOf(fields)).toEqual(expected);
  });

  it('the defaults are 180 days and 1 hour', () => {
    expect(BOOKING_WINDOW_DEFAULTS).toEqual(DEFAULT);
  });
});

describe('checkBookingStart: both bounds included, one millisecond outside refused', () => {
  test.each<[string, BookingWindow, Date, 'ok' | 'TOO_SOON' | 'TOO_FAR']>([
    ['now, with 1 hour notice', DEFAULT, NOW, 'TOO_SOON'],
    ['59:59.999 ahead', DEFAULT, at(60 * MIN - 1), 'TOO_SOON'],
    ['exactly 1 hour ahead', DEFAULT, at(60 * MIN), 'ok'],
    ['in the past', DEFAULT, at(-DAY), 'TOO_SOON'],
    ['tomorrow', DEFAULT, at(DAY), 'ok'],
    ['exactly 180 days ahead', DEFAULT, at(180 * DAY), 'ok'],
    ['180 days and 1 ms ahead', DEFAULT, at(180 * DAY + 1), 'TOO_FAR'],
    ['the year 9999', DEFAULT, new Date('9999-12-31T23:59:00.000Z'), 'TOO_FAR'],
    ['no notice: now itself', { maxAdvanceDays: 1, minNoticeMinutes: 0 }, NOW, 'ok'],
    ['no notice: 1 ms ago', { maxAdvanceDays: 1, minNoticeMinutes: 0 }, at(-1), 'TOO_SOON'],
    ['1-day window: exactly 24 h ahead', { maxAdvanceDays: 1, minNoticeMinutes: 0 }, at(DAY), 'ok'],
    ['1-day window: 24 h and 1 ms', { maxAdvanceDays: 1, minNoticeMinutes: 0 }, at(DAY + 1), 'TOO_FAR'],
    ['365 days, the longest window', { maxAdvanceDays: 365, minNoticeMinutes: 60 }, at(365 * DAY), 'ok'],
    ['30 days of notice: 29 days ahead', { maxAdvanceDays: 60, minNoticeMinutes: 43_200 }, at(29 * DAY), 'TOO_SOON'],
    ['30 days of notice: 30 days ahead', { maxAdvanceDays: 60, minNoticeMinutes: 43_200 }, at(30 * DAY), 'ok'],
  ])('%s', (_label, window, start, expected) => {
    const verdict = checkBookingStart(window, start, NOW);
    expect(verdict.ok ? 'ok' : verdict.reason).toBe(expected);
  });

  it('the same instant is judged the same whatever offset its text carried', () => {
    // 13:00Z written in New York's and Tokyo's offsets: an instant, not a wall-clock time.
    for (const text of ['2026-12-07T13:00:00Z', '2026-12-07T08:00:00-05:00', '2026-12-07T22:00:00+09:00']) {
      expect(checkBookingStart(DEFAULT, new Date(text), NOW)).toEqual({ ok: true });
    }
    for (const text of ['2026-12-07T12:59:00Z', '2026-12-07T07:59:00-05:00', '2026-12-07T21:59:00+09:00']) {
      expect(checkBookingStart(DEFAULT, new Date(text), NOW)).toEqual({ ok: false, reason: 'TOO_SOON' });
    }
  });

  it('a time that is not a real instant is a bug of the caller, not a verdict', () => {
    expect(() => checkBookingStart(DEFAULT, new Date('nonsense'), NOW)).toThrow(BookingWindowError);
    expect(() => bookingWindowBounds(DEFAULT, new Date(Number.NaN))).toThrow(BookingWindowError);
  });
});

describe('bookingWindowBounds and details', () => {
  it('are now + notice and now + days × 24 h, as ISO instants with the window', () => {
    expect(bookingWindowBounds(DEFAULT, NOW)).toEqual({ earliestStart: at(60 * MIN), latestStart: at(180 * DAY) });
    expect(bookingWindowDetails({ maxAdvanceDays: 7, minNoticeMinutes: 90 }, NOW)).toEqual({
      earliestStart: '2026-12-07T13:30:00.000Z',
      latestStart: '2026-12-14T12:00:00.000Z',
      maxAdvanceDays: 7,
      minNoticeMinutes: 90,
    });
  });
});

describe('bookingWindowDates: the bounds as local dates of the service’s zone', () => {
  test.each<[string, string, BookingWindow, string, string, string]>([
    // now, zone, window → first and last local date
    ['noon UTC', '2026-12-07T12:00:00Z', DEFAULT, 'UTC', '2026-12-07', '2027-06-05'],
    ['noon UTC is 07:00 in New York', '2026-12-07T12:00:00Z', DEFAULT, 'America/New_York', '2026-12-07', '2027-06-05'],
    ['23:30 in New York: +1 h is tomorrow there', '2026-12-08T04:30:00Z', DEFAULT, 'America/New_York', '2026-12-08', '2027-06-06'],
    ['the same instant in UTC', '2026-12-08T04:30:00Z', DEFAULT, 'UTC', '2026-12-08', '2027-06-06'],
    ['23:30 UTC is already tomorrow in Tokyo', '2026-12-07T23:30:00Z', DEFAULT, 'Asia/Tokyo', '2026-12-08', '2027-06-06'],
    [
      'no notice, late evening in New York',
      '2026-12-08T04:30:00Z',
      { maxAdvanceDays: 1, minNoticeMinutes: 0 },
      'America/New_York',
      '2026-12-07',
      '2026-12-08',
    ],
    // 180 × 24 h from 23:30 EST ends at 00:30 EDT: the spring-forward hour moves the last date on by one.
    [
      'across spring forward (New York)',
      '2026-12-08T04:30:00Z',
      { maxAdvanceDays: 180, minNoticeMinutes: 0 },
      'America/New_York',
      '2026-12-07',
      '2027-06-06',
    ],
    [
      'across fall back (Berlin)',
      '2026-06-01T21:30:00Z',
      { maxAdvanceDays: 180, minNoticeMinutes: 0 },
      'Europe/Berlin',
      '2026-06-01',
      '2026-11-28',
    ],
  ])('%s', (_label, now, window, zone, first, last) => {
    expect(bookingWindowDates(window, new Date(now), zone)).toEqual({ firstDate: first, lastDate: last });
  });
});

describe('the window in words', () => {
  test.each<[number, string]>([
    [0, '0 minutes'],
    [1, '1 minute'],
    [15, '15 minutes'],
    [60, '1 hour'],
    [90, '90 minutes'],
    [120, '2 hours'],
    [1_440, '1 day'],
    [2_160, '36 hours'],
    [43_200, '30 days'],
  ])('notice %i → %s', (minutes, text) => {
    expect(noticeText(minutes)).toBe(text);
  });

  test.each<[BookingWindow, string]>([
    [DEFAULT, 'This service takes bookings from 1 hour to 180 days ahead.'],
    [{ maxAdvanceDays: 1, minNoticeMinutes: 0 }, 'This service takes bookings up to 1 day ahead.'],
    [{ maxAdvanceDays: 14, minNoticeMinutes: 2_880 }, 'This service takes bookings from 2 days to 14 days ahead.'],
  ])('%o', (window, text) => {
    expect(describeBookingWindow(window)).toBe(text);
  });

  test.each([
    ['TOO_SOON', 'That time is too soon. This service takes bookings from 1 hour to 180 days ahead.'],
    ['TOO_FAR', 'That time is too far ahead. This service takes bookings from 1 hour to 180 days ahead.'],
    ['DATES_OUTSIDE', 'Those dates cannot be booked. This service takes bookings from 1 hour to 180 days ahead.'],
  ] as const)('refusal %s', (reason, text) => {
    expect(bookingWindowRefusal(DEFAULT, reason)).toBe(text);
  });
});

describe('validateBookingWindow (and through the service rules)', () => {
  const DAYS_MESSAGE = 'Bookings can open from 1 to 365 days ahead (a whole number of days).';
  const NOTICE_MESSAGE = 'The minimum notice must be a whole number of minutes from 0 to 43200 (30 days).';
  test.each<[string, { maxAdvanceDays?: number; minNoticeMinutes?: number }, string[]]>([
    ['absent: the defaults', {}, []],
    ['1 day, no notice', { maxAdvanceDays: 1, minNoticeMinutes: 0 }, []],
    ['365 days, 30 days of notice', { maxAdvanceDays: 365, minNoticeMinutes: 43_200 }, []],
    ['0 days', { maxAdvanceDays: 0 }, [`maxAdvanceDays: ${DAYS_MESSAGE}`]],
    ['366 days', { maxAdvanceDays: 366 }, [`maxAdvanceDays: ${DAYS_MESSAGE}`]],
    ['400 days', { maxAdvanceDays: 400 }, [`maxAdvanceDays: ${DAYS_MESSAGE}`]],
    ['1.5 days', { maxAdvanceDays: 1.5 }, [`maxAdvanceDays: ${DAYS_MESSAGE}`]],
    ['not a number', { maxAdvanceDays: Number.NaN }, [`maxAdvanceDays: ${DAYS_MESSAGE}`]],
    ['negative notice', { minNoticeMinutes: -1 }, [`minNoticeMinutes: ${NOTICE_MESSAGE}`]],
    ['30 days and a minute of notice', { minNoticeMinutes: 43_201 }, [`minNoticeMinutes: ${NOTICE_MESSAGE}`]],
    ['half a minute of notice', { minNoticeMinutes: 0.5 }, [`minNoticeMinutes: ${NOTICE_MESSAGE}`]],
    [
      'a notice as long as the window',
      { maxAdvanceDays: 1, minNoticeMinutes: 1_440 },
      ['minNoticeMinutes: The minimum notice (1 day) must be shorter than how far ahead bookings open (1 day).'],
    ],
    [
      'a notice longer than the window',
      { maxAdvanceDays: 1, minNoticeMinutes: 2_880 },
      ['minNoticeMinutes: The minimum notice (2 days) must be shorter than how far ahead bookings open (1 day).'],
    ],
    [
      'both out of range',
      { maxAdvanceDays: 0, minNoticeMinutes: -5 },
      [`maxAdvanceDays: ${DAYS_MESSAGE}`, `minNoticeMinutes: ${NOTICE_MESSAGE}`],
    ],
  ])('%s', (_label, fields, expected) => {
    expect(validateBookingWindow(fields).map((e) => `${e.path}: ${e.message}`)).toEqual(expected);
    expect(validateServiceDefinition({ ...SERVICE, ...fields }).map((e) => `${e.path}: ${e.message}`)).toEqual(expected);
  });

  it('the stored form spells the window out: the defaults where none was given, the given values otherwise', () => {
    expect(normalizeServiceDefinition(SERVICE)).toMatchObject(DEFAULT);
    expect(normalizeServiceDefinition({ ...SERVICE, maxAdvanceDays: 30, minNoticeMinutes: 0 })).toMatchObject({
      maxAdvanceDays: 30,
      minNoticeMinutes: 0,
    });
  });
});

describe('computeSlots within the window', () => {
  it('offers no slot before the notice or after the latest start (bounds included)', () => {
    const service = {
      timeZone: 'UTC',
      durationMinutes: 60,
      blockedDates: [],
      weeklyAvailability: Object.fromEntries(
        ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
      ),
    };
    const now = new Date('2026-12-07T10:30:00Z');
    const window = { maxAdvanceDays: 1, minNoticeMinutes: 90 };
    const { latestStart } = bookingWindowBounds(window, now);
    const starts = computeSlots({
      service,
      fromDate: '2026-12-07',
      toDate: '2026-12-08',
      now,
      busy: [],
      minLeadMinutes: window.minNoticeMinutes,
      latestStart,
    }).map((s) => s.startDateTime.slice(0, 16));
    // 12:00 is exactly 90 minutes ahead; the next day ends at 10:30, so 10:00 is the last start.
    expect(starts).toEqual([
      '2026-12-07T12:00',
      '2026-12-07T13:00',
      '2026-12-07T14:00',
      '2026-12-07T15:00',
      '2026-12-07T16:00',
      '2026-12-08T09:00',
      '2026-12-08T10:00',
    ]);
  });
});
