/**
 * The booking side's domain events, on DynamoDB Local and the Stripe emulator through the production handlers: each
 * scenario's exact events per aggregate, in order (type, actor, key payload fields); a duplicate webhook delivery adds
 * none; a transaction that fails writes none. One stack; the scenarios run in order on it, and the app's clock only
 * moves forward (events sort by the time they were written).
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionBooking } from '../../../lib/data/booking-writer';
import { disputeRecordItems } from '../../../lib/data/dispute-writes';
import { commitTransition } from '../../../lib/data/status-writer';
import { eventsOfMonth, type DomainEventRecord } from '../../../lib/data/outbox';
import { eventsOfAggregate } from '../support/events';
import type { DisputeRecord } from '../../../lib/data/records';
import { getItem } from '../../../lib/data/repository';
import type { AggregateType } from '../../../lib/domain/events';
import { createRefundProcessorHandler } from '../../../lib/functions/refund-processor';
import type { SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import { expireHolds } from '../../../lib/services/booking-lifecycle';
import {
  ADMIN,
  CUSTOMER,
  freeSlots,
  payLikeStripeJs,
  PORTRAIT,
  PROVIDER,
  startLifecycleStack,
  type LifecycleStack,
} from '../support/lifecycle';

const DECLINED = '4000000000000002';
const INSTANT = '4000000000000077'; // funds available at once: transfers and payouts can follow
const DISPUTED = '4000000000000259';
const HOUR = 3_600_000;

let stack: LifecycleStack;
let refunds: ReturnType<typeof createRefundProcessorHandler>;

beforeAll(async () => {
  stack = await startLifecycleStack('booking-events');
  refunds = createRefundProcessorHandler(stack.runtime);
});
afterAll(async () => stack?.close());

/** One event in words: its type, what it says (a transition's from→to, a line's type and amount, …), and who acted. */
function told(e: DomainEventRecord): string {
  const p = e.payload as Record<string, string | number | undefined>;
  const what =
    e.type === 'LedgerLineWritten'
      ? `${p.entryType} ${p.amountCents}`
      : e.type === 'RefundRecorded' || e.type === 'PayoutCreated'
        ? `${p.amountCents} ${p.status}`
        : e.type === 'ProviderDebtChanged'
          ? `${p.deltaCents} on ${p.bookingId}`
          : e.type === 'DisputeOpened'
            ? `${p.status}`
            : e.type === 'BookingRequested'
              ? `${p.totalCents}`
              : 'transition' in p
                ? `${p.from ?? ''}→${p.to ?? ''}`
                : '';
  return [e.type, what, `by ${e.actorRole}${e.actorId ? `:${e.actorId}` : ''}`].filter(Boolean).join(' ');
}

/** Events other suites check: the Payment record's and the audit's. */
const OTHERS: ReadonlySet<string> = new Set(['PaymentRecorded', 'AdminActionTaken']);

/** An aggregate's events in order, in words. */
async function history(type: AggregateType, id: string): Promise<string[]> {
  return (await eventsOfAggregate(stack.deps, type, id)).filter((e) => !OTHERS.has(e.type)).map(told);
}

const byCustomer = `by CUSTOMER:${CUSTOMER.userId}`;
const byProvider = `by PROVIDER:${PROVIDER.userId}`;
const byAdmin = `by ADMIN:${ADMIN.userId}`;
/** A $120.00 portrait booking requested and paid by card: its first five events. */
const PAID = [
  `BookingRequested 12000 ${byCustomer}`,
  'BookingConfirmed →CONFIRMED by STRIPE',
  'LedgerLineWritten CHARGE 12000 by STRIPE',
  'LedgerLineWritten PLATFORM_FEE 960 by STRIPE',
  'LedgerLineWritten PROVIDER_EARNING 11040 by STRIPE',
];

type Slot = { startDateTime: string; endDateTime: string };
const hoursAhead = (slot: Slot) => (Date.parse(slot.startDateTime) - stack.now().getTime()) / HOUR;

/** Creates a portrait booking of the first free slot `pick` accepts, as `token`'s user. */
async function book(pick: (slot: Slot) => boolean = () => true, token = stack.customerToken) {
  const slot = (await freeSlots(stack, PORTRAIT)).find(pick);
  if (!slot) throw new Error('no free slot');
  const res = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: PORTRAIT, ...slot, groupSize: 1 },
    token,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return { bookingId: res.body.bookingId, clientSecret: res.body.clientSecret, slot };
}

async function bookAndPay(card = '4242424242424242', pick?: (slot: Slot) => boolean) {
  const created = await book(pick);
  expect((await payLikeStripeJs(stack, created.clientSecret, card)).body.status).toBe('succeeded');
  await stack.emulator.flushWebhooks();
  return created;
}

async function refundAction<T = Record<string, unknown>>(action: string, payload: object, token: string) {
  const res = await refunds({ action, payload, token });
  return { status: res.statusCode, body: JSON.parse(res.body) as T };
}

/** Our own writes while webhooks wait: their actor is the request's, not a racing webhook's. */
async function withWebhooksPaused<T>(work: () => Promise<T>): Promise<T> {
  await stack.helper('webhooks/pause');
  try {
    return await work();
  } finally {
    await stack.helper('webhooks/resume');
    await stack.emulator.flushWebhooks();
  }
}

const disputeOf = async (bookingId: string) => {
  const { paymentIntentId } = await stack.storedBooking(bookingId);
  const list = await stack.deps.stripe.disputes.list({ payment_intent: paymentIntentId! });
  expect(list.data).toHaveLength(1);
  return list.data[0]!;
};

describe('paying for a booking', () => {
  let paid: string;

  it('by card: requested, confirmed, and the three charge lines', async () => {
    const { bookingId, slot } = await bookAndPay();
    paid = bookingId;
    expect(await history('Booking', bookingId)).toEqual(PAID);
    const [requested] = await eventsOfAggregate(stack.deps, 'Booking', bookingId);
    expect(requested).toMatchObject({
      aggregateType: 'Booking',
      aggregateId: bookingId,
      payload: {
        serviceId: PORTRAIT,
        providerId: PROVIDER.userId,
        customerId: CUSTOMER.userId,
        startDateTime: slot.startDateTime,
        totalCents: 12_000,
        currency: 'usd',
      },
    });
  });

  it('a duplicate delivery of its webhook adds no event; a re-sent one (new id) finds the work done and adds none', async () => {
    const events = await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
    const event = events.data.find((e) => (e.data.object as Stripe.PaymentIntent).metadata.bookingId === paid)!;
    expect((await stack.deliver(event)).body.outcome).toBe('duplicate');
    expect((await stack.deliver({ ...event, id: `${event.id}_resent` })).body.outcome).toBe('processed');
    expect(await history('Booking', paid)).toEqual(PAID);
  });

  it('declined, then paid: the failure, then the confirmation', async () => {
    const { bookingId, clientSecret } = await book();
    expect((await payLikeStripeJs(stack, clientSecret, DECLINED)).body.status).not.toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect((await payLikeStripeJs(stack, clientSecret)).body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    expect(await history('Booking', bookingId)).toEqual([PAID[0], 'BookingPaymentFailed →PAYMENT_FAILED by STRIPE', ...PAID.slice(1)]);
  });

  it('a transition DynamoDB refuses (built from a stale read) writes no event', async () => {
    const refused = await transitionBooking(stack.deps, paid, {
      transition: 'CANCEL_UNPAID',
      actor: 'CUSTOMER',
      from: 'PENDING_PAYMENT',
      actorId: CUSTOMER.userId,
      now: stack.now(),
    });
    expect(refused).toBeUndefined();
    expect(await history('Booking', paid)).toEqual(PAID);
  });
});

describe('two customers booking the same slot', () => {
  it('the winner has its BookingRequested; the loser’s refused transaction wrote none', async () => {
    const slot = (await freeSlots(stack, PORTRAIT))[3]!;
    const tokens = [stack.customerToken, stack.tokenFor('user_events_rival', 'rival@example.com')];
    const attempts = await Promise.all(
      tokens.map((token) => stack.booking<{ bookingId: string }>('CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1 }, token)),
    );
    expect(attempts.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = attempts.findIndex((a) => a.status === 200);
    const winner = attempts[won]!.body.bookingId;
    const month = (await stack.storedBooking(winner)).createdAt.slice(0, 7);
    const requested = (await eventsOfMonth(stack.deps, month)).filter(
      (e) => e.type === 'BookingRequested' && (e.payload as { startDateTime: string }).startDateTime === slot.startDateTime,
    );
    expect(requested.map((e) => e.aggregateId)).toEqual([winner]);
    // The winner's hold ends now, so the expiry sweep below finds only its own booking.
    expect((await stack.booking('CANCEL_BOOKING', { bookingId: winner }, tokens[won])).status).toBe(200);
  });
});

describe('unpaid holds', () => {
  it('cancelled by the customer (a repeat adds nothing)', async () => {
    const { bookingId } = await book();
    for (let i = 0; i < 2; i++) expect((await stack.booking('CANCEL_BOOKING', { bookingId }, stack.customerToken)).status).toBe(200);
    expect(await history('Booking', bookingId)).toEqual([
      `BookingRequested 12000 ${byCustomer}`,
      `UnpaidBookingCancelled →CANCELLED ${byCustomer}`,
    ]);
  });
});

describe('cancelling a paid booking', () => {
  it('by the customer under the policy (50% between 1 and 5 days ahead): the cancellation, the refund, its lines', async () => {
    const { bookingId } = await bookAndPay(undefined, (s) => hoursAhead(s) > 30 && hoursAhead(s) < 110);
    const res = await stack.booking('CANCEL_PAID_BOOKING', { bookingId }, stack.customerToken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await history('Booking', bookingId)).toEqual([
      ...PAID,
      `BookingCancelled CONFIRMED→CANCELLED ${byCustomer}`,
      `RefundRecorded 6000 succeeded ${byCustomer}`,
      `LedgerLineWritten REFUND 6000 ${byCustomer}`,
      `LedgerLineWritten FEE_REFUND 480 ${byCustomer}`,
    ]);
    const refunded = (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).find((e) => e.type === 'RefundRecorded')!;
    const { refunds: [summary] = [] } = await stack.storedBooking(bookingId);
    expect(refunded.payload).toEqual({
      refundId: 'cancel',
      amountCents: 6_000,
      currency: 'usd',
      status: 'succeeded',
      reason: 'Cancelled by the customer',
      stripeRefundId: summary!.stripeRefundId,
    });
  });
});

describe('chargebacks', () => {
  it('opened and lost: disputed, withdrawn, lost, the fee share given up; the Dispute opened and lost', async () => {
    const { bookingId } = await bookAndPay(DISPUTED);
    const dispute = await disputeOf(bookingId);
    await stack.deps.stripe.disputes.close(dispute.id);
    await stack.emulator.flushWebhooks();
    expect(await history('Booking', bookingId)).toEqual([
      ...PAID,
      'BookingDisputed CONFIRMED→DISPUTED by STRIPE',
      'LedgerLineWritten DISPUTE 12000 by STRIPE',
      'BookingDisputeLost DISPUTED→REFUNDED by STRIPE',
      'LedgerLineWritten FEE_REFUND 960 by STRIPE',
    ]);
    expect(await history('Dispute', dispute.id)).toEqual([
      'DisputeOpened needs_response by STRIPE',
      'DisputeLost needs_response→lost by STRIPE',
    ]);
    const [opened] = await eventsOfAggregate(stack.deps, 'Dispute', dispute.id);
    expect(opened!.payload).toEqual({
      disputeId: dispute.id,
      bookingId,
      amountCents: 12_000,
      currency: 'usd',
      status: 'needs_response',
      reason: dispute.reason,
    });
  });

  it('opened, evidence submitted by an admin, won: the booking reinstated; a stale Dispute write adds nothing', async () => {
    const { bookingId } = await bookAndPay(DISPUTED);
    const dispute = await disputeOf(bookingId);
    const stale = await getItem<DisputeRecord>(stack.deps, 'Dispute', dispute.id);
    const evidence = { product_description: 'Portrait session, 1 hour', uncategorized_text: 'The customer came and got the photos.' };
    const submitted = await withWebhooksPaused(() =>
      refundAction('SUBMIT_DISPUTE_EVIDENCE', { bookingId, evidence, submit: true }, stack.adminToken),
    );
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    await stack.deps.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    await stack.emulator.flushWebhooks();
    expect(await history('Booking', bookingId)).toEqual([
      ...PAID,
      'BookingDisputed CONFIRMED→DISPUTED by STRIPE',
      'LedgerLineWritten DISPUTE 12000 by STRIPE',
      'BookingDisputeWon DISPUTED→CONFIRMED by STRIPE',
      'LedgerLineWritten DISPUTE -12000 by STRIPE',
    ]);
    const disputeEvents = [
      'DisputeOpened needs_response by STRIPE',
      `DisputeEvidenceSubmitted needs_response→under_review ${byAdmin}`,
      'DisputeWon under_review→won by STRIPE',
    ];
    expect(await history('Dispute', dispute.id)).toEqual(disputeEvents);

    // Written from the record as first read (needs_response): DynamoDB refuses it, and no event is written.
    const { bookingId: b, chargeId, amountCents, currency, reason, evidenceDueBy } = stale!;
    const fields = { bookingId: b, chargeId, amountCents, currency, reason, evidenceDueBy, status: 'under_review' };
    expect(
      await commitTransition(
        stack.deps,
        disputeRecordItems(stack.deps, stale, { id: dispute.id, fields, createdAt: new Date(), actor: 'STRIPE', now: stack.now() }),
      ),
    ).toBe(false);
    expect(await history('Dispute', dispute.id)).toEqual(disputeEvents);
  });
});

describe('the refund case', () => {
  it('contested by both parties at once (one wins), resolved by two admins at once (one wins): one event each', async () => {
    const { bookingId } = await bookAndPay();
    // A refund decision to contest: 10.00 refunded by an admin.
    const refunded = await refundAction(
      'PROCESS_REFUND',
      { bookingId, refundAmount: 1_000, reason: 'partial', requestId: 'events-case' },
      stack.adminToken,
    );
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(200);
    const contests = await Promise.all([
      refundAction<{ dispute: { openedByRole: string } }>('DISPUTE_REFUND', { bookingId, reason: 'not enough' }, stack.customerToken),
      refundAction<{ dispute: { openedByRole: string } }>('DISPUTE_REFUND', { bookingId, reason: 'too much' }, stack.providerToken),
    ]);
    expect(contests.map((c) => c.status).sort()).toEqual([200, 409]);
    const opener = contests.find((c) => c.status === 200)!.body.dispute.openedByRole === 'CUSTOMER' ? byCustomer : byProvider;
    const resolutions = await Promise.all(
      [0, 1].map(() => refundAction('ADMIN_RESOLVE_REFUND_DISPUTE', { bookingId, resolution: 'as decided' }, stack.adminToken)),
    );
    expect(resolutions.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(await history('Booking', bookingId)).toEqual([
      ...PAID,
      `RefundRecorded 1000 succeeded ${byAdmin}`,
      `LedgerLineWritten REFUND 1000 ${byAdmin}`,
      `LedgerLineWritten FEE_REFUND 80 ${byAdmin}`,
      `RefundCaseOpened NONE→OPEN ${opener}`,
      `RefundCaseResolved OPEN→RESOLVED ${byAdmin}`,
    ]);
    const events = await eventsOfAggregate(stack.deps, 'Booking', bookingId);
    // The amount in dispute and what the case holds are in its event: the customer's case holds its amount of the
    // share not yet transferred (11,040 − 920), the provider's nothing.
    const held = opener === byCustomer ? { amountCents: 11_000, heldCents: 10_120 } : { amountCents: 1_000, heldCents: 0 };
    expect(events.find((e) => e.type === 'RefundCaseOpened')!.payload).toMatchObject({ details: { ...held, currency: 'usd' } });
    const resolved = events.findLast((e) => e.type === 'RefundCaseResolved')!;
    expect(resolved.payload).toEqual({
      transition: 'RESOLVE_CASE',
      from: 'OPEN',
      to: 'RESOLVED',
      details: { resolution: 'as decided', releasedCents: held.heldCents, currency: 'usd' },
    });
  });
});

describe('completion, payouts, refunds after payout and debt', () => {
  // Booked now, paid with funds available at once; completed and paid out once the app's clock passes their start.
  let first: Awaited<ReturnType<typeof bookAndPay>>;
  let second: Awaited<ReturnType<typeof bookAndPay>>;
  let expiring: string;
  let providerEventsBefore: number;
  let firstPayout: string;

  beforeAll(async () => {
    first = await bookAndPay(INSTANT, (s) => hoursAhead(s) > 1);
    second = await bookAndPay(INSTANT, (s) => Date.parse(s.startDateTime) > Date.parse(first.slot.endDateTime) + 24 * HOUR);
    expiring = (await book()).bookingId;
    providerEventsBefore = (await eventsOfAggregate(stack.deps, 'Provider', PROVIDER.userId)).length;
  });
  const providerEventsSince = async () =>
    (await eventsOfAggregate(stack.deps, 'Provider', PROVIDER.userId))
      .slice(providerEventsBefore)
      .filter((e) => !OTHERS.has(e.type))
      .map(told);

  it('a hold that ends unpaid expires (the system acts)', async () => {
    stack.setClockOffset(16 * 60_000);
    expect(await expireHolds(stack.deps)).toMatchObject({ expired: 1, failed: 0 });
    expect(await history('Booking', expiring)).toEqual([`BookingRequested 12000 ${byCustomer}`, 'BookingHoldExpired →EXPIRED by SYSTEM']);
  });

  it('completed by the provider, transferred and paid out: the booking’s, the Payout’s and the provider’s events', async () => {
    stack.setClockOffset(Date.parse(first.slot.startDateTime) + HOUR - Date.now());
    for (let i = 0; i < 2; i++)
      expect((await stack.booking('COMPLETE_BOOKING', { bookingId: first.bookingId }, stack.providerToken)).status).toBe(200);
    const run = await withWebhooksPaused(() => stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken));
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body.transfers).toEqual([
      expect.objectContaining({ bookingId: first.bookingId, outcome: 'transferred', amountCents: 11_040 }),
    ]);
    expect(run.body.payouts.map((p) => p.amountCents)).toEqual([11_040]);
    firstPayout = run.body.payouts[0]!.id;
    expect(await history('Booking', first.bookingId)).toEqual([
      ...PAID,
      `BookingCompleted CONFIRMED→COMPLETED ${byProvider}`,
      'BookingPaidOut COMPLETED→PAID_OUT by SYSTEM',
      'LedgerLineWritten TRANSFER 11040 by SYSTEM',
    ]);
    expect(await history('Payout', firstPayout)).toEqual(['PayoutCreated 11040 pending by SYSTEM']);
    // It reaches the bank a day later (Stripe's payout.paid).
    await stack.emulator.advanceClock(86_400 + 60);
    await stack.emulator.flushWebhooks();
    expect(await history('Payout', firstPayout)).toEqual(['PayoutCreated 11040 pending by SYSTEM', 'PayoutPaid pending→paid by STRIPE']);
    const [created] = await eventsOfAggregate(stack.deps, 'Payout', firstPayout);
    expect(created!.payload).toEqual({
      payoutId: firstPayout,
      providerId: PROVIDER.userId,
      amountCents: 11_040,
      currency: 'usd',
      status: 'pending',
      method: 'standard',
    });
    expect(await providerEventsSince()).toEqual(['LedgerLineWritten PAYOUT 11040 by SYSTEM']);
  });

  it('an admin refund after the payout that the balance cannot cover: the refund, its lines, the provider’s debt', async () => {
    const res = await refundAction(
      'PROCESS_REFUND',
      { bookingId: first.bookingId, refundAmount: 6_000, reason: 'half the session', requestId: 'events-half' },
      stack.adminToken,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((await history('Booking', first.bookingId)).slice(PAID.length + 3)).toEqual([
      `RefundRecorded 6000 succeeded ${byAdmin}`,
      `LedgerLineWritten REFUND 6000 ${byAdmin}`,
      `LedgerLineWritten FEE_REFUND 480 ${byAdmin}`,
      `LedgerLineWritten PROVIDER_DEBT 5520 ${byAdmin}`,
    ]);
    expect(await providerEventsSince()).toEqual([
      'LedgerLineWritten PAYOUT 11040 by SYSTEM',
      `ProviderDebtChanged 5520 on ${first.bookingId} ${byAdmin}`,
    ]);
  });

  it('the next payout nets the debt, and fails at the bank: the money comes back', async () => {
    stack.setClockOffset(Date.parse(second.slot.startDateTime) + HOUR - Date.now());
    expect((await stack.booking('COMPLETE_BOOKING', { bookingId: second.bookingId }, stack.adminToken)).status).toBe(200);
    await stack.helper(`accounts/${stack.seed.providerAccountId}/payout_failure`, { failure_code: 'account_closed' });
    try {
      const run = await withWebhooksPaused(() => stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken));
      expect(run.body.transfers).toEqual([
        expect.objectContaining({ bookingId: second.bookingId, amountCents: 5_520, debtRecoveredCents: 5_520 }),
      ]);
      const failing = run.body.payouts[0]!.id;
      await stack.emulator.advanceClock(86_400 + 60);
      await stack.emulator.flushWebhooks();
      expect(await history('Booking', second.bookingId)).toEqual([
        ...PAID,
        `BookingCompleted CONFIRMED→COMPLETED ${byAdmin}`,
        'BookingPaidOut COMPLETED→PAID_OUT by SYSTEM',
        'LedgerLineWritten TRANSFER 5520 by SYSTEM',
        'LedgerLineWritten PROVIDER_DEBT -5520 by SYSTEM',
      ]);
      expect(await history('Payout', failing)).toEqual(['PayoutCreated 5520 pending by SYSTEM', 'PayoutFailed pending→failed by STRIPE']);
      expect(await providerEventsSince()).toEqual([
        'LedgerLineWritten PAYOUT 11040 by SYSTEM',
        `ProviderDebtChanged 5520 on ${first.bookingId} ${byAdmin}`,
        `ProviderDebtChanged -5520 on ${second.bookingId} by SYSTEM`,
        'LedgerLineWritten PAYOUT 5520 by SYSTEM',
        'LedgerLineWritten PAYOUT_FAILED 5520 by STRIPE',
      ]);
    } finally {
      await stack.helper(`accounts/${stack.seed.providerAccountId}/payout_failure`, { failure_code: '' });
    }
  });
});

describe('the webhooks of these scenarios delivered again', () => {
  it('add no event: the same delivery is a duplicate; re-sent under a new id, it finds its work done', async () => {
    const months = [...new Set([new Date().toISOString().slice(0, 7), stack.now().toISOString().slice(0, 7)])];
    const allEvents = async () =>
      (await Promise.all(months.map((m) => eventsOfMonth(stack.deps, m))))
        .flat()
        .map((e) => e.id)
        .sort();
    const before = await allEvents();
    const platform = await stack.deps.stripe.events.list({ limit: 100 });
    const connected = await stack.deps.stripe.events.list({ limit: 100 }, { stripeAccount: stack.seed.providerAccountId });
    // The newest of each type this endpoint received (the seed's, from before it listened, were never applied here).
    const newest = new Map<string, Stripe.Event>();
    for (const event of [...platform.data, ...connected.data]) {
      if (!newest.has(event.type) && (await getItem(stack.deps, 'ProcessedEvent', event.id))) newest.set(event.type, event);
    }
    expect([...newest.keys()]).toEqual(
      expect.arrayContaining(['payment_intent.succeeded', 'charge.dispute.closed', 'transfer.created', 'payout.paid', 'payout.failed']),
    );
    const outcomes = await Promise.all(
      [...newest.values()].map(async (event) => [
        (await stack.deliver(event)).body.outcome,
        (await stack.deliver({ ...event, id: `${event.id}_resent` })).status,
      ]),
    );
    expect(outcomes).toEqual([...newest.values()].map(() => ['duplicate', 200]));
    expect(await allEvents()).toEqual(before);
  });
});
