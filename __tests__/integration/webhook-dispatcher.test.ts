import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingRecord } from '../../lib/data/records';
import { repo } from '../../lib/data/repository';
import { bookingMoneyFlow } from '../../lib/domain/ledger';
import type { BookingResponses } from '../../lib/http/booking-processor';
import type { Deps } from '../../lib/ports';
import { processStripeEvent } from '../../lib/services/webhooks';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from './support/local-stack';

/**
 * The one dispatcher (processStripeEvent): an event's effects and its dedupe marker commit together, a conflicting
 * writer makes it rebuild from fresh reads, a failing handler leaves nothing written, unknown types are acknowledged.
 * Webhook deliveries are paused so each test hands the event to the dispatcher itself.
 */
let stack: TestStack;
const PORTRAIT = 'svc_demo_portrait'; // $120.00 per booking

beforeAll(async () => {
  stack = await startTestStack('dispatcher');
  await emulatorPost('/_emulator/webhooks/pause');
});
afterAll(async () => {
  if (!stack) return;
  // The paused deliveries arrive now; each is a duplicate of what the tests processed.
  await emulatorPost('/_emulator/webhooks/resume');
  await stack.emulator.flushWebhooks();
  await stack.close();
});

const emulatorPost = (path: string) => fetch(`${stack.emulator.url}${path}`, { method: 'POST' });
const stored = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;
const marker = async (eventId: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.ProcessedEvent, Key: { id: eventId }, ConsistentRead: true }))).Item;

/** A booking paid by card whose payment_intent.succeeded has not been processed yet, and that event. */
async function paidBooking(slotIndex: number) {
  const slot = await firstFreeSlot(stack, PORTRAIT, slotIndex);
  const created = await stack.booking<BookingResponses['CREATE_BOOKING']>(
    'CREATE_BOOKING',
    { serviceId: PORTRAIT, ...slot, groupSize: 1 },
    stack.customerToken,
  );
  expect(created.status).toBe(200);
  const paid = await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242');
  expect(paid.body.status).toBe('succeeded');
  const piId = created.body.clientSecret.split('_secret_')[0]!;
  const events = await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 100 });
  const event = events.data.find((e) => (e.data.object as Stripe.PaymentIntent).id === piId);
  if (!event) throw new Error(`no payment_intent.succeeded for ${piId}`);
  return { bookingId: created.body.bookingId, event };
}

/** deps whose TransactWrite calls go through `intercept` (the n-th call, from 1) before or instead of DynamoDB. */
function intercepting(intercept: (n: number, send: () => Promise<unknown>) => Promise<unknown>): {
  deps: Deps;
  transactions: () => number;
} {
  let n = 0;
  const db = new Proxy(stack.deps.db, {
    get(target, prop, receiver) {
      if (prop !== 'send') return Reflect.get(target, prop, receiver);
      return (command: unknown) => {
        if (!(command instanceof TransactWriteCommand)) return target.send(command as never);
        n += 1;
        return intercept(n, () => target.send(command as never));
      };
    },
  });
  return { deps: { ...stack.deps, db }, transactions: () => n };
}

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('processStripeEvent', () => {
  it('a transaction conflict on the first commit: the effects are rebuilt and committed once, with the marker', async () => {
    const { bookingId, event } = await paidBooking(0);
    const { deps, transactions } = intercepting((n, send) => (n === 1 ? Promise.reject(cancelled('TransactionConflict', 'None')) : send()));
    expect(await processStripeEvent(deps, event)).toBe('processed');
    expect(transactions()).toBe(2);
    expect((await stored(bookingId)).status).toBe('CONFIRMED');
    expect(await marker(event.id)).toMatchObject({ eventType: 'payment_intent.succeeded' });
    const flow = bookingMoneyFlow(await repo.ledgerOfBooking(stack.deps, bookingId));
    expect(flow).toMatchObject({ chargedCents: 12_000, platformFeeCents: 960, balanced: true });
    // Redelivered: a duplicate, nothing written again.
    expect(await processStripeEvent(stack.deps, event)).toBe('duplicate');
    expect(await repo.ledgerOfBooking(stack.deps, bookingId)).toHaveLength(3);
  });

  it('another delivery commits between our read and our commit: ours is a duplicate, not retried', async () => {
    const { bookingId, event } = await paidBooking(1);
    const { deps, transactions } = intercepting(async (n, send) => {
      // The other delivery of the same event wins the race.
      if (n === 1) expect(await processStripeEvent(stack.deps, event)).toBe('processed');
      return send();
    });
    expect(await processStripeEvent(deps, event)).toBe('duplicate');
    expect(transactions()).toBe(1);
    expect((await stored(bookingId)).status).toBe('CONFIRMED');
    expect(await repo.ledgerOfBooking(stack.deps, bookingId)).toHaveLength(3);
  });

  it('a handler that fails writes nothing (no marker, no effects); the retried delivery processes it', async () => {
    const { bookingId, event } = await paidBooking(2);
    const failing: Deps = {
      ...stack.deps,
      stripe: new Proxy(stack.deps.stripe, {
        get(target, prop, receiver) {
          if (prop !== 'paymentIntents') return Reflect.get(target, prop, receiver);
          return { retrieve: () => Promise.reject(new Error('Stripe unreachable')) };
        },
      }),
    };
    await expect(processStripeEvent(failing, event)).rejects.toThrow('Stripe unreachable');
    expect(await marker(event.id)).toBeUndefined();
    expect((await stored(bookingId)).status).toBe('PENDING_PAYMENT');
    expect(await repo.ledgerOfBooking(stack.deps, bookingId)).toEqual([]);

    expect(await processStripeEvent(stack.deps, event)).toBe('processed');
    expect((await stored(bookingId)).status).toBe('CONFIRMED');
  });

  it('a conflict on every attempt: the error reaches the caller (Stripe retries later) and nothing is written', async () => {
    const { bookingId, event } = await paidBooking(3);
    const { deps, transactions } = intercepting(() => Promise.reject(cancelled('TransactionConflict', 'None')));
    await expect(processStripeEvent(deps, event)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(transactions()).toBe(4);
    expect(await marker(event.id)).toBeUndefined();
    expect((await stored(bookingId)).status).toBe('PENDING_PAYMENT');
    expect(await processStripeEvent(stack.deps, event)).toBe('processed');
  });

  it.each(['product.created', 'constructor', 'toString'])(
    'an event type without a handler (%s) is acknowledged once (marker only)',
    async (type) => {
      const event = {
        id: `evt_unknown_${type}_${Date.now()}`,
        object: 'event',
        type,
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'prod_x' } },
      } as unknown as Stripe.Event;
      expect(await processStripeEvent(stack.deps, event)).toBe('ignored');
      expect(await marker(event.id)).toMatchObject({ eventType: type });
      expect(await processStripeEvent(stack.deps, event)).toBe('duplicate');
    },
  );
});
