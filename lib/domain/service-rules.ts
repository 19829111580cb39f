/**
 * What makes a service definition valid, with one clear message per field. Pure: the booking-processor
 * validates CREATE_SERVICE / UPDATE_SERVICE with it and the provider's form can run it before submitting.
 */
import type { CancellationPolicy, PricingUnit, TimeRange, Weekday, WeeklyAvailability } from './vocabulary';
import { CANCELLATION_POLICIES } from './cancellation-policy';
import { formatMoney, minimumCharge, SUPPORTED_CURRENCIES, type Currency } from './money';
import { isValidTimeZone, parseLocalDate, TimeError } from './time';
import { bookingWindowOf, validateBookingWindow } from './booking-window';

export const WEEKDAYS: readonly Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
export const PRICING_UNITS: readonly PricingUnit[] = ['PER_BOOKING', 'PER_PERSON'];
export const SERVICE_LIMITS = {
  titleMax: 120,
  categoryMax: 60,
  descriptionMax: 2000,
  maxPriceCents: 10_000_000,
  durationStep: 15,
  durationMin: 15,
  durationMax: 480,
  groupMax: 100,
  rangesPerDayMax: 12,
  blockedDatesMax: 366,
} as const;

/** A service definition as the provider edits it (all of a Service's own fields). */
export interface ServiceDefinition {
  title: string;
  category: string;
  description: string;
  priceCents: number;
  currency: Currency;
  pricingUnit: PricingUnit;
  durationMinutes: number;
  maxGroupSize: number;
  cancellationPolicy: CancellationPolicy;
  timeZone: string;
  weeklyAvailability: WeeklyAvailability;
  /** Local dates "YYYY-MM-DD" when the service is not offered. */
  blockedDates: string[];
  /** How far ahead it may be booked (lib/domain/booking-window.ts); absent on services stored before: the defaults. */
  maxAdvanceDays?: number;
  minNoticeMinutes?: number;
}

interface FieldError {
  /** e.g. 'priceCents', 'weeklyAvailability.MON.1', 'blockedDates.0' */
  path: string;
  message: string;
  /** For a price below Stripe's minimum charge: the minimum, in minor units of the service's currency. */
  minimumCents?: number;
}

/** Every booking has at least one person, so the smallest total is the price (per booking, or per person × 1). */
const MIN_GROUP_SIZE = 1;

/** The smallest total a customer can be charged for this service. */
export function smallestBookableTotalCents(def: Pick<ServiceDefinition, 'priceCents' | 'pricingUnit'>): number {
  return def.pricingUnit === 'PER_PERSON' ? def.priceCents * MIN_GROUP_SIZE : def.priceCents;
}

export const DAY_NAMES: Record<Weekday, string> = {
  MON: 'Monday',
  TUE: 'Tuesday',
  WED: 'Wednesday',
  THU: 'Thursday',
  FRI: 'Friday',
  SAT: 'Saturday',
  SUN: 'Sunday',
};

/** 'HH:MM' (or '24:00' for an end) → minutes after midnight; undefined when malformed. */
function clockMinutes(value: unknown, allowMidnightEnd = false): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (allowMidnightEnd && value === '24:00') return 24 * 60;
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

function text(errors: FieldError[], path: string, label: string, value: unknown, max: number): void {
  if (typeof value !== 'string' || value.trim().length === 0) errors.push({ path, message: `Enter a ${label}.` });
  else if (value.trim().length > max) errors.push({ path, message: `The ${label} can be at most ${max} characters.` });
}

function validateDay(errors: FieldError[], day: Weekday, ranges: unknown, durationMinutes: number): void {
  const name = DAY_NAMES[day];
  if (!Array.isArray(ranges)) {
    errors.push({ path: `weeklyAvailability.${day}`, message: `${name}: opening hours must be a list of time ranges.` });
    return;
  }
  if (ranges.length > SERVICE_LIMITS.rangesPerDayMax) {
    errors.push({ path: `weeklyAvailability.${day}`, message: `${name}: at most ${SERVICE_LIMITS.rangesPerDayMax} time ranges per day.` });
  }
  const parsed: { start: number; end: number; index: number }[] = [];
  ranges.forEach((range: unknown, index) => {
    const path = `weeklyAvailability.${day}.${index}`;
    const r = (range ?? {}) as Partial<TimeRange>;
    const start = clockMinutes(r.start);
    const end = clockMinutes(r.end, true);
    if (start === undefined || end === undefined) {
      errors.push({ path, message: `${name}: times must look like 09:00 (24-hour clock).` });
      return;
    }
    if (start % SERVICE_LIMITS.durationStep !== 0 || end % SERVICE_LIMITS.durationStep !== 0) {
      errors.push({ path, message: `${name} ${r.start}\u2013${r.end}: times must be on the quarter hour (:00, :15, :30 or :45).` });
      return;
    }
    if (end <= start) {
      errors.push({ path, message: `${name} ${r.start}\u2013${r.end}: the end must be after the start.` });
      return;
    }
    if (Number.isInteger(durationMinutes) && durationMinutes > 0 && end - start < durationMinutes) {
      errors.push({ path, message: `${name} ${r.start}\u2013${r.end}: too short for one ${durationMinutes}-minute booking.` });
      return;
    }
    parsed.push({ start, end, index });
  });
  const sorted = [...parsed].sort((a, b) => a.start - b.start);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    if (cur.start < prev.end) {
      const r = ranges[cur.index] as TimeRange;
      const p = ranges[prev.index] as TimeRange;
      errors.push({
        path: `weeklyAvailability.${day}.${cur.index}`,
        message: `${name}: ${r.start}\u2013${r.end} overlaps ${p.start}\u2013${p.end}.`,
      });
    }
  }
}

/** Every problem of a definition (empty = valid). Checks values; the request schema already checked types. */
export function validateServiceDefinition(def: ServiceDefinition): FieldError[] {
  const errors: FieldError[] = [];
  text(errors, 'title', 'title', def.title, SERVICE_LIMITS.titleMax);
  text(errors, 'category', 'category', def.category, SERVICE_LIMITS.categoryMax);
  text(errors, 'description', 'description', def.description, SERVICE_LIMITS.descriptionMax);

  if (!Number.isSafeInteger(def.priceCents) || def.priceCents <= 0) {
    errors.push({ path: 'priceCents', message: 'The price must be a whole number of cents greater than 0.' });
  } else if (def.priceCents > SERVICE_LIMITS.maxPriceCents) {
    errors.push({
      path: 'priceCents',
      message: `The price can be at most ${SERVICE_LIMITS.maxPriceCents / 100} in the service\u2019s currency.`,
    });
  } else if (SUPPORTED_CURRENCIES.includes(def.currency) && smallestBookableTotalCents(def) < minimumCharge(def.currency).amountCents) {
    // Stripe refuses smaller charges, so such a service could never be paid for.
    const minimum = minimumCharge(def.currency);
    const per = def.pricingUnit === 'PER_PERSON' ? ' per person' : '';
    errors.push({
      path: 'priceCents',
      message: `The price${per} must be at least ${formatMoney(minimum)}, the smallest amount card payments accept in ${def.currency.toUpperCase()}.`,
      minimumCents: minimum.amountCents,
    });
  }
  if (!SUPPORTED_CURRENCIES.includes(def.currency)) {
    errors.push({
      path: 'currency',
      message: `Choose one of the supported currencies: ${SUPPORTED_CURRENCIES.map((c) => c.toUpperCase()).join(', ')}.`,
    });
  }
  if (!PRICING_UNITS.includes(def.pricingUnit)) {
    errors.push({ path: 'pricingUnit', message: 'Choose whether the price is per booking or per person.' });
  }
  const { durationStep, durationMin, durationMax } = SERVICE_LIMITS;
  const durationOk = Number.isInteger(def.durationMinutes) && def.durationMinutes >= durationMin && def.durationMinutes <= durationMax;
  if (!durationOk || def.durationMinutes % durationStep !== 0) {
    errors.push({
      path: 'durationMinutes',
      message: `The duration must be a multiple of ${durationStep} minutes, from ${durationMin} minutes to ${durationMax / 60} hours.`,
    });
  }
  if (!Number.isInteger(def.maxGroupSize) || def.maxGroupSize < 1 || def.maxGroupSize > SERVICE_LIMITS.groupMax) {
    errors.push({ path: 'maxGroupSize', message: `The group size limit must be a whole number from 1 to ${SERVICE_LIMITS.groupMax}.` });
  }
  if (!Object.hasOwn(CANCELLATION_POLICIES, def.cancellationPolicy)) {
    errors.push({ path: 'cancellationPolicy', message: 'Choose a cancellation policy: Flexible, Moderate or Strict.' });
  }
  if (!isValidTimeZone(def.timeZone) || !(def.timeZone.includes('/') || def.timeZone === 'UTC')) {
    errors.push({ path: 'timeZone', message: 'Choose a time zone such as Europe/Berlin or America/New_York.' });
  }

  const weekly = def.weeklyAvailability as Record<string, unknown>;
  if (typeof weekly !== 'object' || weekly === null || Array.isArray(weekly)) {
    errors.push({ path: 'weeklyAvailability', message: 'Opening hours must be given per weekday.' });
  } else {
    for (const key of Object.keys(weekly)) {
      if (!WEEKDAYS.includes(key as Weekday))
        errors.push({ path: `weeklyAvailability.${key}`, message: `Unknown weekday "${key}" (use MON to SUN).` });
    }
    for (const day of WEEKDAYS) {
      if (weekly[day] !== undefined) validateDay(errors, day, weekly[day], durationOk ? def.durationMinutes : 0);
    }
    const anyRange = WEEKDAYS.some((d) => Array.isArray(weekly[d]) && (weekly[d] as unknown[]).length > 0);
    if (!anyRange) errors.push({ path: 'weeklyAvailability', message: 'Add opening hours on at least one day of the week.' });
  }

  if (!Array.isArray(def.blockedDates)) {
    errors.push({ path: 'blockedDates', message: 'Blocked dates must be a list of dates.' });
  } else {
    if (def.blockedDates.length > SERVICE_LIMITS.blockedDatesMax) {
      errors.push({ path: 'blockedDates', message: `At most ${SERVICE_LIMITS.blockedDatesMax} blocked dates.` });
    }
    const seen = new Set<string>();
    def.blockedDates.forEach((date, i) => {
      try {
        parseLocalDate(date);
      } catch (err) {
        if (!(err instanceof TimeError)) throw err;
        errors.push({ path: `blockedDates.${i}`, message: `"${String(date)}" is not a real date (use YYYY-MM-DD).` });
        return;
      }
      if (seen.has(date)) errors.push({ path: `blockedDates.${i}`, message: `${date} is listed twice.` });
      seen.add(date);
    });
  }
  errors.push(...validateBookingWindow(def));
  return errors;
}

/**
 * The stored form: trimmed texts, each day's ranges sorted, empty days dropped, blocked dates sorted, and the booking
 * window spelled out (the defaults where none was given), so a service keeps the window its provider saw.
 */
export function normalizeServiceDefinition(def: ServiceDefinition): ServiceDefinition {
  const weeklyAvailability: WeeklyAvailability = {};
  for (const day of WEEKDAYS) {
    const ranges = def.weeklyAvailability[day];
    if (ranges && ranges.length > 0) {
      weeklyAvailability[day] = [...ranges].map((r) => ({ start: r.start, end: r.end })).sort((a, b) => a.start.localeCompare(b.start));
    }
  }
  return {
    ...def,
    title: def.title.trim(),
    category: def.category.trim(),
    description: def.description.trim(),
    weeklyAvailability,
    blockedDates: [...new Set(def.blockedDates)].sort(),
    ...bookingWindowOf(def),
  };
}

/**
 * A price typed by a person ("25", "25.5", "1,250.00") → integer minor units, without floats; undefined when it
 * is not a plain amount with at most two decimals.
 */
export function parsePriceInput(text: string): number | undefined {
  const cleaned = text.trim().replace(/,/g, '');
  const m = /^(\d{1,9})(?:\.(\d{0,2}))?$/.exec(cleaned);
  if (!m) return undefined;
  const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : undefined;
}

/** Minor units → "25.00" for an input field (display only). */
export function formatPriceInput(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0) return '';
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}
