/**
 * The admin dashboard's reads and the webhook event log. Every list is an index query (no scans):
 * bookings a page at a time by creation (Booking.byCreatedMonth month by month, or one status's byStatusListShard
 * shards merged: lib/services/admin-list-pages.ts), search by booking id (GetItem) or customer email (Booking.byCustomerEmail); providers by onboarding status
 * (UserProfile.byStripeAccountStatus); metrics from the daily rollups (lib/data/rollups.ts). The
 * webhook event log is lib/services/webhook-log.ts.
 */
import { decodePageCursor, encodePageCursor } from './page-cursor';
import { AppError } from '../http/errors';
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { bookingMoneyFlow } from '../domain/ledger';
import type { Currency } from '../domain/money';
import { adminMetricsReport } from './metrics';
import { metricRange } from './metric-range';
import type { BookingRecord, BookingStatus, StripeAccountStatus, UserProfileRecord } from '../data/records';
import { queryIndex, queryPage, repo } from '../data/repository';
import { adminListPage, type ListRequest } from './admin-list-pages';
import { authorize } from './access';
import { OPEN_DISPUTE_STATUSES } from '../domain/disputes';
import type { DisputeStatus } from '../domain/dispute-record';
import type { DisputeRecord } from '../data/records';
import { mergedPage } from './merged-page';
import { bookingTransfers } from './provider-debt';
import { bookingStripeObjects } from './reconciliation';
import { moneyTrail } from '../domain/money-trail';
import type { Deps } from '../ports';
import type { AdminBookingDetail, AdminBookingRow } from '../http/refund-processor';

const row = (b: BookingRecord): AdminBookingRow => ({
  id: b.id,
  createdAt: b.createdAt,
  startDateTime: b.startDateTime,
  status: b.status,
  serviceTitle: b.serviceTitle,
  customerEmail: b.customerEmail,
  providerId: b.providerId,
  totalAmountCents: b.totalAmountCents,
  refundedCents: b.refundedCents ?? 0,
  currency: b.currency,
  payoutHold: b.payoutHold === true,
  ...(b.chargebackStatus ? { chargebackStatus: b.chargebackStatus } : {}),
});

const byNewest = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);

type BookingListQuery = Omit<ListRequest, 'model' | 'statuses' | 'status'> & {
  status?: BookingStatus | undefined;
  search?: string | undefined;
};

/**
 * The admin bookings list: a page of the re-keyed indexes (lib/services/admin-list-pages.ts), or a search by booking
 * id (GetItem) or customer email (byCustomerEmail) with the filters applied to what it found (one page, no cursor).
 */
export async function adminListBookings(deps: Deps, q: BookingListQuery): Promise<{ bookings: AdminBookingRow[]; nextCursor?: string }> {
  const search = q.search?.trim();
  if (!search) {
    const page = await adminListPage<BookingRecord>(deps, { ...q, model: 'Booking' });
    return { bookings: page.items.map(row), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }
  let found: BookingRecord[];
  if (search.includes('@')) {
    found = await queryIndex<BookingRecord>(deps, 'Booking', {
      index: 'byCustomerEmail',
      key: 'customerEmail',
      value: search.toLowerCase(),
      newestFirst: true,
      limit: q.limit,
    });
    if (found.length === 0 && search !== search.toLowerCase()) {
      found = await queryIndex<BookingRecord>(deps, 'Booking', {
        index: 'byCustomerEmail',
        key: 'customerEmail',
        value: search,
        newestFirst: true,
        limit: q.limit,
      });
    }
  } else {
    const one = await repo.booking(deps, search);
    found = one ? [one] : [];
  }
  const from = q.from ?? '';
  const to = q.to ? `${q.to}T23:59:59.999Z` : undefined;
  found = found.filter(
    (b) =>
      (!q.status || b.status === q.status) &&
      (!q.currency || b.currency === q.currency) &&
      b.createdAt >= from &&
      (to === undefined || b.createdAt <= to),
  );
  const ordered = found.sort(byNewest);
  if (q.order === 'oldest') ordered.reverse();
  return { bookings: ordered.slice(0, q.limit).map(row) };
}

/**
 * One booking with its ledger and Stripe's view (its history is the audit view of the booking: ADMIN_AUDIT_LOG).
 * The action admits only admins; the policy decides too.
 */
export async function adminGetBooking(deps: Deps, bookingId: string, caller: Identity): Promise<AdminBookingDetail> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'view', { details: { bookingId } });
  // The trail reads Stripe through the reconciler's lookups (by the stored PaymentIntent id and the transfer group).
  const [ledger, transfers, refunds, objects] = await Promise.all([
    repo.ledgerOfBooking(deps, bookingId),
    bookingTransfers(deps, bookingId),
    booking.paymentIntentId
      ? deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId, limit: 100 }).then((r) => r.data)
      : Promise.resolve([] as Stripe.Refund[]),
    bookingStripeObjects(deps, booking),
  ]);
  const open = booking.chargebackStatus !== undefined && (OPEN_DISPUTE_STATUSES as readonly string[]).includes(booking.chargebackStatus);
  const flow = bookingMoneyFlow(ledger, open, booking.status === 'COMPLETED');
  const stripeRefunded = refunds.reduce((s, r) => s + r.amount, 0);
  const stripeReversed = transfers.all.reduce((s, t) => s + t.amount_reversed, 0);
  return {
    booking,
    ledger: ledger.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    flow,
    trail: moneyTrail(ledger, objects, booking.currency),
    stripe: {
      refunds: refunds.map((r) => ({ id: r.id, amount: r.amount, status: r.status, created: r.created })),
      transfers: transfers.all.map((t) => ({
        id: t.id,
        amount: t.amount,
        amountReversed: t.amount_reversed,
        destination: typeof t.destination === 'string' ? t.destination : t.destination?.id,
      })),
      /** The ledger agrees with Stripe's refunds and reversals. */
      agrees: stripeRefunded === flow.refundedCents && stripeReversed === flow.transferReversedCents,
    },
  };
}

const ACCOUNT_STATUSES: StripeAccountStatus[] = ['PENDING', 'ACTIVE', 'RESTRICTED', 'REJECTED'];

type ProviderPosition = Record<string, unknown> | 'done' | undefined;

/**
 * Providers newest first, a page at a time: one onboarding status (one index partition), or all of them merged (each
 * status partition read from where the last page took its last row; the cursor holds the four positions).
 */
export async function adminListProviders(
  deps: Deps,
  q: { limit: number; status?: StripeAccountStatus | undefined; cursor?: string | undefined },
) {
  const statuses = q.status ? [q.status] : ACCOUNT_STATUSES;
  const scope = `providers:${q.status ?? 'any'}`;
  const saved = decodePageCursor(scope, q.cursor);
  const positions = statuses.map((s): ProviderPosition => {
    const v = saved?.[s];
    if (v === 'done') return 'done';
    if (typeof v !== 'string' || v === '') return undefined;
    try {
      return JSON.parse(v) as Record<string, unknown>;
    } catch {
      throw new AppError('VALIDATION_FAILED', 'This page link is no longer valid: load the list again', { cursor: q.cursor });
    }
  });
  const pages = await Promise.all(
    statuses.map((s, i) => {
      const at = positions[i];
      if (at === 'done') return { items: [] as UserProfileRecord[], nextCursor: undefined };
      return queryPage<UserProfileRecord>(
        deps,
        'UserProfile',
        { index: 'byStripeAccountStatus', key: 'stripeAccountStatus', value: s, newestFirst: true, limit: q.limit },
        at,
      );
    }),
  );
  const taken = pages
    .flatMap((p) => p.items)
    .sort(byNewest)
    .slice(0, q.limit);
  const next: Record<string, string> = {};
  statuses.forEach((s, i) => {
    const page = pages[i]!;
    const mine = taken.filter((p) => p.stripeAccountStatus === s);
    const last = mine[mine.length - 1];
    if (positions[i] === 'done' || (mine.length === page.items.length && !page.nextCursor)) next[s] = 'done';
    else if (mine.length === page.items.length) next[s] = JSON.stringify(page.nextCursor);
    else if (last) next[s] = JSON.stringify({ id: last.id, stripeAccountStatus: s, createdAt: last.createdAt });
    else next[s] = positions[i] ? JSON.stringify(positions[i]) : '';
  });
  const more = Object.values(next).some((v) => v !== 'done');
  const nextCursor = more ? encodePageCursor(scope, next) : undefined;
  return {
    providers: taken.map((p) => ({
      userId: p.id,
      email: p.email,
      displayName: p.displayName,
      stripeAccountId: p.stripeAccountId ?? null,
      stripeAccountStatus: p.stripeAccountStatus ?? null,
      onboardingComplete: p.stripeOnboardingComplete === true,
      chargesEnabled: p.stripeChargesEnabled === true,
      payoutsEnabled: p.stripePayoutsEnabled === true,
      providerDebtCents: p.providerDebtCents ?? 0,
    })),
    ...(nextCursor ? { nextCursor } : {}),
  };
}

/**
 * The chargebacks a page at a time by evidence due date: one status's partition of Dispute.byStatusDue, or the open
 * statuses' (and won / lost) merged in due-date order, the cursor holding each partition's position.
 */
export async function adminListDisputes(
  deps: Deps,
  q: {
    includeClosed: boolean;
    status?: DisputeStatus | undefined;
    order?: 'soonest' | 'latest' | undefined;
    limit: number;
    cursor?: string | undefined;
  },
) {
  const latestFirst = q.order === 'latest';
  const statuses: readonly string[] = q.status
    ? [q.status]
    : q.includeClosed
      ? [...OPEN_DISPUTE_STATUSES, 'won', 'lost']
      : OPEN_DISPUTE_STATUSES;
  const direction = latestFirst ? -1 : 1;
  const page = await mergedPage<DisputeRecord>({
    scope: `disputes:${q.status ?? (q.includeClosed ? 'all' : 'open')}:${latestFirst ? 'latest' : 'soonest'}`,
    cursor: q.cursor,
    partitions: statuses,
    limit: q.limit,
    read: (status, limit, start) =>
      queryPage<DisputeRecord>(
        deps,
        'Dispute',
        { index: 'byStatusDue', key: 'status', value: status, newestFirst: latestFirst, limit },
        start,
      ),
    order: (a, b) => direction * (a.evidenceDueBy.localeCompare(b.evidenceDueBy) || a.id.localeCompare(b.id)),
    partitionOf: (d) => d.status,
    keyOf: (d) => ({ id: d.id, status: d.status, evidenceDueBy: d.evidenceDueBy }),
    keyNames: ['id', 'status', 'evidenceDueBy'],
  });
  return { disputes: page.items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

// The webhook event log (list, reprocess, the dispatcher's records) is lib/services/webhook-log.ts.

// ---- metrics: lib/services/metrics.ts ------------------------------------------------------------

export async function adminMetrics(
  deps: Deps,
  input: { days?: number | undefined; from?: string | undefined; to?: string | undefined; currency?: Currency | undefined },
) {
  return adminMetricsReport(deps, metricRange(deps.clock.now(), input), input.currency ?? 'usd');
}
