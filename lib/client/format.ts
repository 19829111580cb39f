/**
 * Display helpers for the browser: money, credits, dates and times in a given IANA zone, local-date arithmetic,
 * words for codes. Pure (no I/O). Status words come from the domain (statusLabel in lib/domain/booking-status.ts).
 */
import type { BookingStatus, CancellationPolicy, PricingUnit } from '../data/records';
import { describePolicy } from '../domain/cancellation-policy';
import { formatMoney, SUPPORTED_CURRENCIES, type Currency } from '../domain/money';

export const DEFAULT_TIME_ZONE = 'America/New_York';

// ---- money ------------------------------------------------------------------------------------

function isCurrency(code: string): code is Currency {
  return (SUPPORTED_CURRENCIES as readonly string[]).includes(code);
}

/** "$1,234.50" (minor units, any sign); a currency the marketplace does not take reads "CHF 12.00". */
export function money(amountCents: number, currency: string = 'usd'): string {
  if (isCurrency(currency)) return formatMoney({ amountCents, currency });
  const abs = Math.abs(amountCents);
  return `${amountCents < 0 ? '-' : ''}${currency.toUpperCase()} ${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** "12.34" → 1234; undefined when not a valid non-negative amount with at most 2 decimals. */
export function parseCents(text: string): number | undefined {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// ---- words for codes --------------------------------------------------------------------------

type StatusTone = 'info' | 'warning' | 'danger' | 'success' | 'neutral';
export const STATUS_TONES: Record<BookingStatus, StatusTone> = {
  PENDING_PAYMENT: 'warning',
  PAYMENT_FAILED: 'danger',
  CONFIRMED: 'success',
  COMPLETED: 'info',
  PAID_OUT: 'info',
  CANCELLED: 'neutral',
  EXPIRED: 'neutral',
  DISPUTED: 'danger',
  REFUNDED: 'neutral',
};

const POLICY_NAMES: Record<CancellationPolicy, string> = {
  FLEXIBLE: 'Flexible',
  MODERATE: 'Moderate',
  STRICT: 'Strict',
};

/** The policy's name and its refund rules in words (the rules come from the pure domain module). */
export function cancellationPolicyText(policy: CancellationPolicy | string): { name: string; description: string } {
  const name = (POLICY_NAMES as Record<string, string>)[policy];
  if (!name) {
    return { name: 'Provider policy', description: 'Ask the provider about cancellations before you book.' };
  }
  try {
    return { name, description: describePolicy(policy as CancellationPolicy) };
  } catch {
    return { name, description: 'Ask the provider about cancellations before you book.' };
  }
}

export function pricingUnitText(unit: PricingUnit | string): string {
  return unit === 'PER_PERSON' ? 'per person' : 'per booking';
}

/** Informational estimate only: the server prices every booking. */
export function estimateTotalCents(priceCents: number, unit: PricingUnit | string, groupSize: number): number {
  return unit === 'PER_PERSON' ? priceCents * groupSize : priceCents;
}

export function durationText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const hours = `${h} hour${h === 1 ? '' : 's'}`;
  return m ? `${hours} ${m} min` : hours;
}

// ---- time zones -------------------------------------------------------------------------------

/** "New York" style city name plus the short zone name ("EST"/"EDT") at the given instant. */
export function timeZoneLabel(timeZone: string, at: Date = new Date()): string {
  const city = timeZone.split('/').pop()?.replace(/_/g, ' ') ?? timeZone;
  const short = shortZoneName(timeZone, at);
  return short ? `${city} time (${short})` : `${city} time`;
}

function shortZoneName(timeZone: string, at: Date): string {
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}

/** "YYYY-MM-DD" of an instant, as a calendar date in the given zone. */
export function localDateInZone(instant: Date | string, timeZone: string): string {
  const d = typeof instant === 'string' ? new Date(instant) : instant;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Calendar arithmetic on "YYYY-MM-DD" strings (zone-free). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d + days, 12));
  return t.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`));
}

/** Parts to label a calendar date ("Mon", "24", "Nov") without any zone shift. */
export function calendarDayParts(date: string): { weekday: string; day: string; month: string; long: string } {
  const t = new Date(`${date}T12:00:00Z`);
  const fmt = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', ...o }).format(t);
  return {
    weekday: fmt({ weekday: 'short' }),
    day: fmt({ day: 'numeric' }),
    month: fmt({ month: 'short' }),
    long: fmt({ weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' }),
  };
}

export function formatTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}

export function formatDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(iso));
}

/** "Tuesday, November 24, 2026, 9:00 AM – 10:00 AM (New York time (EST))" */
export function formatTimeRange(start: string, end: string, timeZone: string): string {
  return `${formatDate(start, timeZone)}, ${formatTime(start, timeZone)} – ${formatTime(end, timeZone)}`;
}

/** "Nov 24, 2026" in the browser's zone. */
export function mediumDate(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).format(new Date(iso));
}

/** "Nov 24, 2026, 9:00 AM" in the browser's zone. */
export function mediumDateTime(iso: string): string {
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function formatDateTimeShort(iso: string, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-US', {
    ...(timeZone ? { timeZone } : {}),
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** "14:05" style countdown text for a number of seconds. */
export function countdownText(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const m = Math.floor(s / 60);
  const r = s % 60;
  return `${m}:${String(r).padStart(2, '0')}`;
}

/** A short, human reference for a booking id (what the customer can quote to support). */
export function bookingReference(id: string): string {
  const clean = id.replace(/[^0-9a-zA-Z]/g, '');
  return clean.slice(-8).toUpperCase();
}
