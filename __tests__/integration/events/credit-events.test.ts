/**
 * The events credits, credit purchases, memberships and payments append, per aggregate and in order, with their key
 * payload fields: what a consumer of the outbox sees for each scenario. Webhooks are paused around each payment so
 * their deliveries (and the Payment records they write) happen at a known point.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateType } from '../../../lib/domain/events';
import type { DomainEventRecord } from '../../../lib/data/outbox';
import { eventsOfAggregate } from '../support/events';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { CreditPurchaseAdminResponses } from '../../../lib/http/refund-processor';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { ADMIN, refundCall } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { buyPackage, connect, deliver, emulatorPost, eventsOf, newUser, payCheckout, requestId } from '../customers/support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('credit-events');
});
afterAll(async () => stack?.close());

const PORTRAIT = 'svc_demo_portrait'; // $120.00
const YOGA = 'svc_demo_yoga'; // $45.50
const DAY = 86_400;

const events = (type: AggregateType, id: string) => eventsOfAggregate(stack.deps, type, id);
/** A customer's CreditBalanceChanged events (their other events are PaymentRecorded, see paymentsOf). */
const creditChanges = async (userId: string) => (await events('Customer', userId)).filter((e) => e.type === 'CreditBalanceChanged');
/** The PaymentRecorded events of one PaymentIntent, on its customer. */
const paymentsOf = async (userId: string, paymentId: string) =>
  (await events('Customer', userId)).filter((e) => e.type === 'PaymentRecorded' && e.payload.paymentId === paymentId);
const ids = (list: DomainEventRecord[]) => list.map((e) => e.id);

/** Runs `step` with the emulator's webhooks held, then delivers them all. */
async function withWebhooksHeld<T>(step: () => Promise<T>): Promise<T> {
  await emulatorPost(stack, '/_emulator/webhooks/pause');
  try {
    return await step();
  } finally {
    await emulatorPost(stack, '/_emulator/webhooks/resume');
    await stack.emulator.flushWebhooks();
  }
}

async function buyAndPay(user: ReturnType<typeof newUser>, packageId: string) {
  const bought = await buyPackage(stack, user.token, packageId);
  await withWebhooksHeld(() => payCheckout(bought.checkoutUrl));
  return bought.sessionId;
}

async function book(user: ReturnType<typeof newUser>, serviceId: string, slot: number, credits: number | 'max') {
  const s = await firstFreeSlot(stack, serviceId, slot);
  const res = await stack.booking<BookingResponses['CREATE_BOOKING']>(
    'CREATE_BOOKING',
    { serviceId, ...s, groupSize: 1, credits },
    user.token,
  );
  expect(res.status).toBe(200);
  return res.body;
}

describe('a credit package bought through the hosted checkout', () => {
  it('starts, completes with its CREDIT_PURCHASE line and adds the credits once; a duplicate delivery adds no event', async () => {
    const user = newUser(stack, 'buyer');
    const { sessionId, checkoutUrl } = await buyPackage(stack, user.token, 'pkg_popular'); // 10,000 credits for $95.00
    expect(await events('CreditPurchase', sessionId)).toMatchObject([
      {
        type: 'CreditPurchaseStarted',
        actorRole: 'CUSTOMER',
        actorId: user.userId,
        payload: { purchaseId: sessionId, userId: user.userId, credits: 10_000, amountCents: 9_500, currency: 'usd' },
      },
    ]);
    await withWebhooksHeld(() => payCheckout(checkoutUrl));

    const purchase = await events('CreditPurchase', sessionId);
    expect(purchase).toMatchObject([
      { type: 'CreditPurchaseStarted' },
      { type: 'CreditPurchaseCompleted', actorRole: 'SYSTEM', payload: { transition: 'COMPLETE', from: 'OPEN', to: 'COMPLETED' } },
      {
        type: 'LedgerLineWritten',
        payload: {
          lineId: `credit-purchase:${sessionId}#CREDIT_PURCHASE`,
          entryType: 'CREDIT_PURCHASE',
          amountCents: 9_500,
          currency: 'usd',
        },
      },
    ]);
    const credits = await creditChanges(user.userId);
    expect(credits).toMatchObject([
      {
        aggregateId: user.userId,
        actorRole: 'SYSTEM',
        payload: { creditTransactionId: `purchase:${sessionId}`, userId: user.userId, delta: 10_000, reason: 'PURCHASE' },
      },
    ]);
    const customer = await events('Customer', user.userId);
    expect(customer.map((e) => e.type).sort()).toEqual(['CreditBalanceChanged', 'PaymentRecorded']);
    expect(customer.find((e) => e.type === 'PaymentRecorded')).toMatchObject({
      actorRole: 'STRIPE',
      payload: { status: 'succeeded', purpose: 'CREDIT_PURCHASE', amountCents: 9_500 },
    });

    // The same completion again: the dedupe marker refuses it, a re-send under a new id and the success page find the
    // purchase settled. Not one event more, anywhere.
    const [completed] = await eventsOf(stack, 'checkout.session.completed', (o) => o.id === sessionId);
    expect((await deliver(stack, completed!)).outcome).toBe('duplicate');
    expect((await deliver(stack, completed!, `${completed!.id}_resent`)).outcome).toBe('processed');
    expect((await connect(stack, 'CONFIRM_CREDIT_PURCHASE', { sessionId }, user.token)).status).toBe(200);
    expect(ids(await events('CreditPurchase', sessionId))).toEqual(ids(purchase));
    expect(ids(await events('Customer', user.userId))).toEqual(ids(customer));
  });
});

describe('bookings paid with credits', () => {
  let user: ReturnType<typeof newUser>;
  beforeAll(async () => {
    user = newUser(stack, 'booker');
    await buyAndPay(user, 'pkg_value'); // 20,000 credits
  });

  it('partly: the spend on the customer, the card pays the rest, the booking confirmed with its CREDIT_SPEND line', async () => {
    const before = await creditChanges(user.userId);
    const created = await book(user, PORTRAIT, 0, 5_000);
    expect((await creditChanges(user.userId)).slice(before.length)).toMatchObject([
      {
        actorRole: 'CUSTOMER',
        actorId: user.userId,
        payload: { creditTransactionId: `spend:${created.bookingId}`, delta: -5_000, reason: 'SPEND' },
      },
    ]);
    await withWebhooksHeld(() => confirmLikeStripeJs(stack.emulator.url, created.clientSecret, '4242424242424242'));

    expect(await events('Booking', created.bookingId)).toMatchObject([
      { type: 'BookingRequested', payload: { totalCents: 12_000 } },
      { type: 'BookingConfirmed', actorRole: 'STRIPE', payload: { transition: 'CONFIRM_PAYMENT', to: 'CONFIRMED' } },
      { type: 'LedgerLineWritten', payload: { entryType: 'CHARGE', amountCents: 7_000 } },
      { type: 'LedgerLineWritten', payload: { entryType: 'CREDIT_SPEND', amountCents: 5_000 } },
      { type: 'LedgerLineWritten', payload: { entryType: 'PLATFORM_FEE', amountCents: 960 } },
      { type: 'LedgerLineWritten', payload: { entryType: 'PROVIDER_EARNING', amountCents: 11_040 } },
    ]);
    const piId = created.clientSecret.split('_secret_')[0]!;
    const payments = await paymentsOf(user.userId, piId);
    expect(payments.at(-1)).toMatchObject({
      payload: { status: 'succeeded', amountCents: 7_000, purpose: 'BOOKING', bookingId: created.bookingId },
    });
    // One event per write of the record: each one changed what it says.
    const said = payments.map((p) => `${String(p.payload.status)} ${String(p.payload.amountCents)}`);
    expect(new Set(said).size).toBe(said.length);
  });

  it('fully: the spend and the confirmation in one transaction, no card payment', async () => {
    const before = await creditChanges(user.userId);
    const created = await book(user, YOGA, 1, 'max');
    expect(created.booking.status).toBe('CONFIRMED');
    expect((await creditChanges(user.userId)).slice(before.length)).toMatchObject([
      {
        actorRole: 'CUSTOMER',
        actorId: user.userId,
        payload: { creditTransactionId: `spend:${created.bookingId}`, delta: -4_550, reason: 'SPEND' },
      },
    ]);
    expect(await events('Booking', created.bookingId)).toMatchObject([
      { type: 'BookingRequested' },
      { type: 'BookingConfirmed', payload: { transition: 'CONFIRM_PAYMENT', to: 'CONFIRMED' } },
      { type: 'LedgerLineWritten', payload: { entryType: 'CREDIT_SPEND', amountCents: 4_550 } },
      { type: 'LedgerLineWritten', payload: { entryType: 'PLATFORM_FEE', amountCents: 364 } },
      { type: 'LedgerLineWritten', payload: { entryType: 'PROVIDER_EARNING', amountCents: 4_186 } },
    ]);
  });

  it('an unpaid hold released: the credits come back (by the customer who cancelled), with no ledger line', async () => {
    const before = await creditChanges(user.userId);
    const created = await book(user, PORTRAIT, 2, 2_000);
    expect((await stack.booking('CANCEL_BOOKING', { bookingId: created.bookingId }, user.token)).status).toBe(200);
    expect(await stack.booking('CANCEL_BOOKING', { bookingId: created.bookingId }, user.token)).toMatchObject({ status: 200 });
    expect((await creditChanges(user.userId)).slice(before.length)).toMatchObject([
      { payload: { creditTransactionId: `spend:${created.bookingId}`, delta: -2_000, reason: 'SPEND' } },
      {
        actorRole: 'CUSTOMER',
        actorId: user.userId,
        payload: { creditTransactionId: `spend-return:${created.bookingId}:released`, delta: 2_000, reason: 'SPEND_RETURN' },
      },
    ]);
    expect(await events('Booking', created.bookingId)).toMatchObject([
      { type: 'BookingRequested' },
      { type: 'UnpaidBookingCancelled', actorRole: 'CUSTOMER', payload: { transition: 'CANCEL_UNPAID', to: 'CANCELLED' } },
    ]);
  });
});

describe('an admin refund of a credit purchase', () => {
  it('reserves (credits removed, with the balance after), refunds, and writes the refund line, each by the admin', async () => {
    const user = newUser(stack, 'refund');
    const sessionId = await buyAndPay(user, 'pkg_starter'); // 5,000 credits for $50.00
    const admin = ADMIN;
    const res = await refundCall<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>(
      stack,
      'REFUND_CREDIT_PURCHASE',
      { purchaseId: sessionId, reason: 'Bought by mistake' },
      stack.tokenFor(admin.userId, admin.email, ['ADMIN']),
    );
    expect(res.body).toMatchObject({ creditsRemoved: 5_000, refundAmountCents: 5_000, full: true });

    // The audit's AdminActionTaken may sit among these; it is the audit log's to assert.
    const purchase = (await events('CreditPurchase', sessionId)).filter((e) => e.type !== 'AdminActionTaken');
    expect(purchase).toMatchObject([
      { type: 'CreditPurchaseStarted' },
      { type: 'CreditPurchaseCompleted' },
      { type: 'LedgerLineWritten', payload: { entryType: 'CREDIT_PURCHASE', amountCents: 5_000 } },
      {
        type: 'CreditPurchaseRefundStarted',
        actorRole: 'ADMIN',
        actorId: admin.userId,
        payload: {
          transition: 'RESERVE_REFUND',
          from: 'COMPLETED',
          to: 'REFUND_PENDING',
          details: { creditsRemoved: 5_000, refundAmountCents: 5_000 },
        },
      },
      {
        type: 'CreditPurchaseRefunded',
        actorRole: 'ADMIN',
        actorId: admin.userId,
        payload: { transition: 'FINISH_REFUND', from: 'REFUND_PENDING', to: 'REFUNDED', details: { amountCents: 5_000 } },
      },
      { type: 'LedgerLineWritten', actorRole: 'ADMIN', payload: { entryType: 'CREDIT_PURCHASE_REFUND', amountCents: 5_000 } },
    ]);
    expect(await creditChanges(user.userId)).toMatchObject([
      { payload: { delta: 5_000, reason: 'PURCHASE' } },
      {
        actorRole: 'ADMIN',
        actorId: admin.userId,
        payload: { creditTransactionId: `purchase-refund:${sessionId}`, delta: -5_000, reason: 'PURCHASE_REFUND', balanceAfter: 0 },
      },
    ]);
  });
});

describe('a membership', () => {
  it('starts incomplete, activates with its first grant, renews with one grant per period, and falls past due', async () => {
    const user = newUser(stack, 'member');
    const sub = await connect<CustomerResponses['SUBSCRIBE']>(
      stack,
      'SUBSCRIBE',
      { planId: 'plan_basic', requestId: requestId() },
      user.token,
    );
    expect(sub.status).toBe(200);
    const membershipId = sub.body.membership.id;
    expect(await events('Membership', membershipId)).toMatchObject([
      {
        type: 'MembershipStarted',
        actorRole: 'STRIPE',
        payload: { membershipId, userId: user.userId, planId: 'plan_basic', status: 'incomplete' },
      },
    ]);

    await withWebhooksHeld(async () => {
      await confirmLikeStripeJs(stack.emulator.url, sub.body.clientSecret!, '4242424242424242');
      await connect(stack, 'SYNC_MEMBERSHIP', { subscriptionId: membershipId }, user.token);
    });
    const [firstGrant] = await creditChanges(user.userId);
    expect(await creditChanges(user.userId)).toMatchObject([
      { actorRole: 'STRIPE', payload: { delta: 2_000, reason: 'MEMBERSHIP_GRANT' } },
    ]);
    expect(String(firstGrant!.payload.creditTransactionId)).toMatch(/^grant:in_/);

    // A new period: Stripe pays the renewal; the sync stores the period (a MembershipUpdated), the invoice grants once.
    await stack.emulator.advanceClock(32 * DAY);
    await stack.emulator.flushWebhooks();
    const grants = await creditChanges(user.userId);
    expect(grants.map((g) => g.payload.delta)).toEqual([2_000, 2_000]);
    expect(new Set(grants.map((g) => g.payload.creditTransactionId)).size).toBe(2);
    const renewals = await eventsOf(stack, 'invoice.payment_succeeded', (o) => o.subscription === membershipId);
    for (const [i, e] of renewals.entries()) await deliver(stack, e, `${e.id}_again_${i}`);
    expect(ids(await creditChanges(user.userId))).toEqual(ids(grants));

    // The card starts declining: the next renewal fails and the membership is past due, without credits.
    const customerId = (await stack.deps.stripe.customers.list({ email: user.email, limit: 1 })).data[0]!.id;
    const declining = await stack.deps.stripe.paymentMethods.create({
      type: 'card',
      card: { number: '4000000000000002', exp_month: 12, exp_year: 2040, cvc: '123' },
    } as never);
    await stack.deps.stripe.paymentMethods.attach(declining.id, { customer: customerId });
    await stack.deps.stripe.subscriptions.update(membershipId, { default_payment_method: declining.id });
    await stack.emulator.flushWebhooks(); // before the clock moves past the 30 days the emulator keeps events
    await stack.emulator.advanceClock(32 * DAY);
    await stack.emulator.flushWebhooks();
    expect(ids(await creditChanges(user.userId))).toEqual(ids(grants));

    const all = await events('Membership', membershipId);
    // Its paid invoices are its ledger lines (LedgerLineWritten on the same aggregate): the first and the renewal.
    expect(all.filter((e) => e.type === 'LedgerLineWritten').map((e) => e.payload.amountCents)).toEqual([1_900, 1_900]);
    const membership = all.filter((e) => e.type !== 'LedgerLineWritten');
    const statusMoves = membership.filter((e) => e.type !== 'MembershipUpdated');
    expect(statusMoves).toMatchObject([
      { type: 'MembershipStarted' },
      { type: 'MembershipActivated', payload: { transition: 'PAY_FIRST_INVOICE', from: 'incomplete', to: 'active' } },
      { type: 'MembershipRenewalFailed', payload: { transition: 'FAIL_RENEWAL', from: 'active', to: 'past_due' } },
    ]);
    // Between them, syncs inside one status (MembershipUpdated); the renewal's moved the period on.
    const periodEnd = (e: DomainEventRecord) => String((e.payload.details as Record<string, unknown>).currentPeriodEnd);
    const activatedAt = membership.findIndex((e) => e.type === 'MembershipActivated');
    const refreshes = membership.slice(
      activatedAt + 1,
      membership.findIndex((e) => e.type === 'MembershipRenewalFailed'),
    );
    expect(refreshes.every((e) => e.type === 'MembershipUpdated' && e.payload.from === 'active')).toBe(true);
    expect(refreshes.some((e) => periodEnd(e) > periodEnd(membership[activatedAt]!))).toBe(true);
  });
});
