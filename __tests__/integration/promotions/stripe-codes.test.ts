import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PromotionCodeRecord } from '../../../lib/data/promotion-writes';
import type { PromotionResponses } from '../../../lib/http/promotions';
import type { CustomerResponses } from '../../../lib/http/stripe-connect';
import { allPages } from '../admin/support';
import { confirmLikeStripeJs, startTestStack, type TestStack } from '../support/local-stack';
import { balanceOf, creditTransactions, deliver, eventsOf, ledger, payCheckout, requestId } from '../customers/support';
import { adminToken, codeName, connect, createCode, newCustomer, storedCode } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('promo-stripe');
});
afterAll(async () => stack?.close());

describe('promotion codes that Stripe applies', () => {
  it('the admin’s code makes one Stripe coupon and promotion code (keys from the code); a second create of the code is refused', async () => {
    const code = await createCode(stack, {
      code: codeName('launch'),
      percentOff: 20,
      maxRedemptions: 50,
      firstTimeOnly: true,
      expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    const stored = await storedCode(stack, code.code);
    const promo = await stack.deps.stripe.promotionCodes.retrieve(stored.stripePromotionCodeId!);
    expect(promo).toMatchObject({ code: code.code, active: true, max_redemptions: 50, restrictions: { first_time_transaction: true } });
    const coupon = await stack.deps.stripe.coupons.retrieve(stored.stripeCouponId!);
    expect(coupon).toMatchObject({ percent_off: 20, duration: 'once', max_redemptions: 50 });
    const again = await connect(stack, 'ADMIN_CREATE_PROMOTION_CODE', { code: code.code.toLowerCase(), percentOff: 5 }, adminToken(stack));
    expect(again.status).toBe(409);
    const bad = await connect(
      stack,
      'ADMIN_CREATE_PROMOTION_CODE',
      { code: codeName('both'), percentOff: 5, amountOffCents: 100 },
      adminToken(stack),
    );
    expect(bad.status).toBe(400);
    const list = await connect<{ promotionCodes: { code: string }[] }>(stack, 'ADMIN_LIST_PROMOTION_CODES', {}, adminToken(stack));
    expect(list.body.promotionCodes.map((c) => c.code)).toContain(code.code);
  });

  it('the admin list pages every code once in either order by createdAt, filters by state; a foreign cursor is refused', async () => {
    const admin = adminToken(stack);
    const list = (fields: object) =>
      connect<PromotionResponses['ADMIN_LIST_PROMOTION_CODES']>(stack, 'ADMIN_LIST_PROMOTION_CODES', fields, admin);
    const rowsOf = (page: PromotionResponses['ADMIN_LIST_PROMOTION_CODES']) => page.promotionCodes.map((c) => ({ id: c.code }));
    const active = await createCode(stack, { code: codeName('pageactive'), percentOff: 5 });
    const gone = await createCode(stack, { code: codeName('pagegone'), percentOff: 5 });
    expect((await connect(stack, 'ADMIN_DEACTIVATE_PROMOTION_CODE', { code: gone.code }, admin)).status).toBe(200);
    const expired = await createCode(stack, { code: codeName('pageexpired'), percentOff: 5 });
    await stack.deps.db.send(
      new UpdateCommand({
        TableName: stack.tables.PromotionCode,
        Key: { id: expired.code },
        UpdateExpression: 'SET expiresAt = :past',
        ExpressionAttributeValues: { ':past': new Date(Date.now() - 60_000).toISOString() },
      }),
    );
    const stored = (await stack.deps.db.send(new ScanCommand({ TableName: stack.tables.PromotionCode, ConsistentRead: true })))
      .Items as PromotionCodeRecord[];
    const limit = Math.max(1, Math.ceil(stored.length / 3));
    const createdAt = (code: string) => stored.find((c) => c.code === code)!.createdAt;
    const newest = await allPages(list, rowsOf, { limit });
    const oldest = await allPages(list, rowsOf, { limit, order: 'oldest' });
    expect(newest.length).toBeGreaterThan(1);
    for (const pages of [newest, oldest]) expect(pages.flat().sort()).toEqual(stored.map((c) => c.code).sort());
    expect(newest.flat().map(createdAt)).toEqual(
      stored
        .map((c) => c.createdAt)
        .sort()
        .reverse(),
    );
    expect(oldest.flat().map(createdAt)).toEqual(stored.map((c) => c.createdAt).sort());

    const now = Date.now();
    const stateOf = (c: PromotionCodeRecord) =>
      !c.active ? 'deactivated' : c.expiresAt && Date.parse(c.expiresAt) <= now ? 'expired' : 'active';
    for (const state of ['active', 'deactivated', 'expired'] as const) {
      const codes = (await allPages(list, rowsOf, { state, limit: 1 })).flat();
      expect(codes.sort()).toEqual(
        stored
          .filter((c) => stateOf(c) === state)
          .map((c) => c.code)
          .sort(),
      );
      expect(codes).toContain({ active, deactivated: gone, expired }[state].code);
    }
    const cursor = (await list({ limit: 1 })).body.nextCursor!;
    expect((await list({ limit: 1, cursor })).status).toBe(200);
    for (const foreign of [{ order: 'oldest' }, { state: 'active' }])
      expect((await list({ limit: 1, cursor, ...foreign })).status).toBe(400);
    expect((await list({ limit: 101 })).status).toBe(400);
    expect((await list({ state: 'used-up' })).status).toBe(400);
  });

  it('membership: the first invoice is discounted by Stripe, paid, and its credits granted once (duplicate delivery too)', async () => {
    const code = await createCode(stack, { code: codeName('member'), percentOff: 20 });
    const user = newCustomer(stack, 'member');
    const sub = await connect<CustomerResponses['SUBSCRIBE']>(
      stack,
      'SUBSCRIBE',
      { planId: 'plan_plus', requestId: requestId(), promotionCode: code.code.toLowerCase() },
      user.token,
    );
    expect(sub.status).toBe(200);
    expect(sub.body).toMatchObject({ amountCents: 3_920, discountCents: 980 });
    const stripeSub = await stack.deps.stripe.subscriptions.retrieve(sub.body.membership.id);
    const invoice = await stack.deps.stripe.invoices.retrieve(stripeSub.latest_invoice as string);
    expect(invoice.total_discount_amounts).toEqual([{ amount: 980, discount: expect.stringMatching(/^di_/) as string }]);
    expect(invoice).toMatchObject({ subtotal: 4_900, total: 3_920, amount_due: 3_920 });

    const paid = await confirmLikeStripeJs(stack.emulator.url, sub.body.clientSecret!, '4242424242424242');
    expect(paid.body).toMatchObject({ status: 'succeeded', amount: 3_920 });
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(5_500);
    const [succeeded] = await eventsOf(stack, 'invoice.payment_succeeded', (o) => o.subscription === sub.body.membership.id);
    expect((await deliver(stack, succeeded!, `${succeeded!.id}_again`)).status).toBe(200);
    expect(await balanceOf(stack, user.userId)).toBe(5_500);
    expect((await creditTransactions(stack, user.userId)).filter((t) => t.type === 'MEMBERSHIP_GRANT')).toHaveLength(1);
    expect((await storedCode(stack, code.code)).redemptionCount).toBe(1);
  });

  it('credit package: the Checkout Session is discounted by Stripe; the ledger books what was paid, once (duplicate delivery too)', async () => {
    const code = await createCode(stack, { code: codeName('credits'), amountOffCents: 1_000, currency: 'usd' });
    const user = newCustomer(stack, 'credits');
    const bought = await connect<CustomerResponses['BUY_CREDITS']>(
      stack,
      'BUY_CREDITS',
      { packageId: 'pkg_popular', requestId: requestId(), promotionCode: code.code },
      user.token,
    );
    expect(bought.status).toBe(200);
    const session = await stack.deps.stripe.checkout.sessions.retrieve(bought.body.sessionId);
    expect(session).toMatchObject({ amount_subtotal: 9_500, amount_total: 8_500, total_details: { amount_discount: 1_000 } });
    expect((await payCheckout(bought.body.checkoutUrl)).status).toBe(303);
    await stack.emulator.flushWebhooks();
    expect(await balanceOf(stack, user.userId)).toBe(10_000);
    const lines = await ledger(stack, `credit-purchase:${bought.body.sessionId}`);
    expect(lines.map((l) => [l.type, l.amountCents])).toEqual([['CREDIT_PURCHASE', 8_500]]);
    const [completed] = await eventsOf(stack, 'checkout.session.completed', (o) => o.id === bought.body.sessionId);
    expect((await deliver(stack, completed!, `${completed!.id}_again`)).status).toBe(200);
    expect(await ledger(stack, `credit-purchase:${bought.body.sessionId}`)).toHaveLength(1);
    expect(await balanceOf(stack, user.userId)).toBe(10_000);

    // the same customer, the same code, another purchase: once per customer
    const twice = await connect(
      stack,
      'BUY_CREDITS',
      { packageId: 'pkg_starter', requestId: requestId(), promotionCode: code.code },
      user.token,
    );
    expect(twice).toMatchObject({ status: 409, body: { details: { reason: 'ALREADY_REDEEMED' } } });
  });

  it('first-time only: refused for a customer who paid before; Stripe’s own refusal gives the use back', async () => {
    const code = await createCode(stack, { code: codeName('firsts'), percentOff: 10, firstTimeOnly: true });
    const user = newCustomer(stack, 'repeat');
    const first = await connect<CustomerResponses['BUY_CREDITS']>(
      stack,
      'BUY_CREDITS',
      { packageId: 'pkg_starter', requestId: requestId() },
      user.token,
    );
    await payCheckout(first.body.checkoutUrl);
    await stack.emulator.flushWebhooks();
    const refused = await connect(
      stack,
      'SUBSCRIBE',
      { planId: 'plan_basic', requestId: requestId(), promotionCode: code.code },
      user.token,
    );
    expect(refused).toMatchObject({ status: 400, body: { details: { reason: 'NOT_FIRST_TIME' } } });

    // Stripe checks too: a customer Stripe has seen pay (our records do not know it) is refused there, and the use returns.
    const other = newCustomer(stack, 'stripe-paid');
    const firstBuy = await connect<CustomerResponses['BUY_CREDITS']>(
      stack,
      'BUY_CREDITS',
      { packageId: 'pkg_starter', requestId: requestId() },
      other.token,
    );
    await payCheckout(firstBuy.body.checkoutUrl);
    const stripeRefused = await connect(
      stack,
      'SUBSCRIBE',
      { planId: 'plan_basic', requestId: requestId(), promotionCode: code.code },
      other.token,
    );
    expect(stripeRefused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { reason: 'REFUSED_BY_STRIPE' } } });
    expect((await storedCode(stack, code.code)).redemptionCount).toBe(0);
    await stack.emulator.flushWebhooks();
  });
});
