/**
 * How far ahead a service takes bookings: a start no sooner than its minimum notice and no later than its advance
 * window. Pure. The bounds are instants (now + notice; now + days × 24 h, both inclusive), so the rule is the same
 * in every time zone; the dates a customer may pick are those instants' local dates in the service's time zone.
 */
import { utcToZonedParts } from './time';

export interface BookingWindow {
  /** The latest start, in days after now (a day is 24 hours). */
  maxAdvanceDays: number;
  /** The earliest start, in minutes after now. */
  minNoticeMinutes: number;
}

const DAY_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;

/** What a service without its own window (one stored before windows existed) uses. */
export const BOOKING_WINDOW_DEFAULTS: Readonly<BookingWindow> = { maxAdvanceDays: 180, minNoticeMinutes: 60 };

export const BOOKING_WINDOW_LIMITS = {
  maxAdvanceDaysMin: 1,
  maxAdvanceDaysMax: 365,
  minNoticeMinutesMin: 0,
  minNoticeMinutesMax: 30 * DAY_MINUTES,
} as const;

export interface BookingWindowBounds {
  earliestStart: Date;
  latestStart: Date;
}

export type BookingStartVerdict = { ok: true } | { ok: false; reason: 'TOO_SOON' | 'TOO_FAR' };

export class BookingWindowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BookingWindowError';
  }
}

/** A service's window: its own values, the defaults for those it lacks. */
export function bookingWindowOf(service: { maxAdvanceDays?: number | null; minNoticeMinutes?: number | null }): BookingWindow {
  return {
    maxAdvanceDays: service.maxAdvanceDays ?? BOOKING_WINDOW_DEFAULTS.maxAdvanceDays,
    minNoticeMinutes: service.minNoticeMinutes ?? BOOKING_WINDOW_DEFAULTS.minNoticeMinutes,
  };
}

function assertInstant(value: Date, label: string): number {
  const ms = value.getTime();
  if (!Number.isFinite(ms)) throw new BookingWindowError(`${label} is not a real instant`);
  return ms;
}

export function bookingWindowBounds(window: BookingWindow, now: Date): BookingWindowBounds {
  const nowMs = assertInstant(now, 'now');
  return {
    earliestStart: new Date(nowMs + window.minNoticeMinutes * MINUTE_MS),
    latestStart: new Date(nowMs + window.maxAdvanceDays * DAY_MINUTES * MINUTE_MS),
  };
}

/** The window and its bounds now, as a refusal's details carry them (ISO instants). */
export function bookingWindowDetails(window: BookingWindow, now: Date) {
  const { earliestStart, latestStart } = bookingWindowBounds(window, now);
  return { earliestStart: earliestStart.toISOString(), latestStart: latestStart.toISOString(), ...window };
}

/** Whether a booking may start at `start` (both bounds included). */
export function checkBookingStart(window: BookingWindow, start: Date, now: Date): BookingStartVerdict {
  const startMs = assertInstant(start, 'start');
  const { earliestStart, latestStart } = bookingWindowBounds(window, now);
  if (startMs < earliestStart.getTime()) return { ok: false, reason: 'TOO_SOON' };
  if (startMs > latestStart.getTime()) return { ok: false, reason: 'TOO_FAR' };
  return { ok: true };
}

/** The first and last local dates ('YYYY-MM-DD', in `timeZone`) on which a bookable start can fall. */
export function bookingWindowDates(window: BookingWindow, now: Date, timeZone: string): { firstDate: string; lastDate: string } {
  const { earliestStart, latestStart } = bookingWindowBounds(window, now);
  return { firstDate: utcToZonedParts(earliestStart, timeZone).date, lastDate: utcToZonedParts(latestStart, timeZone).date };
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** 60 → "1 hour", 90 → "90 minutes", 2880 → "2 days". */
export function noticeText(minutes: number): string {
  if (minutes > 0 && minutes % DAY_MINUTES === 0) return plural(minutes / DAY_MINUTES, 'day');
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/** "This service takes bookings from 1 hour to 180 days ahead." (or "up to 180 days ahead" without a notice). */
export function describeBookingWindow(window: BookingWindow): string {
  const days = plural(window.maxAdvanceDays, 'day');
  return window.minNoticeMinutes === 0
    ? `This service takes bookings up to ${days} ahead.`
    : `This service takes bookings from ${noticeText(window.minNoticeMinutes)} to ${days} ahead.`;
}

/** What a refused start or date range says, in words. */
export function bookingWindowRefusal(window: BookingWindow, reason: 'TOO_SOON' | 'TOO_FAR' | 'DATES_OUTSIDE'): string {
  const lead = {
    TOO_SOON: 'That time is too soon.',
    TOO_FAR: 'That time is too far ahead.',
    DATES_OUTSIDE: 'Those dates cannot be booked.',
  };
  return `${lead[reason]} ${describeBookingWindow(window)}`;
}

/** Problems of a service's window fields (absent fields are fine: they take the defaults). */
export function validateBookingWindow(fields: { maxAdvanceDays?: number; minNoticeMinutes?: number }): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  const { maxAdvanceDaysMin, maxAdvanceDaysMax, minNoticeMinutesMin, minNoticeMinutesMax } = BOOKING_WINDOW_LIMITS;
  const days = fields.maxAdvanceDays;
  const notice = fields.minNoticeMinutes;
  const daysOk = days === undefined || (Number.isInteger(days) && days >= maxAdvanceDaysMin && days <= maxAdvanceDaysMax);
  const noticeOk = notice === undefined || (Number.isInteger(notice) && notice >= minNoticeMinutesMin && notice <= minNoticeMinutesMax);
  if (!daysOk) {
    errors.push({
      path: 'maxAdvanceDays',
      message: `Bookings can open from ${maxAdvanceDaysMin} to ${maxAdvanceDaysMax} days ahead (a whole number of days).`,
    });
  }
  if (!noticeOk) {
    errors.push({
      path: 'minNoticeMinutes',
      message: `The minimum notice must be a whole number of minutes from ${minNoticeMinutesMin} to ${minNoticeMinutesMax} (${noticeText(minNoticeMinutesMax)}).`,
    });
  }
  if (daysOk && noticeOk) {
    const window = bookingWindowOf(fields);
    // Otherwise no start could ever be both late enough and early enough.
    if (window.minNoticeMinutes >= window.maxAdvanceDays * DAY_MINUTES) {
      errors.push({
        path: 'minNoticeMinutes',
        message: `The minimum notice (${noticeText(window.minNoticeMinutes)}) must be shorter than how far ahead bookings open (${plural(window.maxAdvanceDays, 'day')}).`,
      });
    }
  }
  return errors;
}
