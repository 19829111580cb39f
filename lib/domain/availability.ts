/**
 * Bookable slots of a service, from its weekly opening hours in its own time zone.
 * Each opening range is converted to two UTC instants first and slots are cut in real time, so on a
 * DST day a 01:00–04:00 range holds 2 or 4 one-hour slots (the hours that really elapse), never
 * duplicate or overlapping ones.
 */
import type { ServiceDefinition } from './service-rules';
import type { TimeRange } from './vocabulary';
import { addDays, localDatesBetween, parseLocalDate, parseLocalTime, utcToZonedParts, weekdayOf, zonedLocalToUtc } from './time';

export type AvailabilityService = Pick<ServiceDefinition, 'timeZone' | 'weeklyAvailability' | 'blockedDates' | 'durationMinutes'>;

export interface BusyInterval {
  start: Date;
  end: Date;
}

interface Slot {
  startDateTime: string;
  endDateTime: string;
}

interface ComputeSlotsInput {
  service: AvailabilityService;
  /** Local dates, both inclusive, in service.timeZone. */
  fromDate: string;
  toDate: string;
  now: Date;
  busy: BusyInterval[];
  minLeadMinutes?: number;
  /** Slots starting after this instant are not offered (the service's booking window). */
  latestStart?: Date;
  maxDays?: number;
}

interface BookableSlotOptions {
  now: Date;
  busy?: BusyInterval[];
  minLeadMinutes?: number;
}

export class AvailabilityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AvailabilityError';
  }
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;
/** The grid all of a provider's slot holds share; every booking must use the same one to collide. */
const SLOT_HOLD_QUANTUM_MINUTES = 15;

function assertWholeMinutes(value: number, label: string, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new AvailabilityError(`${label} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** A range's end may be '24:00' (until midnight); it must come after the start. */
function rangeInstants(date: string, range: TimeRange, timeZone: string): [Date, Date] {
  const startMin = parseLocalTime(range.start);
  const endsAtMidnight = range.end === '24:00';
  const endMin = endsAtMidnight ? DAY_MINUTES : parseLocalTime(range.end);
  if (endMin <= startMin) throw new AvailabilityError(`opening range ${range.start}-${range.end} ends before it starts`);
  const start = zonedLocalToUtc(date, range.start, timeZone);
  const end = endsAtMidnight ? zonedLocalToUtc(addDays(date, 1), '00:00', timeZone) : zonedLocalToUtc(date, range.end, timeZone);
  return [start, end];
}

/** All slots of the given local dates, ignoring now and busy times; sorted, unique. */
function openingSlots(service: AvailabilityService, dates: string[]): BusyInterval[] {
  assertWholeMinutes(service.durationMinutes, 'durationMinutes', 1, DAY_MINUTES);
  const durationMs = service.durationMinutes * MINUTE_MS;
  const blocked = new Set(service.blockedDates);
  const byStart = new Map<number, BusyInterval>();
  for (const date of dates) {
    if (blocked.has(date)) continue;
    for (const range of service.weeklyAvailability[weekdayOf(date)] ?? []) {
      const [rangeStart, rangeEnd] = rangeInstants(date, range, service.timeZone);
      for (let t = rangeStart.getTime(); t + durationMs <= rangeEnd.getTime(); t += durationMs) {
        // Overlapping ranges on one day would repeat a start; keep one.
        if (!byStart.has(t)) byStart.set(t, { start: new Date(t), end: new Date(t + durationMs) });
      }
    }
  }
  return [...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime());
}

function isFree(slot: BusyInterval, now: Date, busy: readonly BusyInterval[], minLeadMinutes: number): boolean {
  if (slot.start.getTime() < now.getTime() + minLeadMinutes * MINUTE_MS) return false;
  // Half-open intervals: a booking ending at 10:00 does not block the 10:00 slot.
  return !busy.some((b) => b.start.getTime() < slot.end.getTime() && slot.start.getTime() < b.end.getTime());
}

export function computeSlots({
  service,
  fromDate,
  toDate,
  now,
  busy,
  minLeadMinutes = 0,
  latestStart,
  maxDays = 31,
}: ComputeSlotsInput): Slot[] {
  assertWholeMinutes(minLeadMinutes, 'minLeadMinutes', 0, 366 * DAY_MINUTES);
  if (parseLocalDate(toDate) < parseLocalDate(fromDate)) throw new AvailabilityError(`toDate ${toDate} is before fromDate ${fromDate}`);
  const dates = localDatesBetween(fromDate, toDate);
  if (dates.length > maxDays) throw new AvailabilityError(`at most ${maxDays} days per request, got ${dates.length}`);
  const latestMs = latestStart?.getTime() ?? Number.POSITIVE_INFINITY;
  return openingSlots(service, dates)
    .filter((slot) => slot.start.getTime() <= latestMs && isFree(slot, now, busy, minLeadMinutes))
    .map((slot) => ({ startDateTime: slot.start.toISOString(), endDateTime: slot.end.toISOString() }));
}

interface BookableSlotQuery extends BookableSlotOptions {
  service: AvailabilityService;
  start: Date;
  end: Date;
}

/**
 * True only if [start, end) is exactly one of the service's free slots: the server's guard against made-up times.
 * Callable positionally or with one object (both forms are in use).
 */
export function isBookableSlot(query: BookableSlotQuery): boolean;
export function isBookableSlot(service: AvailabilityService, start: Date, end: Date, options: BookableSlotOptions): boolean;
export function isBookableSlot(
  serviceOrQuery: AvailabilityService | BookableSlotQuery,
  startArg?: Date,
  endArg?: Date,
  options?: BookableSlotOptions,
): boolean {
  const q: BookableSlotQuery =
    'service' in serviceOrQuery ? serviceOrQuery : { service: serviceOrQuery, start: startArg!, end: endArg!, ...options! };
  const { service, start, end, now, busy = [], minLeadMinutes = 0 } = q;
  assertWholeMinutes(minLeadMinutes, 'minLeadMinutes', 0, 366 * DAY_MINUTES);
  if (!Number.isFinite(start.getTime()) || !Number.isFinite(end.getTime())) return false;
  const localDate = utcToZonedParts(start, service.timeZone).date;
  // A slot always starts on the local date that produced it; the day before is checked as a safety margin.
  return openingSlots(service, [addDays(localDate, -1), localDate]).some(
    (slot) => slot.start.getTime() === start.getTime() && slot.end.getTime() === end.getTime() && isFree(slot, now, busy, minLeadMinutes),
  );
}

/**
 * Ids of the per-provider time quanta [start, end) touches: `${providerId}#${quantum start ISO}`.
 * Quanta are aligned to the UTC epoch, so two overlapping bookings of one provider share at least one id
 * and the second conditional write fails. A booking not aligned to the quantum holds the partly covered
 * quanta too (safe, but it blocks its neighbours), so durations should be multiples of the quantum.
 */
export function slotHoldKeys(providerId: string, start: Date, end: Date, quantumMinutes = SLOT_HOLD_QUANTUM_MINUTES): string[] {
  if (!providerId || providerId.includes('#')) throw new AvailabilityError(`invalid providerId: ${JSON.stringify(providerId)}`);
  assertWholeMinutes(quantumMinutes, 'quantumMinutes', 1, DAY_MINUTES);
  if (DAY_MINUTES % quantumMinutes !== 0) throw new AvailabilityError(`quantumMinutes must divide a day, got ${quantumMinutes}`);
  const startMs = start.getTime();
  const endMs = end.getTime();
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) throw new AvailabilityError('invalid start or end');
  if (endMs <= startMs) throw new AvailabilityError('end must be after start');
  if (endMs - startMs > DAY_MINUTES * MINUTE_MS) throw new AvailabilityError('a slot hold may cover at most 24 hours');
  const q = quantumMinutes * MINUTE_MS;
  const keys: string[] = [];
  for (let t = Math.floor(startMs / q) * q; t < endMs; t += q) keys.push(`${providerId}#${new Date(t).toISOString()}`);
  return keys;
}
