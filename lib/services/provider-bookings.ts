/**
 * LIST_PROVIDER_BOOKINGS: the provider's paid bookings through the byProvider index (providerId, startDateTime), by view:
 * - upcoming: a range query from now (a year ahead at most), soonest first;
 * - past: a range query up to now (90 days back by default), read newest first;
 * - needsAction: not expressible as a key range, so the bounded default window (30 days back, a year ahead) is read
 *   and classified in memory (lib/domain/no-show.ts needsAction); each booking says why it waits on the provider.
 * Without a view: the window [from, to] as before (default 30 days back onwards).
 */
import type { Identity } from '../auth/identity';
import { hasStarted } from '../domain/earnings';
import { needsAction, noShowOpensAt, type ProviderBookingsView } from '../domain/no-show';
import { providerBookingsStartingBetween } from '../data/booking-queries';
import type { BookingRecord } from '../data/records';
import type { ProviderBookingView } from '../http/booking-processor';
import type { Deps } from '../ports';
import { toBookingView } from './bookings';

const DAY_MS = 86_400_000;
/** At most this many bookings are read per request (the index query's limit). */
const READ_LIMIT = 500;

/** Paid bookings, including those disputed, refunded or cancelled after payment (an unpaid hold never reached the provider). */
function isVisible(b: BookingRecord): boolean {
  if (b.status === 'CANCELLED') return Boolean(b.confirmedAt);
  return ['CONFIRMED', 'COMPLETED', 'PAID_OUT', 'DISPUTED', 'REFUNDED'].includes(b.status);
}

function toProviderView(b: BookingRecord, now: Date): ProviderBookingView {
  const action = needsAction(
    {
      status: b.status,
      startDateTime: b.startDateTime,
      endDateTime: b.endDateTime,
      checkedInAt: b.checkedInAt,
      noShowAt: b.noShowAt,
      refundCaseOpen: b.refundDispute?.status === 'OPEN',
    },
    now,
  );
  return {
    ...toBookingView(b),
    customerEmail: b.customerEmail,
    ...(b.completedAt ? { completedAt: b.completedAt } : {}),
    ...(b.noShowAt ? { noShowAt: b.noShowAt } : {}),
    ...(b.cancelledAt ? { cancelledAt: b.cancelledAt } : {}),
    noShowOpensAt: noShowOpensAt(b.startDateTime).toISOString(),
    refundedCents: b.refundedCents ?? 0,
    canComplete: b.status === 'CONFIRMED' && hasStarted(b.startDateTime, now),
    ...(action ? { needsAction: action } : {}),
  };
}

function windowOf(view: ProviderBookingsView | undefined, now: Date, input: { from?: string; to?: string }): [string, string] {
  const iso = (ms: number) => new Date(ms).toISOString();
  const t = now.getTime();
  if (view === 'upcoming') return [input.from ?? iso(t), input.to ?? iso(t + 366 * DAY_MS)];
  if (view === 'past') return [input.from ?? iso(t - 90 * DAY_MS), input.to ?? iso(t)];
  return [input.from ?? iso(t - 30 * DAY_MS), input.to ?? iso(t + 366 * DAY_MS)];
}

export async function listProviderBookings(
  deps: Deps,
  caller: Identity,
  input: { from?: string; to?: string; view?: ProviderBookingsView },
): Promise<ProviderBookingView[]> {
  const now = deps.clock.now();
  const [from, to] = windowOf(input.view, now, input);
  // past reads newest first, so the limit keeps the most recent
  const read = await providerBookingsStartingBetween(deps, caller.userId, from, to, READ_LIMIT, input.view === 'past');
  const views = read.filter(isVisible).map((b) => toProviderView(b, now));
  switch (input.view) {
    case 'upcoming':
      // The range starts at now, inclusive; one starting this very millisecond has started.
      return views.filter((b) => Date.parse(b.dateTime.start) > now.getTime());
    case 'past':
      return views.filter((b) => Date.parse(b.dateTime.start) <= now.getTime());
    case 'needsAction':
      return views.filter((b) => b.needsAction);
    default:
      return views;
  }
}
