import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { expect } from 'vitest';
import { bookingMoneyFlow } from '../../../lib/domain/ledger';
import type { PromotionCodeRecord } from '../../../lib/data/promotion-writes';
import type { BookingRecord } from '../../../lib/data/records';
import { repo } from '../../../lib/data/repository';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { PromotionCodeView, PromotionResponses } from '../../../lib/http/promotions';
import { DEMO_USERS } from '../../../lib/local/seed';
import { confirmLikeStripeJs, firstFreeSlot, type TestStack } from '../support/local-stack';

export const ADMIN = DEMO_USERS[2];
export const PORTRAIT = 'svc_demo_portrait'; // $120.00 per booking: fee 960, provider 11 040

export const adminToken = (stack: TestStack) => stack.tokenFor(ADMIN.userId, ADMIN.email, ['ADMIN']);

export async function connect<T = Record<string, unknown>>(stack: TestStack, action: string, payload: object, token?: string) {
  const res = await stack.functions['stripe-connect']({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as T };
}

let codeCounter = 0;
/** A fresh code name per call (codes are never reused). */
export const codeName = (label: string) => `${label}${Date.now().toString(36)}${++codeCounter}`.toUpperCase().slice(0, 30);

export async function createCode(stack: TestStack, fields: Record<string, unknown>): Promise<PromotionCodeView> {
  const res = await connect<PromotionResponses['ADMIN_CREATE_PROMOTION_CODE']>(
    stack,
    'ADMIN_CREATE_PROMOTION_CODE',
    fields,
    adminToken(stack),
  );
  if (res.status !== 200) throw new Error(`ADMIN_CREATE_PROMOTION_CODE ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.promotionCode;
}

export const storedCode = async (stack: TestStack, code: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.PromotionCode, Key: { id: code }, ConsistentRead: true })))
    .Item as PromotionCodeRecord;

export const storedBooking = async (stack: TestStack, id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

export function newCustomer(stack: TestStack, label: string) {
  const userId = `user_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const email = `${userId}@example.com`;
  return { userId, email, token: stack.tokenFor(userId, email) };
}

let slotCursor = 0;
/** An unpaid booking of a free slot for this customer (its PaymentIntent made). */
export async function unpaidBooking(stack: TestStack, token: string, serviceId = PORTRAIT) {
  for (let attempt = 0; attempt < 30; attempt++) {
    const slot = await firstFreeSlot(stack, serviceId, slotCursor++ % 12);
    const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1 },
      token,
    );
    if (created.status === 200) return created.body;
  }
  throw new Error('could not book a slot');
}

export function applyCode(stack: TestStack, token: string, bookingId: string, code: string) {
  return stack.booking<PromotionResponses['APPLY_PROMOTION_CODE'] & { code?: string; details?: { reason?: string } }>(
    'APPLY_PROMOTION_CODE',
    { bookingId, code },
    token,
  );
}

/** Pays the booking's PaymentIntent as Stripe.js would and lets the webhooks arrive. */
export async function pay(stack: TestStack, clientSecret: string) {
  const paid = await confirmLikeStripeJs(stack.emulator.url, clientSecret, '4000000000000077');
  expect(paid.body.status).toBe('succeeded');
  await stack.emulator.flushWebhooks();
  return paid.body as { amount?: number; id?: string };
}

/** The booking's ledger lines by type (one each expected), and its money flow. */
export async function ledgerOf(stack: TestStack, bookingId: string) {
  const lines = await repo.ledgerOfBooking(stack.deps, bookingId);
  const byType: Record<string, number> = {};
  for (const l of lines) byType[l.type] = (byType[l.type] ?? 0) + l.amountCents;
  return { lines, byType, flow: bookingMoneyFlow(lines) };
}
