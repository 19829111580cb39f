/**
 * The admin credit purchases list over its re-keyed indexes (CreditPurchase.byCreatedMonth with the paid statuses as a
 * filter, and byStatusListShard merged by creation), through the production refund-processor wiring against DynamoDB
 * Local: pages across a month boundary, a status filter with order, a refund's reservation moving the purchase to the
 * REFUND_PENDING partition, and a cursor of another filter refused.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purchaseTransitionItems } from '../../../lib/data/credit-purchase-writes';
import { statusListShard } from '../../../lib/data/list-keys';
import { transactWrite } from '../../../lib/data/transact';
import type { CreditPurchaseAdminResponses } from '../../../lib/http/refund-processor';
import { refundCall } from '../refunds/support';
import { startTestStack, type TestStack } from '../support/local-stack';
import { allPages, purchaseCreatedAt } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('admin-purchases-list');
});
afterAll(async () => stack?.close());

const admin = () => stack.tokenFor('user_demo_admin', 'admin@marketplace.local', ['ADMIN']);
type Page = CreditPurchaseAdminResponses['ADMIN_LIST_CREDIT_PURCHASES'] & { code?: string };
const list = (fields: object) => refundCall<Page>(stack, 'ADMIN_LIST_CREDIT_PURCHASES', fields, admin());

const pagesOf = (fields: object) => allPages(list, (page) => page.purchases, fields);

describe('ADMIN_LIST_CREDIT_PURCHASES pages', () => {
  it('walks paid purchases across a month boundary in both orders, and by status and currency', async () => {
    const mar = await purchaseCreatedAt(stack, '2024-03-31T22:00:00.000Z');
    const apr1 = await purchaseCreatedAt(stack, '2024-04-01T08:00:00.000Z', 'eur');
    const apr2 = await purchaseCreatedAt(stack, '2024-04-02T08:00:00.000Z');
    const range = { from: '2024-03-01', to: '2024-04-30', limit: 2 };

    expect(await pagesOf(range)).toEqual([[apr2.id, apr1.id], [mar.id]]);
    expect(await pagesOf({ ...range, order: 'oldest' })).toEqual([[mar.id, apr1.id], [apr2.id]]);
    expect((await pagesOf({ ...range, currency: 'usd', limit: 1 })).flat()).toEqual([apr2.id, mar.id]);
    expect((await pagesOf({ ...range, status: 'COMPLETED', order: 'oldest', limit: 1 })).flat()).toEqual([mar.id, apr1.id, apr2.id]);

    // Reserving a refund (the purchase writer's transition) moves it to the REFUND_PENDING partition.
    await transactWrite(
      stack.deps,
      purchaseTransitionItems(stack.deps, apr1.id, {
        transition: 'RESERVE_REFUND',
        actor: 'ADMIN',
        from: 'COMPLETED',
        change: { set: { refundCreditsRemoved: 5_000, refundAmountCents: 5_000 } },
        now: new Date('2024-04-03T08:00:00.000Z'),
      }),
    );
    const stored = (
      await stack.deps.db.send(new GetCommand({ TableName: stack.tables.CreditPurchase, Key: { id: apr1.id }, ConsistentRead: true }))
    ).Item as { statusListShard?: string };
    expect(stored.statusListShard).toBe(statusListShard('REFUND_PENDING', apr1.id));
    expect((await pagesOf({ ...range, status: 'REFUND_PENDING' })).flat()).toEqual([apr1.id]);
    expect((await pagesOf({ ...range, status: 'COMPLETED' })).flat()).toEqual([apr2.id, mar.id]);
    // Still a paid purchase: the unfiltered list keeps it, with its new status.
    const listed = (await list(range)).body.purchases;
    expect(listed.map((p) => [p.id, p.status])).toEqual([
      [apr2.id, 'COMPLETED'],
      [apr1.id, 'REFUND_PENDING'],
    ]);
  });

  it('refuses a cursor of another filter or order (400)', async () => {
    for (let i = 0; i < 3; i += 1) await purchaseCreatedAt(stack, `2023-08-1${i}T09:00:00.000Z`);
    const fields = { from: '2023-08-01', to: '2023-08-31', limit: 1 };
    const cursor = (await list(fields)).body.nextCursor!;
    expect(cursor).toBeTruthy();
    for (const other of [
      { ...fields, status: 'COMPLETED' },
      { ...fields, order: 'oldest' },
      { ...fields, to: '2023-08-30' },
    ]) {
      const refused = await list({ ...other, cursor });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await list({ ...fields, status: 'OPEN' })).status).toBe(400);
    expect((await list({ ...fields, cursor })).status).toBe(200);
  });
});
