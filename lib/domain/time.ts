/**
 * Time-zone helpers over Intl.DateTimeFormat only (no libraries). Local dates are 'YYYY-MM-DD',
 * local times 'HH:MM', both wall-clock values in an IANA zone; instants are Date (UTC).
 */
import type { Weekday } from './vocabulary';

type LocalDate = string;
type LocalTime = string;

interface ZonedParts {
  date: LocalDate;
  time: LocalTime;
  weekday: Weekday;
}

export class TimeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeError';
  }
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** Index = Date#getUTCDay(). */
const WEEKDAYS: readonly Weekday[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

// Formatters are costly to build; caching them is memoisation, not state.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23', // never "24:00"
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new TimeError(`unknown time zone: ${String(timeZone)}`);
}

/** Parses a real calendar date (rejects 2026-02-30) into its UTC-midnight epoch ms. */
export function parseLocalDate(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const ms = Date.UTC(y, mo - 1, d);
    const back = new Date(ms);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return ms;
  }
  throw new TimeError(`invalid local date (want YYYY-MM-DD): ${String(date)}`);
}

/** 'HH:MM' → minutes after midnight, 0..1439. */
export function parseLocalTime(time: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new TimeError(`invalid local time (want HH:MM, 00:00-23:59): ${String(time)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

function formatDate(utcMidnightMs: number): LocalDate {
  return new Date(utcMidnightMs).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isSafeInteger(days)) throw new TimeError(`days must be an integer, got ${days}`);
  return formatDate(parseLocalDate(date) + days * DAY_MS);
}

/** Every local date from `from` to `to`, both inclusive; empty when to < from. */
export function localDatesBetween(from: LocalDate, to: LocalDate): LocalDate[] {
  const start = parseLocalDate(from);
  const end = parseLocalDate(to);
  const out: LocalDate[] = [];
  for (let ms = start; ms <= end; ms += DAY_MS) out.push(formatDate(ms));
  return out;
}

/** Calendar weekday of a local date (independent of any zone). */
export function weekdayOf(date: LocalDate): Weekday {
  return WEEKDAYS[new Date(parseLocalDate(date)).getUTCDay()]!;
}

/** Wall-clock fields of `instant` in `timeZone`, as if they were a UTC timestamp (ms). */
function wallClockMs(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
}

/** UTC offset of the zone at `instant`, in ms (wall clock − UTC); seconds of the instant ignored. */
function offsetMs(instant: number, timeZone: string): number {
  const whole = instant - (((instant % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  return wallClockMs(whole, timeZone) - whole;
}

export function utcToZonedParts(instant: Date, timeZone: string): ZonedParts {
  assertTimeZone(timeZone);
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new TimeError('invalid instant');
  const iso = new Date(wallClockMs(ms, timeZone)).toISOString();
  const date = iso.slice(0, 10);
  return { date, time: iso.slice(11, 16), weekday: weekdayOf(date) };
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 * Rules (Temporal's 'compatible' disambiguation):
 * - a time skipped by a spring-forward gap is shifted forward by the gap (02:30 → 03:30 in New York);
 * - a time repeated by a fall-back overlap resolves to the earlier instant (the first 01:30).
 * Offsets are sampled a day either side, so this assumes at most one transition within ±24 h.
 */
export function zonedLocalToUtc(date: LocalDate, time: LocalTime, timeZone: string): Date {
  assertTimeZone(timeZone);
  const wall = parseLocalDate(date) + parseLocalTime(time) * MINUTE_MS;
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const candidates = [wall - before, wall - after].filter((t) => wallClockMs(t, timeZone) === wall).sort((a, b) => a - b);
  // No candidate: the time is in a gap; the pre-transition offset lands after the gap by its length.
  return new Date(candidates[0] ?? wall - before);
}
