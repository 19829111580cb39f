/**
 * The admin bookings list over its re-keyed indexes (Booking.byCreatedMonth walked month by month, and
 * byStatusListShard merged by creation), through the production refund-processor wiring against DynamoDB Local:
 * pages across a month boundary in both orders, filters with order, a cursor of another filter refused, and a status
 * change moving the booking between status partitions.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionBooking } from '../../../lib/data/booking-writer';
import { statusListShard } from '../../../lib/data/list-keys';
import type { BookingRecord } from '../../../lib/data/records';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { AdminBookingRow } from '../../../lib/http/refund-processor';
import { refundCall } from '../refunds/support';
import { firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { allPages, bookingCreatedAt } from './support';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack('admin-bookings-list');
});
afterAll(async () => stack?.close());

const admin = () => stack.tokenFor('user_demo_admin', 'admin@marketplace.local', ['ADMIN']);
type Page = { bookings: AdminBookingRow[]; nextCursor?: string; code?: string };
const list = (fields: object) => refundCall<Page>(stack, 'ADMIN_LIST_BOOKINGS', fields, admin());

const pagesOf = (fields: object) => allPages(list, (page) => page.bookings, fields);

describe('ADMIN_LIST_BOOKINGS pages', () => {
  it('walks back across a month boundary newest first, and forward oldest first', async () => {
    const jan1 = await bookingCreatedAt(stack, '2024-01-20T10:00:00.000Z');
    const jan2 = await bookingCreatedAt(stack, '2024-01-31T23:59:00.000Z');
    const feb1 = await bookingCreatedAt(stack, '2024-02-01T00:01:00.000Z');
    const feb2 = await bookingCreatedAt(stack, '2024-02-14T12:00:00.000Z');
    const range = { from: '2024-01-01', to: '2024-02-29', limit: 3 };

    expect(await pagesOf(range)).toEqual([[feb2.id, feb1.id, jan2.id], [jan1.id]]);
    expect(await pagesOf({ ...range, order: 'oldest' })).toEqual([[jan1.id, jan2.id, feb1.id], [feb2.id]]);
    // One row a page: every row once, in order, across the boundary.
    expect((await pagesOf({ ...range, limit: 1 })).flat()).toEqual([feb2.id, feb1.id, jan2.id, jan1.id]);
    // The range bounds the months walked: February alone.
    expect(await pagesOf({ from: '2024-02-01', to: '2024-02-29' })).toEqual([[feb2.id, feb1.id]]);
  });

  it('filters by status, currency and created days, in either order', async () => {
    const mayUsd = await bookingCreatedAt(stack, '2023-05-10T09:00:00.000Z', 'usd');
    const mayEur = await bookingCreatedAt(stack, '2023-05-20T09:00:00.000Z', 'eur');
    const junUsd = await bookingCreatedAt(stack, '2023-06-05T09:00:00.000Z', 'usd');
    const expired = await bookingCreatedAt(stack, '2023-06-15T09:00:00.000Z', 'usd');
    const at = new Date('2023-06-15T09:20:00.000Z');
    expect(
      await transitionBooking(stack.deps, expired.id, { transition: 'EXPIRE_HOLD', actor: 'SYSTEM', from: 'PENDING_PAYMENT', now: at }),
    ).toBeTruthy();
    const range = { from: '2023-05-01', to: '2023-06-30' };

    const pending = { ...range, status: 'PENDING_PAYMENT', currency: 'usd', order: 'oldest', limit: 1 };
    // The currency is a filter applied after DynamoDB's limit, so a page may come back short (even empty) with a cursor.
    expect((await pagesOf(pending)).flat()).toEqual([mayUsd.id, junUsd.id]);
    expect((await pagesOf({ ...pending, order: 'newest', limit: 5 })).flat()).toEqual([junUsd.id, mayUsd.id]);
    expect((await pagesOf({ ...range, status: 'EXPIRED' })).flat()).toEqual([expired.id]);
    expect((await pagesOf({ ...range, currency: 'eur' })).flat()).toEqual([mayEur.id]);
    expect((await pagesOf({ ...range, currency: 'usd', limit: 2 })).flat()).toEqual([expired.id, junUsd.id, mayUsd.id]);
    // The days are inclusive and UTC: 2023-05-20 alone.
    expect((await pagesOf({ from: '2023-05-20', to: '2023-05-20' })).flat()).toEqual([mayEur.id]);
  });

  it('refuses a cursor of another filter, order or list, and a garbled one (400), and a range that ends before it starts', async () => {
    for (let i = 0; i < 3; i += 1) await bookingCreatedAt(stack, `2022-03-1${i}T09:00:00.000Z`);
    const fields = { from: '2022-03-01', to: '2022-03-31', limit: 1 };
    const first = await list(fields);
    expect(first.body.bookings).toHaveLength(1);
    const cursor = first.body.nextCursor!;
    expect(cursor).toBeTruthy();
    for (const other of [
      { ...fields, status: 'PENDING_PAYMENT' },
      { ...fields, order: 'oldest' },
      { ...fields, currency: 'eur' },
      { ...fields, from: '2022-03-02' },
    ]) {
      const refused = await list({ ...other, cursor });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    const purchases = await refundCall<{ nextCursor?: string }>(stack, 'ADMIN_LIST_CREDIT_PURCHASES', { ...fields, cursor }, admin());
    expect(purchases.status).toBe(400);
    expect((await list({ ...fields, cursor: 'not-a-cursor' })).status).toBe(400);
    expect((await list({ from: '2022-03-31', to: '2022-03-01' })).status).toBe(400);
    // The cursor still works with its own filter.
    expect((await list({ ...fields, cursor })).status).toBe(200);
  });

  it('moves a booking between status partitions when the writer changes its status', async () => {
    const customer = stack.tokenFor('user_list_mover', 'list-mover@example.com');
    const slot = await firstFreeSlot(stack, 'svc_demo_portrait', 7);
    const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_portrait', ...slot, groupSize: 1 },
      customer,
    );
    expect(created.status).toBe(200);
    const id = created.body.bookingId;
    const day = new Date().toISOString().slice(0, 10);
    const ids = async (status: string) => (await pagesOf({ status, from: day, to: day, limit: 200 })).flat();
    expect(await ids('PENDING_PAYMENT')).toContain(id);
    expect(await ids('CANCELLED')).not.toContain(id);

    const cancelled = await transitionBooking(stack.deps, id, {
      transition: 'CANCEL_UNPAID',
      actor: 'ADMIN',
      from: 'PENDING_PAYMENT',
      now: new Date(),
    });
    expect(cancelled?.status).toBe('CANCELLED');
    const stored = (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true })))
      .Item as BookingRecord & { statusListShard?: string };
    expect(stored.statusListShard).toBe(statusListShard('CANCELLED', id));
    expect(await ids('CANCELLED')).toContain(id);
    expect(await ids('PENDING_PAYMENT')).not.toContain(id);
    // The unfiltered list still has it, with its new status.
    const all = (await list({ from: day, to: day, limit: 200 })).body.bookings;
    expect(all.find((b) => b.id === id)?.status).toBe('CANCELLED');
    // A replayed transition changes nothing: the database refuses it, the partition stays.
    expect(
      await transitionBooking(stack.deps, id, { transition: 'CANCEL_UNPAID', actor: 'ADMIN', from: 'PENDING_PAYMENT', now: new Date() }),
    ).toBeUndefined();
    expect(await ids('CANCELLED')).toContain(id);
  });
});
