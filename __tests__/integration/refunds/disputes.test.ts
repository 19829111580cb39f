/**
 * Chargebacks against the emulator (card 4000000000000259 opens a dispute): the booking is DISPUTED while the
 * dispute is open; won restores it; lost settles it like a refund (provider not paid before the transfer, the
 * transfer reversed as far as the connected balance covers it, the rest PROVIDER_DEBT); any order and repeat of
 * the charge.dispute.* events ends in the same place; admins submit evidence (SUBMIT_DISPUTE_EVIDENCE).
 */
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import type { BookingRecord, DisputeRecord, TransactionRecord } from '../../../lib/data/records';
import type { AuditPage } from '../../../lib/services/audit';
import { getItem, repo } from '../../../lib/data/repository';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import { disputeEffects, listDisputes } from '../../../lib/services/disputes';
import { transferBooking } from '../../../lib/services/payout-transfers';
import { processStripeEvent } from '../../../lib/services/webhooks';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import {
  ADMIN,
  availableOf,
  drainProviderBalance,
  expectLedgerAgreesWithStripe,
  paidBooking,
  PORTRAIT,
  PROVIDER,
  providerAccount,
  refundCall,
  storedBooking,
  tokens,
  transferToProvider,
} from './support';

const DISPUTE_CARD = '4000000000000259';
const INSTANT_CARD = '4000000000000077'; // funds available at once

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('disputes');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

const linesOf = (bookingId: string) => repo.ledgerOfBooking(stack.deps, bookingId);
const sum = (lines: TransactionRecord[], type: TransactionRecord['type']) =>
  lines.filter((l) => l.type === type).reduce((s, l) => s + l.amountCents, 0);
const count = (lines: TransactionRecord[], type: TransactionRecord['type']) => lines.filter((l) => l.type === type).length;
const disputeOfBooking = async (booking: BookingRecord) => {
  const list = await stack.deps.stripe.disputes.list({ payment_intent: booking.paymentIntentId! });
  expect(list.data).toHaveLength(1);
  return list.data[0]!;
};
const debtOfProvider = async () => (await repo.userProfile(stack.deps, PROVIDER.userId))?.providerDebtCents ?? 0;

/** Books a portrait slot as the customer and pays it like Stripe.js; the booking id and PaymentIntent id. */
async function bookAndPay(card: string) {
  for (let skip = 0; skip < 20; skip++) {
    const slot = await firstFreeSlot(stack, PORTRAIT, skip);
    const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId: PORTRAIT, ...slot, groupSize: 1 },
      stack.customerToken,
    );
    if (created.status !== 200) continue; // taken by a concurrent booking of this file: the next slot
    expect((await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, card)).body.status).toBe('succeeded');
    return { bookingId: created.body.bookingId, paymentIntentId: created.body.clientSecret.split('_secret_')[0]! };
  }
  throw new Error('could not book a slot');
}

/** A paid booking with a chargeback, its webhooks delivered (the dispute's may come first): checks the open state. */
async function openDispute() {
  const { bookingId } = await bookAndPay(DISPUTE_CARD);
  await stack.emulator.flushWebhooks();
  const booking = await storedBooking(stack, bookingId);
  const dispute = await disputeOfBooking(booking);
  const stored = await storedBooking(stack, booking.id);
  expect(stored).toMatchObject({
    status: 'DISPUTED',
    statusBeforeDispute: 'CONFIRMED',
    disputeId: dispute.id,
    chargebackStatus: 'needs_response',
    payoutHold: true,
  });
  const lines = await linesOf(booking.id);
  expect(sum(lines, 'DISPUTE')).toBe(12_000);
  expect(bookingMoneyFlow(lines, true), JSON.stringify(lines.map((l) => [l.type, l.amountCents]))).toMatchObject({ balanced: true });
  return { booking: stored, dispute };
}

/** Makes the provider's available balance at least `min`, then pays out all but `keep` of it. */
async function setProviderBalance(min: number, keep: number) {
  const account = await providerAccount(stack);
  while ((await availableOf(stack, account)) < min) await transferToProvider(stack, await paidBooking(stack, PORTRAIT, INSTANT_CARD));
  return drainProviderBalance(stack, keep);
}

describe('a chargeback opens', () => {
  it('the booking is DISPUTED, its payout frozen, refunds held, the funds withdrawn in the ledger, the queue lists it', async () => {
    const { booking, dispute } = await openDispute();
    const held = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 100, reason: 'during dispute', requestId: 'req-during' },
      t.admin,
    );
    expect(held.status).toBeGreaterThanOrEqual(400);
    expect(held.status).toBeLessThan(500);
    expect((await storedBooking(stack, booking.id)).refundedCents ?? 0).toBe(0);
    // The payout run cannot claim it.
    expect((await transferBooking(stack.deps, await providerAccount(stack), booking.id, 'run-disputed')).outcome).toBe('claimed-elsewhere');
    const queue = await listDisputes(stack.deps);
    expect(queue.find((d) => d.id === dispute.id)).toMatchObject({
      bookingId: booking.id,
      status: 'needs_response',
      amountCents: 12_000,
      evidenceSubmissionCount: 0,
    });
  });
});

describe('won', () => {
  it('restores the status before the dispute, lifts the hold, the ledger nets to zero; replays change nothing', async () => {
    const { booking, dispute } = await openDispute();
    await stack.deps.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
    await stack.emulator.flushWebhooks();
    expect(await storedBooking(stack, booking.id)).toMatchObject({ status: 'CONFIRMED', chargebackStatus: 'won', payoutHold: false });
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ disputedCents: 0, platformNetCents: 960, providerNetCents: 11_040 });
    const events = await stack.deps.stripe.events.list({
      types: ['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed'],
      limit: 100,
    });
    for (const e of events.data.filter((x) => (x.data.object as { id: string }).id === dispute.id).reverse()) {
      expect(await processStripeEvent(stack.deps, e)).toBe('duplicate');
    }
    // Ledger ids from the one ledger writer: <booking>#DISPUTE#dispute:<id> (withdrawn) and …:reinstated (won).
    const ids = (await linesOf(booking.id))
      .filter((l) => l.type === 'DISPUTE')
      .map((l) => l.id)
      .sort();
    expect(ids).toEqual([`${booking.id}#DISPUTE#dispute:${dispute.id}`, `${booking.id}#DISPUTE#dispute:${dispute.id}:reinstated`]);
  });
});

describe('lost', () => {
  it('before the transfer: the provider is not paid, the booking is REFUNDED, the ledger balances', async () => {
    const { booking, dispute } = await openDispute();
    const debtBefore = await debtOfProvider();
    await stack.deps.stripe.disputes.close(dispute.id);
    await stack.emulator.flushWebhooks();
    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({
      status: 'REFUNDED',
      statusBeforeDispute: 'CONFIRMED',
      chargebackStatus: 'lost',
      payoutHold: false,
      feeRefundedCents: 960,
      providerRefundedCents: 11_040,
    });
    expect(stored.chargebackSettledAt).toBeDefined();
    expect(stored.providerDebtCents ?? 0).toBe(0);
    expect(await debtOfProvider()).toBe(debtBefore);
    const { flow, lines } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ disputedCents: 12_000, platformNetCents: 0, providerNetCents: 0, transferredCents: 0 });
    expect(count(lines, 'TRANSFER_REVERSAL') + count(lines, 'PROVIDER_DEBT')).toBe(0);
    expect((await stack.deps.stripe.transfers.list({ transfer_group: booking.id })).data).toHaveLength(0);
  });

  it('after the transfer, with enough connected balance: the provider share is reversed on Stripe', async () => {
    const { booking, dispute } = await openDispute();
    const transfer = await transferToProvider(stack, booking);
    await setProviderBalance(11_040, 11_040 + 500);
    const debtBefore = await debtOfProvider();
    await stack.deps.stripe.disputes.close(dispute.id);
    await stack.emulator.flushWebhooks();

    const after = await stack.deps.stripe.transfers.retrieve(transfer.id);
    expect(after.amount_reversed).toBe(11_040);
    const reversals = (await stack.deps.stripe.transfers.listReversals(transfer.id)).data;
    expect(reversals).toHaveLength(1);
    expect(reversals[0]!.metadata).toMatchObject({ bookingId: booking.id, disputeId: dispute.id });
    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({ status: 'REFUNDED', providerReversedCents: 11_040 });
    expect(stored.providerDebtCents ?? 0).toBe(0);
    expect(await debtOfProvider()).toBe(debtBefore);
    const { flow, lines } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({
      disputedCents: 12_000,
      platformNetCents: 0,
      providerNetCents: 0,
      transferredCents: 11_040,
      transferReversedCents: 11_040,
    });
    expect(lines.filter((l) => l.type === 'TRANSFER_REVERSAL').map((l) => l.stripeObjectId)).toEqual([reversals[0]!.id]);
    expect(count(lines, 'PROVIDER_DEBT')).toBe(0);
    // Ledger ids: the reversal's is the one the transfer.reversed webhook gives it; the fee given up is the dispute's.
    expect(
      lines
        .filter((l) => l.type === 'TRANSFER_REVERSAL' || l.type === 'FEE_REFUND')
        .map((l) => l.id)
        .sort(),
    ).toEqual([`${booking.id}#FEE_REFUND#dispute:${dispute.id}`, `${booking.id}#TRANSFER_REVERSAL#${reversals[0]!.id}`].sort());
  });

  it('after the transfer, with too little connected balance: what it does not cover is a PROVIDER_DEBT line', async () => {
    const { booking, dispute } = await openDispute();
    const transfer = await transferToProvider(stack, booking);
    expect(await setProviderBalance(4_000, 4_000)).toBe(4_000);
    const debtBefore = await debtOfProvider();
    await stack.deps.stripe.disputes.close(dispute.id);
    await stack.emulator.flushWebhooks();

    expect((await stack.deps.stripe.transfers.retrieve(transfer.id)).amount_reversed).toBe(4_000);
    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({
      status: 'REFUNDED',
      providerReversedCents: 4_000,
      providerDebtCents: 7_040,
      providerRefundedCents: 11_040,
    });
    expect(await debtOfProvider()).toBe(debtBefore + 7_040);
    const { lines } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(lines.filter((l) => l.type === 'PROVIDER_DEBT').map((l) => [l.amountCents, l.providerId])).toEqual([[7_040, PROVIDER.userId]]);
    expect(sum(lines, 'TRANSFER_REVERSAL')).toBe(4_000);
  });
});

// ---- order and repeats --------------------------------------------------------------------------------------

/** Runs `fn` with the platform's webhook endpoint disabled: its events are then delivered by the test, in any order. */
async function withWebhooksHeld<T>(fn: () => Promise<T>): Promise<T> {
  await stack.emulator.flushWebhooks();
  const endpoints = await stack.deps.stripe.webhookEndpoints.list({ limit: 100 });
  const platform = endpoints.data.find((e) => e.metadata?.kind === 'platform')!;
  await stack.deps.stripe.webhookEndpoints.update(platform.id, { disabled: true });
  try {
    return await fn();
  } finally {
    await stack.deps.stripe.webhookEndpoints.update(platform.id, { disabled: false });
  }
}

/** The recent events of a PaymentIntent (its charge, its dispute), oldest first. */
async function eventsOfPayment(paymentIntentId: string): Promise<Stripe.Event[]> {
  const events = await stack.deps.stripe.events.list({ limit: 100 });
  return events.data
    .filter((e) => {
      const o = e.data.object as { id?: string; payment_intent?: string | null };
      return o.id === paymentIntentId || o.payment_intent === paymentIntentId;
    })
    .reverse();
}

/** With webhooks held: a booking paid with the dispute card, its payment events delivered (in order), not its dispute's. */
async function heldDisputedBooking() {
  const { bookingId, paymentIntentId } = await bookAndPay(DISPUTE_CARD);
  for (const e of (await eventsOfPayment(paymentIntentId)).filter((x) => !x.type.startsWith('charge.dispute.')))
    await processStripeEvent(stack.deps, e);
  const booking = await storedBooking(stack, bookingId);
  expect(booking.status).toBe('CONFIRMED');
  return { booking, dispute: await disputeOfBooking(booking) };
}

const disputeEvents = async (booking: BookingRecord) =>
  (await eventsOfPayment(booking.paymentIntentId!)).filter((e) => e.type.startsWith('charge.dispute.'));

describe('duplicated and reordered deliveries', () => {
  it('closed (lost) before created, updated twice, repeats: one booking state, each ledger line and the reversal once', async () => {
    await setProviderBalance(11_040, 11_040);
    const { booking, transferId, dispute, events } = await withWebhooksHeld(async () => {
      const { booking, dispute } = await heldDisputedBooking();
      const transfer = await transferToProvider(stack, booking);
      await stack.deps.stripe.disputes.update(dispute.id, { evidence: { product_description: 'Portrait session' }, submit: false });
      await stack.deps.stripe.disputes.update(dispute.id, { evidence: { product_description: 'Portrait session, 1 hour' }, submit: false });
      await stack.deps.stripe.disputes.close(dispute.id);
      return { booking, dispute, transferId: transfer.id, events: await disputeEvents(booking) };
    });
    expect(events.map((e) => e.type)).toEqual([
      'charge.dispute.created',
      'charge.dispute.updated',
      'charge.dispute.updated',
      'charge.dispute.closed',
    ]);
    const [created, updated1, updated2, closed] = events as [Stripe.Event, Stripe.Event, Stripe.Event, Stripe.Event];

    const outcomes = [];
    for (const e of [closed, updated2, created, updated1, closed, created]) outcomes.push(await processStripeEvent(stack.deps, e));
    expect(outcomes).toEqual(['processed', 'processed', 'processed', 'processed', 'duplicate', 'duplicate']);
    // The same events again under new ids (as another delivery path, e.g. EventBridge, would bring them): no new writes.
    const before = await linesOf(booking.id);
    for (const e of [updated1, created, closed])
      expect(await processStripeEvent(stack.deps, { ...e, id: `${e.id}_again` })).toBe('processed');

    const stored = await storedBooking(stack, booking.id);
    expect(stored).toMatchObject({
      status: 'REFUNDED',
      statusBeforeDispute: 'CONFIRMED',
      chargebackStatus: 'lost',
      feeRefundedCents: 960,
      providerRefundedCents: 11_040,
      providerReversedCents: 11_040,
    });
    const lines = await linesOf(booking.id);
    expect(lines.map((l) => l.id).sort()).toEqual(before.map((l) => l.id).sort());
    expect([count(lines, 'DISPUTE'), count(lines, 'FEE_REFUND'), count(lines, 'TRANSFER_REVERSAL'), count(lines, 'PROVIDER_DEBT')]).toEqual(
      [1, 1, 1, 0],
    );
    expect((await stack.deps.stripe.transfers.listReversals(transferId)).data).toHaveLength(1);
    await expectLedgerAgreesWithStripe(stack, booking.id);
    const record = await getItem<DisputeRecord>(stack.deps, 'Dispute', dispute.id);
    expect(record).toMatchObject({ status: 'lost', bookingId: booking.id, evidence: { product_description: 'Portrait session, 1 hour' } });
  });

  it('a retry after Stripe answered (the transaction never committed) reuses the reversal it made', async () => {
    await setProviderBalance(5_000, 5_000);
    const { booking, dispute, closed } = await withWebhooksHeld(async () => {
      const { booking, dispute } = await heldDisputedBooking();
      await transferToProvider(stack, booking);
      for (const e of await disputeEvents(booking)) await processStripeEvent(stack.deps, e);
      expect((await storedBooking(stack, booking.id)).status).toBe('DISPUTED');
      await stack.deps.stripe.disputes.close(dispute.id);
      return { booking, dispute, closed: (await disputeEvents(booking)).find((e) => e.type === 'charge.dispute.closed')! };
    });
    // A first attempt that made the reversal and then died before its write:
    await disputeEffects(stack.deps, dispute.id);
    expect(await processStripeEvent(stack.deps, closed)).toBe('processed');
    const transfers = (await stack.deps.stripe.transfers.list({ transfer_group: booking.id })).data;
    expect(transfers[0]!.amount_reversed).toBe(5_000);
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      status: 'REFUNDED',
      providerReversedCents: 5_000,
      providerDebtCents: 6_040,
    });
    const { lines } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect([sum(lines, 'TRANSFER_REVERSAL'), sum(lines, 'PROVIDER_DEBT')]).toEqual([5_000, 6_040]);
  });

  it('the dispute before the payment’s own events: the payment is recorded first, then the booking is DISPUTED', async () => {
    const { bookingId, events } = await withWebhooksHeld(async () => {
      const { bookingId, paymentIntentId } = await bookAndPay(DISPUTE_CARD);
      return { bookingId, events: await eventsOfPayment(paymentIntentId) };
    });
    const isDispute = (e: Stripe.Event) => e.type.startsWith('charge.dispute.');
    for (const e of [...events.filter(isDispute), ...events.filter((e) => !isDispute(e))])
      expect(await processStripeEvent(stack.deps, e)).toBe('processed');
    const booking = await storedBooking(stack, bookingId);
    expect(booking).toMatchObject({ status: 'DISPUTED', statusBeforeDispute: 'CONFIRMED', chargebackStatus: 'needs_response' });
    expect(booking.chargeId).toMatch(/^ch_/);
    const lines = await linesOf(bookingId);
    expect(
      ['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'DISPUTE'].map((type) => count(lines, type as TransactionRecord['type'])),
    ).toEqual([1, 1, 1, 1]);
  });

  it('won seen before created: the booking ends as it was, the ledger nets to zero', async () => {
    const { booking, events } = await withWebhooksHeld(async () => {
      const { booking, dispute } = await heldDisputedBooking();
      await stack.deps.stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: true });
      return { booking, events: await disputeEvents(booking) };
    });
    for (const e of [...events].reverse()) expect(await processStripeEvent(stack.deps, e)).toBe('processed');
    expect(await storedBooking(stack, booking.id)).toMatchObject({ status: 'CONFIRMED', chargebackStatus: 'won', payoutHold: false });
    const { flow } = await expectLedgerAgreesWithStripe(stack, booking.id);
    expect(flow).toMatchObject({ disputedCents: 0, platformNetCents: 960, providerNetCents: 11_040 });
  });
});

// ---- evidence ------------------------------------------------------------------------------------------------

describe('SUBMIT_DISPUTE_EVIDENCE', () => {
  const evidence = {
    product_description: 'Portrait session, 1 hour, at the studio',
    customer_name: 'Casey Customer',
    customer_email_address: 'customer@marketplace.local',
    service_date: 'Tuesday, November 24, 2026',
    uncategorized_text: 'The customer attended and received the photos.',
  };

  it('is for admins only (403 for the customer and the provider); bad input is a 400', async () => {
    const { booking, dispute } = await openDispute();
    for (const token of [t.customer, t.provider]) {
      const res = await refundCall(stack, 'SUBMIT_DISPUTE_EVIDENCE', { bookingId: booking.id, evidence, submit: true }, token);
      expect(res).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    }
    const bad = [
      { bookingId: booking.id, disputeId: dispute.id, evidence, submit: true },
      { bookingId: booking.id, evidence: {}, submit: true },
      { bookingId: booking.id, evidence: { customer_email_address: 'not an email' }, submit: false },
      { bookingId: booking.id, evidence: { customer_communication: 'file_123' }, submit: false },
      { bookingId: booking.id, evidence },
    ];
    for (const payload of bad)
      expect((await refundCall(stack, 'SUBMIT_DISPUTE_EVIDENCE', payload, t.admin)).status, JSON.stringify(payload)).toBe(400);
    expect(
      (await refundCall(stack, 'SUBMIT_DISPUTE_EVIDENCE', { bookingId: 'no-such-booking', evidence, submit: false }, t.admin)).status,
    ).toBe(404);
    expect((await stack.deps.stripe.disputes.retrieve(dispute.id)).evidence_details.has_evidence).toBe(false);
  });

  it('saves a draft, then submits: the emulator’s dispute has the evidence and is under review; stamped once, audited', async () => {
    const { booking, dispute } = await openDispute();
    const draft = await refundCall<{ dispute: DisputeRecord }>(
      stack,
      'SUBMIT_DISPUTE_EVIDENCE',
      { bookingId: booking.id, evidence: { product_description: 'Draft' }, submit: false },
      t.admin,
    );
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body.dispute).toMatchObject({ id: dispute.id, status: 'needs_response', evidence: { product_description: 'Draft' } });
    expect(draft.body.dispute.evidenceSubmittedAt).toBeUndefined();

    const res = await refundCall<{ dispute: DisputeRecord }>(
      stack,
      'SUBMIT_DISPUTE_EVIDENCE',
      { disputeId: dispute.id, evidence, submit: true },
      t.admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dispute).toMatchObject({
      status: 'under_review',
      evidenceSubmittedBy: ADMIN.userId,
      evidenceSubmissionCount: 1,
      evidence,
    });
    expect(res.body.dispute.evidenceClaimKey).toBeUndefined();
    const onStripe = await stack.deps.stripe.disputes.retrieve(dispute.id);
    expect(onStripe).toMatchObject({ status: 'under_review', evidence, evidence_details: { submission_count: 1, has_evidence: true } });
    // The submission's idempotency key comes from the dispute and the content.
    const updates = await stack.deps.stripe.events.list({ type: 'charge.dispute.updated', limit: 10 });
    const submitted = updates.data.find(
      (e) => (e.data.object as Stripe.Dispute).id === dispute.id && (e.data.object as Stripe.Dispute).status === 'under_review',
    );
    expect(submitted?.request?.idempotency_key).toMatch(new RegExp(`^dispute:${dispute.id}:evidence:[0-9a-f]{32}$`));

    await stack.emulator.flushWebhooks();
    expect(await storedBooking(stack, booking.id)).toMatchObject({
      status: 'DISPUTED',
      chargebackStatus: 'under_review',
      payoutHold: true,
    });
    const record = await getItem<DisputeRecord>(stack.deps, 'Dispute', dispute.id);
    expect(record).toMatchObject({
      status: 'under_review',
      evidenceSubmittedAt: res.body.dispute.evidenceSubmittedAt,
      evidenceSubmittedBy: ADMIN.userId,
    });

    const audit = await refundCall<AuditPage>(
      stack,
      'ADMIN_AUDIT_LOG',
      { aggregateType: 'Booking', aggregateId: booking.id, adminActionsOnly: true },
      t.admin,
    );
    const lines = audit.body.entries.flatMap((e) =>
      e.type === 'AdminActionTaken' && e.payload.action === 'SUBMIT_DISPUTE_EVIDENCE' ? [e] : [],
    );
    expect(lines.map((l) => l.payload.details?.submitted)).toEqual([true, false]);
    expect(lines[0]).toMatchObject({
      actor: { role: 'ADMIN', id: ADMIN.userId },
      aggregateType: 'Booking',
      aggregateId: booking.id,
      payload: { details: { disputeId: dispute.id } },
    });

    // Submitted evidence is final.
    const again = await refundCall(stack, 'SUBMIT_DISPUTE_EVIDENCE', { disputeId: dispute.id, evidence, submit: true }, t.admin);
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { reason: 'EVIDENCE_ALREADY_SUBMITTED' } } });
  });

  it('a closed dispute is refused with 409', async () => {
    const { booking, dispute } = await openDispute();
    await stack.deps.stripe.disputes.close(dispute.id);
    await stack.emulator.flushWebhooks();
    const res = await refundCall(stack, 'SUBMIT_DISPUTE_EVIDENCE', { bookingId: booking.id, evidence, submit: false }, t.admin);
    expect(res).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { reason: 'DISPUTE_CLOSED', disputeId: dispute.id } } });
  });
});
