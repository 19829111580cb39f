/**
 * Refund tests' helpers on the shared harness (startTestStack): a paid booking (card 4000000000000077: funds available
 * at once), the provider's transfer made exactly as ARCHITECTURE.md describes (source_transaction = the charge,
 * transfer_group = the booking, key booking:<id>:transfer, ledger TRANSFER), and a payout that drains the provider's
 * balance — so the "after transfer" states exist without the payouts code.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import { transitionBooking } from '../../../lib/data/booking-writer';
import { ledgerAccounts, ledgerLineItems } from '../../../lib/data/ledger-writer';
import type { BookingRecord } from '../../../lib/data/records';
import { repo } from '../../../lib/data/repository';
import { transactWrite } from '../../../lib/data/transact';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import { DEMO_USERS } from '../../../lib/local/seed';
import { idempotencyKeys } from '../../../lib/stripe/idempotency';
import { confirmLikeStripeJs, firstFreeSlot, type TestStack } from '../support/local-stack';

export const CUSTOMER = DEMO_USERS[0];
export const PROVIDER = DEMO_USERS[1];
export const ADMIN = DEMO_USERS[2];
export const PORTRAIT = 'svc_demo_portrait'; // $120.00, MODERATE
export const CLEANING = 'svc_demo_cleaning'; // FLEXIBLE

export const tokens = (stack: TestStack) => ({
  customer: stack.tokenFor(CUSTOMER.userId, CUSTOMER.email),
  provider: stack.tokenFor(PROVIDER.userId, PROVIDER.email, ['PROVIDER']),
  admin: stack.tokenFor(ADMIN.userId, ADMIN.email, ['ADMIN']),
  stranger: stack.tokenFor('user_stranger', 'stranger@marketplace.local'),
});

export async function refundCall<T = Record<string, unknown>>(stack: TestStack, action: string, payload: object, token?: string) {
  const res = await stack.functions['refund-processor']({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as T };
}

export const storedBooking = async (stack: TestStack, id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

let slotCursor = 0;
/** A CONFIRMED booking paid by card (default: funds available at once). */
export async function paidBooking(stack: TestStack, serviceId = PORTRAIT, card = '4000000000000077'): Promise<BookingRecord> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const slot = await firstFreeSlot(stack, serviceId, slotCursor++ % 5);
    const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1 },
      stack.customerToken,
    );
    if (created.status !== 200) continue;
    const paid = await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, card);
    expect(paid.body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    const booking = await storedBooking(stack, created.body.bookingId);
    expect(booking.status).toBe('CONFIRMED');
    return booking;
  }
  throw new Error('could not book a slot');
}

export async function providerAccount(stack: TestStack): Promise<string> {
  const profile = await repo.userProfile(stack.deps, PROVIDER.userId);
  return profile!.stripeAccountId!;
}

/** The payout engineer's transfer, as ARCHITECTURE.md describes it, with its TRANSFER ledger line. */
export async function transferToProvider(stack: TestStack, booking: BookingRecord) {
  const destination = await providerAccount(stack);
  const transfer = await stack.deps.stripe.transfers.create(
    {
      amount: booking.providerEarningsCents,
      currency: booking.currency,
      destination,
      source_transaction: booking.chargeId!,
      transfer_group: booking.id,
      metadata: { bookingId: booking.id },
    },
    { idempotencyKey: idempotencyKeys.bookingTransfer(booking.id) },
  );
  const line = {
    account: ledgerAccounts.booking(booking.id),
    providerId: booking.providerId,
    type: 'TRANSFER' as const,
    amountCents: transfer.amount,
    currency: booking.currency,
    stripeObjectId: transfer.id,
    description: 'Provider share transferred (test support)',
  };
  await transactWrite(stack.deps, ledgerLineItems(stack.deps, [line], new Date()));
  return transfer;
}

export async function availableOf(stack: TestStack, account: string, currency = 'usd') {
  const balance = await stack.deps.stripe.balance.retrieve({}, { stripeAccount: account });
  return balance.available.filter((b) => b.currency === currency).reduce((s, b) => s + b.amount, 0);
}

/** Pays out the provider's whole available balance (leaves `keep` cents). */
export async function drainProviderBalance(stack: TestStack, keep = 0) {
  const account = await providerAccount(stack);
  const available = await availableOf(stack, account);
  if (available - keep > 0) {
    await stack.deps.stripe.payouts.create({ amount: available - keep, currency: 'usd' }, { stripeAccount: account });
  }
  return availableOf(stack, account);
}

/** The ledger balances, and agrees with Stripe's refunds (of the card part) and reversals of this booking. */
export async function expectLedgerAgreesWithStripe(stack: TestStack, bookingId: string) {
  const booking = await storedBooking(stack, bookingId);
  const lines = await repo.ledgerOfBooking(stack.deps, bookingId);
  const flow = bookingMoneyFlow(lines);
  expect(flow.balanced, JSON.stringify({ flow, lines: lines.map((l) => [l.type, l.amountCents]) })).toBe(true);
  expect(booking.refundedCents ?? 0).toBe(flow.refundedCents);
  expect(flow.creditsReturnedCents).toBe((booking.refunds ?? []).reduce((s, r) => s + (r.creditsReturned ?? 0), 0));
  const refunds = booking.paymentIntentId
    ? (await stack.deps.stripe.refunds.list({ payment_intent: booking.paymentIntentId, limit: 100 })).data
    : [];
  const stripeRefunded = refunds.reduce((s, r) => s + r.amount, 0);
  expect(flow.cardRefundedCents).toBe(stripeRefunded);
  if (booking.chargeId) {
    const charge = await stack.deps.stripe.charges.retrieve(booking.chargeId);
    expect(charge.amount_refunded).toBe(stripeRefunded);
    expect(flow.cardChargedCents).toBe(charge.amount_captured);
  }
  const transfers = await stack.deps.stripe.transfers.list({ transfer_group: bookingId });
  expect(flow.transferredCents).toBe(transfers.data.reduce((s, t) => s + t.amount, 0));
  expect(flow.transferReversedCents).toBe(transfers.data.reduce((s, t) => s + t.amount_reversed, 0));
  // every Stripe refund and reversal is in the ledger by id
  const ids = new Set(lines.map((l) => l.stripeObjectId));
  for (const r of refunds) expect(ids.has(r.id)).toBe(true);
  for (const t of transfers.data) {
    const reversals = await stack.deps.stripe.transfers.listReversals(t.id);
    for (const rv of reversals.data) expect(ids.has(rv.id)).toBe(true);
  }
  return { booking, flow, lines };
}

/**
 * Test set-up shortcut: the service was delivered (CONFIRMED → COMPLETED, as the provider or the scheduled run
 * would record it once the booking started), so the payout run may transfer it.
 */
export async function completeBooking(stack: TestStack, bookingId: string) {
  const now = new Date();
  const completed = await transitionBooking(stack.deps, bookingId, {
    transition: 'COMPLETE',
    actor: 'SYSTEM',
    from: 'CONFIRMED',
    change: { set: { completedAt: now.toISOString(), completedBy: 'SYSTEM' } },
    now,
  });
  if (!completed) throw new Error(`test set-up: booking ${bookingId} is not CONFIRMED`);
}

/** payout-manager as the Next.js route calls it. */
export async function payoutCall<T = Record<string, unknown>>(stack: TestStack, action: string, payload: object, token?: string) {
  const res = await stack.functions['payout-manager']({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as T };
}

export async function providerDebt(stack: TestStack): Promise<number> {
  return (await repo.userProfile(stack.deps, PROVIDER.userId))?.providerDebtCents ?? 0;
}
