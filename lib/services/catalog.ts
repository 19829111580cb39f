import { AvailabilityError, computeSlots } from '../domain/availability';
import {
  bookingWindowBounds,
  bookingWindowDates,
  bookingWindowDetails,
  bookingWindowOf,
  bookingWindowRefusal,
  type BookingWindow,
} from '../domain/booking-window';
import { providerCanTakeBookings, PROVIDER_NOT_READY_MESSAGE } from '../domain/provider-readiness';
import { compareByRating, ratingAverage } from '../domain/reviews';
import { TimeError, utcToZonedParts } from '../domain/time';
import type { BookingRecord, ServiceRecord } from '../data/records';
import { repo } from '../data/repository';
import type { BookingResponses, ServiceView } from '../http/booking-processor';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';

/** Bookings that still occupy their time: everything but cancelled or expired holds. */
const OCCUPYING = (b: BookingRecord) => b.status !== 'CANCELLED' && b.status !== 'EXPIRED';
const MAX_BOOKING_HOURS = 24;

export async function listServices(deps: Deps, sort: 'newest' | 'rating' = 'newest'): Promise<ServiceView[]> {
  const listed = await repo.listedServices(deps);
  // The listing is read whole (newest first from its index), so ordering by rating is a sort of the same page.
  const services = sort === 'rating' ? [...listed].sort(compareByRating) : listed;
  const names = await providerNames(deps, services);
  return services.map((s) => toServiceView(s, names.get(s.providerId) ?? 'Provider'));
}

export async function getService(deps: Deps, serviceId: string): Promise<ServiceView> {
  const service = await loadBookableService(deps, serviceId);
  const names = await providerNames(deps, [service]);
  return toServiceView(service, names.get(service.providerId) ?? 'Provider');
}

export async function loadBookableService(deps: Deps, serviceId: string): Promise<ServiceRecord> {
  const service = await repo.service(deps, serviceId);
  if (!service || !service.isActive) throw new AppError('NOT_FOUND', 'Service not found', { serviceId });
  return service;
}

/** The slots of a service; none, with the reason, while its provider cannot take bookings (CREATE_BOOKING would refuse). */
export type AvailabilityAnswer = BookingResponses['CHECK_AVAILABILITY'];

export async function checkAvailability(deps: Deps, input: { serviceId: string; from: string; to: string }): Promise<AvailabilityAnswer> {
  const service = await loadBookableService(deps, input.serviceId);
  const fromDate = toLocalDate(input.from, service.timeZone);
  const toDate = toLocalDate(input.to, service.timeZone);
  if (toDate < fromDate) throw new AppError('VALIDATION_FAILED', '"to" must not be before "from"', { from: input.from, to: input.to });
  const now = deps.clock.now();
  const window = bookingWindowOf(service);
  assertDatesInWindow(window, now, service.timeZone, { from: input.from, to: input.to, fromDate, toDate });
  if (!providerCanTakeBookings(await repo.userProfile(deps, service.providerId))) {
    return { slots: [], timeZone: service.timeZone, unavailableReason: 'PROVIDER_NOT_READY', message: PROVIDER_NOT_READY_MESSAGE };
  }
  const busy = await busyIntervals(deps, service.providerId, fromDate, toDate);
  try {
    const { latestStart } = bookingWindowBounds(window, now);
    const slots = computeSlots({ service, fromDate, toDate, now, busy, minLeadMinutes: window.minNoticeMinutes, latestStart });
    return { slots, timeZone: service.timeZone };
  } catch (err) {
    if (err instanceof AvailabilityError || err instanceof TimeError)
      throw new AppError('VALIDATION_FAILED', err.message, { from: input.from, to: input.to });
    throw err;
  }
}

/**
 * A range with no date inside the booking window is refused (400, with the window in words and in details); a range
 * that overlaps it is answered, its dates outside simply having no slots (so a two-week strip near either end works).
 */
function assertDatesInWindow(
  window: BookingWindow,
  now: Date,
  timeZone: string,
  range: { from: string; to: string; fromDate: string; toDate: string },
): void {
  const { firstDate, lastDate } = bookingWindowDates(window, now, timeZone);
  if (range.toDate >= firstDate && range.fromDate <= lastDate) return;
  throw new AppError('VALIDATION_FAILED', bookingWindowRefusal(window, 'DATES_OUTSIDE'), {
    from: range.from,
    to: range.to,
    reason: range.toDate < firstDate ? 'TOO_SOON' : 'TOO_FAR',
    ...bookingWindowDetails(window, now),
    firstDate,
    lastDate,
    timeZone,
  });
}

/** Intervals the provider is already booked or held, across all their services. */
async function busyIntervals(deps: Deps, providerId: string, fromDate: string, toDate: string) {
  // A booking that starts up to a day before the window can still overlap it.
  const from = new Date(Date.parse(`${fromDate}T00:00:00Z`) - (MAX_BOOKING_HOURS + 14) * 3_600_000).toISOString();
  const to = new Date(Date.parse(`${toDate}T23:59:59Z`) + 14 * 3_600_000).toISOString();
  const bookings = await repo.bookingsOfProviderBetween(deps, providerId, from, to);
  return bookings.filter(OCCUPYING).map((b) => ({ start: new Date(b.startDateTime), end: new Date(b.endDateTime) }));
}

function toLocalDate(value: string, timeZone: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return utcToZonedParts(new Date(value), timeZone).date;
}

async function providerNames(deps: Deps, services: ServiceRecord[]): Promise<Map<string, string>> {
  const ids = [...new Set(services.map((s) => s.providerId))];
  const profiles = await Promise.all(ids.map((id) => repo.userProfile(deps, id)));
  return new Map(ids.map((id, i) => [id, profiles[i]?.displayName ?? 'Provider']));
}

export function toServiceView(s: ServiceRecord, providerName: string): ServiceView {
  return {
    id: s.id,
    title: s.title,
    category: s.category,
    description: s.description,
    priceCents: s.priceCents,
    currency: s.currency,
    pricingUnit: s.pricingUnit,
    durationMinutes: s.durationMinutes,
    maxGroupSize: s.maxGroupSize,
    cancellationPolicy: s.cancellationPolicy,
    timeZone: s.timeZone,
    ...bookingWindowOf(s),
    providerId: s.providerId,
    providerName,
    ...ratingOf(s),
  };
}

function ratingOf(s: ServiceRecord): { rating?: { average: number; count: number } } {
  const average = ratingAverage(s);
  return average === undefined ? {} : { rating: { average, count: s.ratingCount ?? 0 } };
}
