/**
 * The admin's credit-purchase refunds page API (ADMIN_LIST_CREDIT_PURCHASES, REFUND_CREDIT_PURCHASE with a reason and
 * its audit entry) and the order of the bookings list filtered by status, against DynamoDB Local and the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planCreditPurchaseRefund } from '../../../lib/domain/credits';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { CreditPurchaseAdminResponses } from '../../../lib/http/refund-processor';
import type { AdminBookingRow } from '../../../lib/http/refund-processor';
import { listAudit } from '../../../lib/services/audit';
import { refundCall } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, buyPackage, newUser, payCheckout } from './support';

let stack: TestStack;
const PORTRAIT = 'svc_demo_portrait'; // $120.00
beforeAll(async () => {
  stack = await startTestStack('admin-lists');
});
afterAll(async () => stack?.close());

const admin = () => stack.tokenFor('user_demo_admin', 'admin@marketplace.local', ['ADMIN']);
const listPurchases = (fields: object, token = admin()) =>
  refundCall<CreditPurchaseAdminResponses['ADMIN_LIST_CREDIT_PURCHASES']>(stack, 'ADMIN_LIST_CREDIT_PURCHASES', fields, token);

async function boughtStarter(user: ReturnType<typeof newUser>): Promise<string> {
  const bought = await buyPackage(stack, user.token, 'pkg_starter'); // 5,000 credits for $50.00
  await payCheckout(bought.checkoutUrl);
  await stack.emulator.flushWebhooks();
  return bought.sessionId;
}

describe('ADMIN_LIST_CREDIT_PURCHASES', () => {
  it('is for admins only', async () => {
    const user = newUser(stack, 'nosy');
    expect((await listPurchases({}, user.token)).status).toBe(403);
    expect((await refundCall(stack, 'ADMIN_LIST_CREDIT_PURCHASES', {})).status).toBe(401);
  });

  it('lists recent paid purchases newest first and finds one customer by email, with the refund a refund would make', async () => {
    const spender = newUser(stack, 'spender');
    const keeper = newUser(stack, 'keeper');
    const spent = await boughtStarter(spender);
    const kept = await boughtStarter(keeper);
    // The spender uses 3,000 of the 5,000 credits on a booking.
    const slot = await firstFreeSlot(stack, PORTRAIT, 1);
    expect(
      (await stack.booking('CREATE_BOOKING', { serviceId: PORTRAIT, ...slot, groupSize: 1, credits: 3_000 }, spender.token)).status,
    ).toBe(200);

    // Other files buy credits in the same tables at the same time: ask for a page large enough to hold both.
    const recent = await listPurchases({ limit: 200 });
    expect(recent.status).toBe(200);
    const ids = recent.body.purchases.map((p) => p.id);
    expect(ids).toContain(spent);
    expect(ids).toContain(kept);
    // Newest first (two purchases in the same second may tie: createdAt follows Stripe's whole-second `created`).
    const created = recent.body.purchases.map((p) => p.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(recent.body.purchases.find((p) => p.id === kept)).toMatchObject({
      customerEmail: keeper.email,
      packageName: 'Starter',
      credits: 5_000,
      amountCents: 5_000,
      spentCredits: 0,
      unspentCredits: 5_000,
      refundCents: 5_000,
      refundable: true,
      status: 'COMPLETED',
    });

    // Search by email (typed in another case): only that customer's purchases, with the same numbers the refund plans.
    const found = await listPurchases({ email: spender.email.toUpperCase() });
    expect(found.body.purchases.map((p) => p.id)).toEqual([spent]);
    const plan = planCreditPurchaseRefund({ purchasedCredits: 5_000, amountCents: 5_000, balance: await balanceOf(stack, spender.userId) });
    expect(found.body.purchases[0]).toMatchObject({
      spentCredits: plan.spentCredits,
      unspentCredits: plan.creditsRemoved,
      refundCents: plan.refundCents,
      refundable: true,
    });
    expect(found.body.purchases[0]).toMatchObject({ spentCredits: 3_000, unspentCredits: 2_000, refundCents: 2_000 });
    expect(found.body.purchases[0]?.summary).toBe(
      'A refund now returns $20.00 for 2,000 credits unspent; 3,000 credits were already spent and are not refunded.',
    );
    expect((await listPurchases({ email: 'nobody@example.com' })).body.purchases).toEqual([]);
  });

  it('refunds with a required reason, writes the audit entry once, and then shows the purchase as refunded', async () => {
    const user = newUser(stack, 'refundme');
    const purchaseId = await boughtStarter(user);
    const noReason = await refundCall(stack, 'REFUND_CREDIT_PURCHASE', { purchaseId }, admin());
    expect(noReason.status).toBe(400);
    const blank = await refundCall(stack, 'REFUND_CREDIT_PURCHASE', { purchaseId, reason: '  ' }, admin());
    expect(blank.status).toBe(400);

    const refunded = await refundCall<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']>(
      stack,
      'REFUND_CREDIT_PURCHASE',
      { purchaseId, reason: 'Bought by mistake' },
      admin(),
    );
    expect(refunded.status).toBe(200);
    expect(refunded.body).toMatchObject({ creditsRemoved: 5_000, spentCredits: 0, refundAmountCents: 5_000, full: true });
    await refundCall(stack, 'REFUND_CREDIT_PURCHASE', { purchaseId, reason: 'Clicked twice' }, admin());

    const audit = (
      await listAudit(stack.deps, { aggregateType: 'CreditPurchase', aggregateId: purchaseId, adminActionsOnly: true, limit: 10 })
    ).entries;
    expect(audit.map((a) => [a.type, a.payload, a.actor, a.actorEmail])).toEqual([
      [
        'AdminActionTaken',
        expect.objectContaining({ action: 'REFUND_CREDIT_PURCHASE', reason: 'Bought by mistake' }),
        { role: 'ADMIN', id: 'user_demo_admin' },
        'admin@marketplace.local',
      ],
    ]);
    expect(audit[0]?.payload).toMatchObject({
      details: { refundAmountCents: 5_000, currency: 'usd', creditsRemoved: 5_000, spentCredits: 0 },
    });

    const after = await listPurchases({ email: user.email });
    expect(after.body.purchases[0]).toMatchObject({ status: 'REFUNDED', refundCents: 5_000, unspentCredits: 5_000, refundable: false });
    expect(after.body.purchases[0]?.summary).toBe('Refunded $50.00 for 5,000 credits.');
    expect(after.body.purchases[0]?.refundedAt).toBeTruthy();
  });
});

describe('ADMIN_LIST_BOOKINGS filtered by status', () => {
  it('lists the newest bookings first, as the unfiltered list does (not by end time)', async () => {
    const customer = newUser(stack, 'order');
    const slots = [await firstFreeSlot(stack, PORTRAIT, 30), await firstFreeSlot(stack, PORTRAIT, 3)];
    const ids: string[] = [];
    // The later slot is booked first, so the newer booking ends earlier.
    for (const slot of slots) {
      const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
        'CREATE_BOOKING',
        { serviceId: PORTRAIT, ...slot, groupSize: 1 },
        customer.token,
      );
      expect(created.status).toBe(200);
      expect((await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242')).body.status).toBe('succeeded');
      ids.push(created.body.bookingId);
    }
    await stack.emulator.flushWebhooks();
    const [older, newer] = ids as [string, string];

    const call = async (fields: object) =>
      (await refundCall<{ bookings: AdminBookingRow[] }>(stack, 'ADMIN_LIST_BOOKINGS', fields, admin())).body;
    const confirmed = (await call({ status: 'CONFIRMED' })).bookings;
    expect(confirmed.every((b) => b.status === 'CONFIRMED')).toBe(true);
    const order = confirmed.map((b) => b.id);
    expect(order.indexOf(newer)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(newer)).toBeLessThan(order.indexOf(older));
    expect(confirmed.map((b) => b.createdAt)).toEqual([...confirmed.map((b) => b.createdAt)].sort().reverse());
    // A limit keeps the newest ones.
    expect((await call({ status: 'CONFIRMED', limit: 1 })).bookings.map((b) => b.id)).toEqual([newer]);
    // The same order as the unfiltered list.
    const unfiltered = (await call({})).bookings.filter((b) => b.status === 'CONFIRMED').map((b) => b.id);
    expect(order).toEqual(unfiltered.slice(0, order.length));
  });
});
