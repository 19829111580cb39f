import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRecord, CreditPurchaseRecord } from '../../../lib/data/records';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { CreditPurchaseAdminResponses } from '../../../lib/http/refund-processor';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import type { Deps } from '../../../lib/ports';
import { returnBookingCredits } from '../../../lib/services/booking-credits';
import { processStripeEvent } from '../../../lib/services/webhooks';
import { refundCall } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import {
  balanceOf,
  buyPackage,
  connect,
  creditTransactions,
  deliver,
  emulatorPost,
  eventsOf,
  ledger,
  newUser,
  payCheckout,
} from './support';

let stack: TestStack;
const PORTRAIT = 'svc_demo_portrait'; // $120.00
const YOGA = 'svc_demo_yoga'; // $45.50 per person

beforeAll(async () => {
  stack = await startTestStack('credits');
});
afterAll(async () => stack?.close());

const purchase = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.CreditPurchase, Key: { id }, ConsistentRead: true })))
    .Item as CreditPurchaseRecord;
const storedBooking = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

describe('buying a credit package through Checkout', () => {
  it('lists the packages, pays on the hosted page, and the webhook adds the credits once', async () => {
    const packages = await connect<CustomerResponses['LIST_CREDIT_PACKAGES']>(stack, 'LIST_CREDIT_PACKAGES', {});
    expect(packages.body.packages.map((p) => p.id)).toEqual(['pkg_starter', 'pkg_popular', 'pkg_value']);

    const user = newUser(stack, 'buyer');
    const { checkoutUrl, sessionId } = await buyPackage(stack, user.token, 'pkg_popular');
    const session = await stack.deps.stripe.checkout.sessions.retrieve(sessionId);
    expect(session.success_url).toBe(`${stack.appUrl}/credits/success?session_id={CHECKOUT_SESSION_ID}`);
    expect(session.cancel_url).toBe(`${stack.appUrl}/credits`);
    expect(session.amount_total).toBe(9_500);
    expect((await purchase(sessionId)).status).toBe('OPEN');

    const paid = await payCheckout(checkoutUrl);
    expect(paid.location).toBe(`${stack.appUrl}/credits/success?session_id=${sessionId}`);
    await stack.emulator.flushWebhooks();

    expect(await balanceOf(stack, user.userId)).toBe(10_000);
    const p = await purchase(sessionId);
    expect(p).toMatchObject({ status: 'COMPLETED', credits: 10_000, amountCents: 9_500 });
    expect(p.paymentIntentId).toMatch(/^pi_/);
    expect((await creditTransactions(stack, user.userId)).map((t) => [t.type, t.credits])).toEqual([['PURCHASE', 10_000]]);
    expect((await ledger(stack, `credit-purchase:${sessionId}`)).map((l) => [l.type, l.amountCents])).toEqual([['CREDIT_PURCHASE', 9_500]]);

    // The success page settles the same purchase: nothing changes, and it shows the new balance.
    const confirmed = await connect<CustomerResponses['CONFIRM_CREDIT_PURCHASE']>(
      stack,
      'CONFIRM_CREDIT_PURCHASE',
      { sessionId },
      user.token,
    );
    expect(confirmed.body).toMatchObject({ status: 'COMPLETED', credits: 10_000, balance: 10_000 });
    // Somebody else's session does not exist for them.
    const other = newUser(stack, 'other');
    expect((await connect(stack, 'CONFIRM_CREDIT_PURCHASE', { sessionId }, other.token)).status).toBe(404);

    // The Payment record of the package's PaymentIntent, with its receipt.
    const history = await connect<CustomerResponses['LIST_PAYMENTS']>(stack, 'LIST_PAYMENTS', {}, user.token);
    expect(history.body.payments).toHaveLength(1);
    expect(history.body.payments[0]).toMatchObject({ kind: 'CREDIT_PURCHASE', amountCents: 9_500, status: 'succeeded' });
    expect(history.body.payments[0]?.receiptUrl).toBeTruthy();
  });

  it('duplicated, re-sent and reordered checkout.session.completed deliveries count the credits once', async () => {
    const user = newUser(stack, 'dup');
    await emulatorPost(stack, '/_emulator/webhooks/pause');
    let sessionId: string;
    try {
      const bought = await buyPackage(stack, user.token, 'pkg_starter');
      sessionId = bought.sessionId;
      await payCheckout(bought.checkoutUrl);
      const completed = await eventsOf(stack, 'checkout.session.completed', (o) => o.id === sessionId);
      const succeeded = await eventsOf(
        stack,
        'payment_intent.succeeded',
        (o) => (o.metadata as Record<string, string>)?.userId === user.userId,
      );
      expect(completed).toHaveLength(1);
      const event = completed[0]!;
      // Completed before the PaymentIntent's own event, then the same event four times at once, then re-sent under new ids.
      expect((await deliver(stack, event)).outcome).toBe('processed');
      const again = await Promise.all([1, 2, 3, 4].map(() => deliver(stack, event)));
      expect(again.every((r) => r.status === 200 && r.outcome === 'duplicate')).toBe(true);
      const resent = await Promise.all([1, 2, 3].map((i) => deliver(stack, event, `${event.id}_resent_${i}`)));
      expect(resent.every((r) => r.status === 200)).toBe(true);
      for (const e of succeeded) await deliver(stack, e);
    } finally {
      await emulatorPost(stack, '/_emulator/webhooks/resume');
    }
    await stack.emulator.flushWebhooks(); // the emulator's own deliveries: duplicates now
    expect(await balanceOf(stack, user.userId)).toBe(5_000);
    expect(await creditTransactions(stack, user.userId)).toHaveLength(1);
    expect((await purchase(sessionId)).status).toBe('COMPLETED');
  });

  it('concurrent purchases by one customer are all counted, each once', async () => {
    const user = newUser(stack, 'many');
    const bought = await Promise.all(
      ['pkg_starter', 'pkg_starter', 'pkg_popular', 'pkg_value'].map((p) => buyPackage(stack, user.token, p)),
    );
    // One Stripe customer for all four first purchases.
    const customers = await stack.deps.stripe.customers.list({ email: user.email, limit: 100 });
    expect(customers.data).toHaveLength(1);
    await Promise.all(bought.map((b) => payCheckout(b.checkoutUrl)));
    await Promise.all([
      stack.emulator.flushWebhooks(),
      ...bought.map((b) => connect(stack, 'CONFIRM_CREDIT_PURCHASE', { sessionId: b.sessionId }, user.token)),
    ]);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(5_000 + 5_000 + 10_000 + 20_000);
    expect(await creditTransactions(stack, user.userId)).toHaveLength(4);
  });

  it('checkout.session.expired is recorded', async () => {
    const user = newUser(stack, 'expire');
    const { sessionId } = await buyPackage(stack, user.token, 'pkg_starter');
    await stack.deps.stripe.checkout.sessions.expire(sessionId);
    await stack.emulator.flushWebhooks();
    expect((await purchase(sessionId)).status).toBe('EXPIRED');
    expect(await balanceOf(stack, user.userId)).toBe(0);
  });

  it('a crash while committing the credits leaves nothing half-written, and the retry converges', async () => {
    const user = newUser(stack, 'crash');
    await emulatorPost(stack, '/_emulator/webhooks/pause');
    let event;
    try {
      const bought = await buyPackage(stack, user.token, 'pkg_popular');
      await payCheckout(bought.checkoutUrl);
      event = (await eventsOf(stack, 'checkout.session.completed', (o) => o.id === bought.sessionId))[0]!;
      // The process dies at the database write: the transaction never commits.
      let failed = 0;
      const crashing: Deps = {
        ...stack.deps,
        db: new Proxy(stack.deps.db, {
          get(target, prop, receiver) {
            if (prop !== 'send') return Reflect.get(target, prop, receiver);
            return (command: unknown) => {
              if (command instanceof TransactWriteCommand && failed === 0) {
                failed++;
                return Promise.reject(Object.assign(new Error('connection reset'), { name: 'NetworkingError' }));
              }
              return target.send(command as never);
            };
          },
        }),
      };
      await expect(processStripeEvent(crashing, event)).rejects.toThrow('connection reset');
      expect(await balanceOf(stack, user.userId)).toBe(0);
      expect(await creditTransactions(stack, user.userId)).toHaveLength(0);
      expect((await purchase(bought.sessionId)).status).toBe('OPEN');
      const marker = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.ProcessedEvent, Key: { id: event.id } }));
      expect(marker.Item).toBeUndefined();
      // Stripe retries the delivery.
      expect((await deliver(stack, event)).outcome).toBe('processed');
    } finally {
      await emulatorPost(stack, '/_emulator/webhooks/resume');
    }
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(10_000);
    expect(await creditTransactions(stack, user.userId)).toHaveLength(1);
  });
});

describe('paying bookings with credits', () => {
  let customer: ReturnType<typeof newUser>;
  beforeAll(async () => {
    customer = newUser(stack, 'booker');
    const bought = await buyPackage(stack, customer.token, 'pkg_value'); // 20,000 credits
    await payCheckout(bought.checkoutUrl);
    await stack.emulator.flushWebhooks();
  });

  async function book(serviceId: string, slot: number, extra: object = {}, groupSize = 1) {
    const s = await firstFreeSlot(stack, serviceId, slot);
    return stack.booking<BookingResponses['CREATE_BOOKING'] & { code?: string; details?: Record<string, number> }>(
      'CREATE_BOOKING',
      { serviceId, startDateTime: s.startDateTime, endDateTime: s.endDateTime, groupSize, ...extra },
      customer.token,
    );
  }

  it('partly: 5,000 credits and the card pays the other $70.00; the ledger balances and the provider still gets 92%', async () => {
    const before = await balanceOf(stack, customer.userId);
    const created = await book(PORTRAIT, 0, { credits: 5_000 });
    expect(created.status).toBe(200);
    expect(created.body.booking).toMatchObject({ status: 'PENDING_PAYMENT', creditsAppliedCents: 5_000, cardAmountCents: 7_000 });
    expect(await balanceOf(stack, customer.userId)).toBe(before - 5_000);
    const pi = await stack.deps.stripe.paymentIntents.retrieve(created.body.clientSecret.split('_secret_')[0]!);
    expect(pi.amount).toBe(7_000);

    const paid = await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242');
    expect(paid.body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const stored = await storedBooking(created.body.bookingId);
    expect(stored.status).toBe('CONFIRMED');
    const lines = await ledger(stack, created.body.bookingId);
    expect(lines.map((l) => l.type).sort()).toEqual(['CHARGE', 'CREDIT_SPEND', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
    expect(bookingMoneyFlow(lines)).toMatchObject({
      cardChargedCents: 7_000,
      creditsSpentCents: 5_000,
      chargedCents: 12_000,
      platformFeeCents: 960,
      providerNetCents: 11_040,
      balanced: true,
    });
  });

  it('fully: the booking is confirmed at once, without any card payment', async () => {
    const before = await balanceOf(stack, customer.userId);
    const created = await book(YOGA, 1, { credits: 'max' });
    expect(created.status).toBe(200);
    expect(created.body.booking).toMatchObject({ status: 'CONFIRMED', creditsAppliedCents: 4_550, cardAmountCents: 0 });
    expect(created.body.clientSecret).toBe('');
    expect(await balanceOf(stack, customer.userId)).toBe(before - 4_550);
    const lines = await ledger(stack, created.body.bookingId);
    expect(bookingMoneyFlow(lines)).toMatchObject({
      cardChargedCents: 0,
      creditsSpentCents: 4_550,
      platformFeeCents: 364,
      providerNetCents: 4_186,
      balanced: true,
    });

    // A full refund of it (an admin's, sent twice) gives the credits back, once; nothing is left to return after it.
    const refund = { bookingId: created.body.bookingId, reason: 'Provider unavailable', requestId: 'refund_test_1' };
    const admin = () => stack.tokenFor('user_demo_admin', 'admin@marketplace.local', ['ADMIN']);
    expect((await refundCall(stack, 'PROCESS_REFUND', refund, admin())).status).toBe(200);
    expect((await refundCall(stack, 'PROCESS_REFUND', refund, admin())).status).toBe(200);
    expect(await returnBookingCredits(stack.deps, created.body.bookingId, 'refund_test_2')).toBe(0);
    expect(await balanceOf(stack, customer.userId)).toBe(before);
    expect((await storedBooking(created.body.bookingId)).creditsReturnedCents).toBe(4_550);
  });

  it('too few credits → INSUFFICIENT_CREDITS with the balance and the amount needed; nothing is held or debited', async () => {
    const before = await balanceOf(stack, customer.userId);
    // 6 × $45.50 = $273.00; 27,000 credits asked, fewer held.
    const res = await book(YOGA, 2, { credits: 27_000 }, 6);
    if (before >= 27_000) throw new Error('test set-up: balance too high');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'INSUFFICIENT_CREDITS',
      balance: before,
      needed: 27_000,
      details: { balance: before, needed: 27_000, shortfall: 27_000 - before },
    });
    expect(await balanceOf(stack, customer.userId)).toBe(before);
    // The slot was given back.
    const again = await book(YOGA, 2);
    expect(again.status).toBe(200);
  });

  it('APPLY_BOOKING_CREDITS on an unpaid booking lowers its PaymentIntent; concurrent applications debit once', async () => {
    const created = await book(PORTRAIT, 3);
    const before = await balanceOf(stack, customer.userId);
    const results = await Promise.all(
      [1, 2, 3].map(() =>
        stack.booking<BookingResponses['APPLY_BOOKING_CREDITS'] & { code?: string }>(
          'APPLY_BOOKING_CREDITS',
          { bookingId: created.body.bookingId, credits: 2_000 },
          customer.token,
        ),
      ),
    );
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(await balanceOf(stack, customer.userId)).toBe(before - 2_000);
    const ok = results.find((r) => r.status === 200)!;
    expect(ok.body).toMatchObject({ creditsApplied: 2_000, cardAmountCents: 10_000 });
    const pi = await stack.deps.stripe.paymentIntents.retrieve(created.body.clientSecret.split('_secret_')[0]!);
    expect(pi.amount).toBe(10_000);
    await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242');
    await stack.emulator.flushWebhooks();
    expect((await storedBooking(created.body.bookingId)).status).toBe('CONFIRMED');
    expect(bookingMoneyFlow(await ledger(stack, created.body.bookingId))).toMatchObject({
      cardChargedCents: 10_000,
      creditsSpentCents: 2_000,
      balanced: true,
    });
  });
});

describe('admin refund of a credit purchase', () => {
  const admin = () => stack.tokenFor('user_demo_admin', 'admin@marketplace.local', ['ADMIN']);

  it('refunds only the unspent part and says so; a failure between the steps converges on retry', async () => {
    const user = newUser(stack, 'refund');
    const bought = await buyPackage(stack, user.token, 'pkg_starter'); // 5,000 credits for $50.00
    await payCheckout(bought.checkoutUrl);
    await stack.emulator.flushWebhooks();
    // Spend 3,000 of them on a booking.
    const s = await firstFreeSlot(stack, PORTRAIT, 4);
    const booked = await stack.booking('CREATE_BOOKING', { serviceId: PORTRAIT, ...s, groupSize: 1, credits: 3_000 }, user.token);
    expect(booked.status).toBe(200);
    expect(await balanceOf(stack, user.userId)).toBe(2_000);

    expect(
      (await refundCall(stack, 'REFUND_CREDIT_PURCHASE', { purchaseId: bought.sessionId, reason: 'Customer asked to cancel' }, user.token))
        .status,
    ).toBe(403);

    // Stripe fails every attempt of the refund (the SDK's own retries included): credits are reserved, no refund yet.
    await emulatorPost(stack, '/_emulator/faults', { kind: 'http_500', path: '/v1/refunds', method: 'POST', count: '3' });
    const failed = await refundCall(
      stack,
      'REFUND_CREDIT_PURCHASE',
      { purchaseId: bought.sessionId, reason: 'Customer asked to cancel' },
      admin(),
    );
    expect(failed.status).toBe(502);
    expect((await purchase(bought.sessionId)).status).toBe('REFUND_PENDING');
    expect(await balanceOf(stack, user.userId)).toBe(0);

    const retried = await refundCall<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>(
      stack,
      'REFUND_CREDIT_PURCHASE',
      { purchaseId: bought.sessionId, reason: 'Customer asked to cancel' },
      admin(),
    );
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ creditsRemoved: 2_000, spentCredits: 3_000, refundAmountCents: 2_000, full: false });
    expect(retried.body.message).toMatch(/already spent/);
    const again = await refundCall<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>(
      stack,
      'REFUND_CREDIT_PURCHASE',
      { purchaseId: bought.sessionId, reason: 'Customer asked to cancel' },
      admin(),
    );
    expect(again.body.refundId).toBe(retried.body.refundId);

    const p = await purchase(bought.sessionId);
    expect(p.status).toBe('REFUNDED');
    const refunds = await stack.deps.stripe.refunds.list({ payment_intent: p.paymentIntentId!, limit: 10 });
    expect(refunds.data.map((r) => r.amount)).toEqual([2_000]);
    expect(await balanceOf(stack, user.userId)).toBe(0);
    expect((await creditTransactions(stack, user.userId)).map((t) => t.type).sort()).toEqual(['PURCHASE', 'PURCHASE_REFUND', 'SPEND']);
  });
});
