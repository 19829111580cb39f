/** Rows of the admin lists (bookings, credit purchases) written through the real writers at chosen creation times (months apart). */
import { modelFields } from '../../../lib/data/items';
import { newPurchaseItems } from '../../../lib/data/credit-purchase-writes';
import type { BookingRecord, CreditPurchaseRecord } from '../../../lib/data/records';
import { newBookingWithHoldsItems } from '../../../lib/data/slot-holds';
import { transactWrite } from '../../../lib/data/transact';
import type { Currency } from '../../../lib/domain/money';
import { expect } from 'vitest';
import type { TestStack } from '../support/local-stack';

let seq = 0;

/** A new PENDING_PAYMENT booking created at `createdAt`, written by the booking creation writer (with its event). */
export async function bookingCreatedAt(stack: TestStack, createdAt: string, currency: Currency = 'usd'): Promise<BookingRecord> {
  const id = `bk_list_${++seq}_${Math.random().toString(36).slice(2, 10)}`;
  const at = new Date(createdAt);
  const booking: BookingRecord = {
    ...modelFields('Booking', id, at),
    owner: 'user_list_customer',
    serviceId: 'svc_list',
    serviceTitle: 'Portrait',
    serviceCategory: 'photography',
    providerId: 'user_list_provider',
    customerId: 'user_list_customer',
    customerEmail: 'list-customer@example.com',
    startDateTime: new Date(at.getTime() + 86_400_000).toISOString(),
    endDateTime: new Date(at.getTime() + 90_000_000).toISOString(),
    groupSize: 1,
    status: 'PENDING_PAYMENT',
    totalAmountCents: 12_000,
    platformFeeCents: 960,
    providerEarningsCents: 11_040,
    currency,
    qrCode: `qr_${id}`,
    slotHoldIds: [],
    holdExpiresAt: new Date(at.getTime() + 900_000).toISOString(),
  };
  await transactWrite(stack.deps, newBookingWithHoldsItems(stack.deps, booking));
  return booking;
}

/** A paid (COMPLETED) credit purchase created at `createdAt`, written by the purchase writer (with its events). */
export async function purchaseCreatedAt(stack: TestStack, createdAt: string, currency: Currency = 'usd'): Promise<CreditPurchaseRecord> {
  const id = `cs_list_${++seq}_${Math.random().toString(36).slice(2, 10)}`;
  const purchase: CreditPurchaseRecord = {
    ...modelFields('CreditPurchase', id, new Date(createdAt)),
    owner: 'user_list_buyer',
    userId: 'user_list_buyer',
    packageId: 'pkg_starter',
    packageName: 'Starter',
    credits: 5_000,
    amountCents: 5_000,
    currency,
    status: 'COMPLETED',
    stripeCustomerId: 'cus_list_buyer',
    completedAt: createdAt,
  };
  await transactWrite(stack.deps, newPurchaseItems(stack.deps, purchase, { role: 'STRIPE' }));
  return purchase;
}

/**
 * Every page of an admin list, following its cursors (each twice: a replayed cursor gives the same page): the ids of
 * `rows(page)` per page. `list` makes one request.
 */
export async function allPages<P extends { nextCursor?: string | undefined }>(
  list: (fields: object) => Promise<{ status: number; body: P }>,
  rows: (page: P) => { id: string }[],
  fields: object,
): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | undefined;
  do {
    const res = await list({ ...fields, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    if (cursor) expect(rows((await list({ ...fields, cursor })).body).map((r) => r.id)).toEqual(rows(res.body).map((r) => r.id));
    pages.push(rows(res.body).map((r) => r.id));
    cursor = res.body.nextCursor;
  } while (cursor && pages.length < 10);
  return pages;
}
