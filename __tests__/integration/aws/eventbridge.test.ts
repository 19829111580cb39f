/**
 * Stripe events through EventBridge, without AWS: the emulator's EventBridge delivery mode hands envelopes to the
 * stripe-webhook Lambda entry (createStripeEventsHandler), as the partner-bus rule would.
 * - the same event stream delivered by signed webhook (stack A) and by EventBridge (stack B) ends in the same state;
 * - one stack receiving every event by both paths processes each once (one dedupe on event.id);
 * - an EventBridge delivery that fails throws (EventBridge retries), leaves nothing half-written, and a retry succeeds;
 * - envelopes are validated; a Function URL request can never be mistaken for an EventBridge event.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeStripeEnvelope, InvalidEnvelopeError, isEventBridgeEvent } from '../../../lib/aws/eventbridge';
import type { BookingRecord, ProcessedEventRecord, TransactionRecord } from '../../../lib/data/records';
import { createStripeEventBridgeHandler, createStripeEventsHandler } from '../../../lib/functions/stripe-webhook';
import type { HttpResponse } from '../../../lib/http/errors';
import { localRuntime } from '../../../lib/local/runtime';
import { eventHandlers } from '../../../lib/services/webhooks';
import { confirmLikeStripeJs } from '../support/local-stack';
import { startEventStack, type EventStack } from './support/event-stack';

const HANDLED = new Set(Object.keys(eventHandlers));
const YOGA = 'svc_demo_yoga';
const PORTRAIT = 'svc_demo_portrait';

async function freeSlot(stack: EventStack, serviceId: string, skip: number) {
  const today = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const { status, body } = await stack.booking<{ slots: { startDateTime: string; endDateTime: string }[] }>('CHECK_AVAILABILITY', {
    serviceId,
    from: today,
    to,
  });
  const slot = body.slots[skip];
  if (status !== 200 || !slot) throw new Error(`no free slot: ${status} ${JSON.stringify(body)}`);
  return slot;
}

async function book(stack: EventStack, serviceId: string, skip: number, groupSize = 1) {
  const slot = await freeSlot(stack, serviceId, skip);
  const { status, body } = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId, startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize },
    stack.customerToken,
  );
  expect(status, JSON.stringify(body)).toBe(200);
  return body;
}

/** The same customer story on any stack: a paid booking, a decline then a retry that pays, a decline left alone. */
async function runStory(stack: EventStack) {
  const paid = await book(stack, YOGA, 0, 2);
  expect((await confirmLikeStripeJs(stack.emulator.url, paid.clientSecret, '4242424242424242')).body.status).toBe('succeeded');
  const retried = await book(stack, PORTRAIT, 0);
  expect((await confirmLikeStripeJs(stack.emulator.url, retried.clientSecret, '4000000000000002')).status).toBe(402);
  await stack.emulator.flushWebhooks();
  expect((await confirmLikeStripeJs(stack.emulator.url, retried.clientSecret, '4242424242424242')).body.status).toBe('succeeded');
  const declined = await book(stack, YOGA, 1);
  expect((await confirmLikeStripeJs(stack.emulator.url, declined.clientSecret, '4000000000009995')).status).toBe(402);
  await stack.emulator.flushWebhooks();
}

async function scan<T>(stack: EventStack, table: string): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.deps.db.send(new ScanCommand({ TableName: table, ConsistentRead: true, ExclusiveStartKey: start }));
    items.push(...((page.Items ?? []) as T[]));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Everything the events decided, without the ids two emulators necessarily draw differently. */
async function normalizedState(stack: EventStack) {
  const lines = await scan<TransactionRecord>(stack, stack.tables.Transaction);
  const bookings = (await scan<BookingRecord>(stack, stack.tables.Booking)).map((b) => ({
    serviceId: b.serviceId,
    startDateTime: b.startDateTime,
    groupSize: b.groupSize,
    status: b.status,
    totalAmountCents: b.totalAmountCents,
    platformFeeCents: b.platformFeeCents,
    providerEarningsCents: b.providerEarningsCents,
    charged: typeof b.chargeId === 'string',
    paymentFailureCode: b.paymentFailureCode ?? null,
    ledger: lines
      .filter((l) => l.bookingId === b.id)
      .map((l) => `${l.type}:${l.amountCents}:${l.currency}`)
      .sort(),
  }));
  bookings.sort((x, y) => `${x.serviceId}${x.startDateTime}`.localeCompare(`${y.serviceId}${y.startDateTime}`));
  const sinceSeed = await stack.eventsSinceSeed();
  const processed = new Map((await scan<ProcessedEventRecord>(stack, stack.tables.ProcessedEvent)).map((p) => [p.id, p.eventType]));
  return {
    bookings,
    // every platform event of the story was recorded exactly once, with its type
    storyEvents: sinceSeed.map((e) => e.type).sort(),
    unrecorded: sinceSeed.filter((e) => processed.get(e.id) !== e.type).map((e) => `${e.type} ${e.id}`),
  };
}

describe('the same Stripe event stream by webhook and by EventBridge', () => {
  let viaWebhook: EventStack;
  let viaEventBridge: EventStack;
  beforeAll(async () => {
    [viaWebhook, viaEventBridge] = await Promise.all([
      startEventStack('ebA', { webhook: true, eventBridge: false }),
      startEventStack('ebB', { webhook: false, eventBridge: true }),
    ]);
  });
  afterAll(async () => {
    await viaWebhook?.close();
    await viaEventBridge?.close();
  });

  it('ends in identical state', async () => {
    await runStory(viaWebhook);
    await runStory(viaEventBridge);
    const a = await normalizedState(viaWebhook);
    const b = await normalizedState(viaEventBridge);

    expect(a.bookings).toHaveLength(3);
    expect(a.bookings.filter((x) => x.status === 'CONFIRMED')).toHaveLength(2);
    expect(a.bookings.find((x) => x.paymentFailureCode)?.paymentFailureCode).toBeTruthy();
    expect(a.storyEvents).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'payment_intent.payment_failed']));
    expect(a.unrecorded).toEqual([]);
    expect(b.unrecorded).toEqual([]);
    expect(b).toEqual(a);

    // each path really was the only one in its stack (after the seed)
    const afterSeed = (s: EventStack) => s.deliveries.filter((d) => !s.seededEventIds.has(d.eventId));
    expect(afterSeed(viaWebhook).every((d) => d.path === 'webhook')).toBe(true);
    expect(afterSeed(viaEventBridge).every((d) => d.path === 'eventbridge')).toBe(true);
    expect(
      afterSeed(viaEventBridge)
        .filter((d) => d.outcome === 'processed')
        .map((d) => d.eventType),
    ).toEqual(expect.arrayContaining(['payment_intent.succeeded', 'payment_intent.payment_failed']));
  });
});

describe('both paths at once on one stack', () => {
  let stack: EventStack;
  beforeAll(async () => {
    stack = await startEventStack('ebBoth', { webhook: true, eventBridge: true });
  });
  afterAll(async () => stack?.close());

  it('processes every event once: the second delivery of each is a duplicate', async () => {
    await runStory(stack);
    const state = await normalizedState(stack);
    expect(state.unrecorded).toEqual([]);
    for (const b of state.bookings.filter((x) => x.status === 'CONFIRMED')) {
      expect(b.ledger.map((l) => l.split(':')[0])).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
    }
    const story = await stack.eventsSinceSeed();
    expect(story.length).toBeGreaterThan(5);
    for (const event of story) {
      const outcomes = stack.deliveries.filter((d) => d.eventId === event.id).map((d) => d.outcome);
      expect(outcomes.sort(), `${event.type} ${event.id}`).toEqual([HANDLED.has(event.type) ? 'processed' : 'ignored', 'duplicate'].sort());
    }
    const processed = await scan<ProcessedEventRecord>(stack, stack.tables.ProcessedEvent);
    expect(new Set(processed.map((p) => p.id)).size).toBe(processed.length);
  });
});

describe('a failing EventBridge delivery', () => {
  let stack: EventStack;
  let failuresLeft = 0;
  beforeAll(async () => {
    stack = await startEventStack('ebFail', {
      webhook: false,
      eventBridge: true,
      // The database is out for the next N deliveries: the handler must throw, not answer 500.
      eventBridgeRuntime: (runtime) => ({
        ...runtime,
        deps: async () => {
          if (failuresLeft > 0) {
            failuresLeft--;
            throw new Error('simulated DynamoDB outage');
          }
          return runtime.deps();
        },
      }),
    });
  });
  afterAll(async () => stack?.close());

  it('throws so EventBridge retries, writes nothing, and the retry confirms the booking once', async () => {
    const booking = await book(stack, YOGA, 0);
    failuresLeft = 2; // the first two attempts of each following event fail (the emulator retries up to 4 times)
    await confirmLikeStripeJs(stack.emulator.url, booking.clientSecret, '4242424242424242');
    await stack.emulator.flushWebhooks();
    const succeeded = stack.deliveries.filter((d) => d.eventType === 'payment_intent.succeeded');
    expect(succeeded.map((d) => d.outcome)).toContain('processed');
    const threw = stack.deliveries.filter((d) => d.outcome === 'threw');
    expect(threw).toHaveLength(2);
    expect(threw[0]!.error).toMatch(/simulated DynamoDB outage/);
    const state = await normalizedState(stack);
    const confirmed = state.bookings.find((b) => b.status === 'CONFIRMED');
    expect(confirmed?.ledger.map((l) => l.split(':')[0])).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
    expect(state.unrecorded).toEqual([]);
  });
});

describe('envelope decoding', () => {
  const event = {
    id: 'evt_1TestEnvelope',
    object: 'event',
    type: 'payment_intent.succeeded',
    created: 1_763_000_000,
    livemode: false,
    api_version: '2023-08-16',
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: 'pi_123', object: 'payment_intent' } },
  };
  const envelope = {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': 'payment_intent.succeeded',
    source: 'aws.partner/stripe.com/ed_test_61Abc',
    account: '123456789012',
    time: '2025-11-13T02:13:20Z',
    region: 'us-east-1',
    resources: [],
    detail: event,
  };

  it('accepts a Stripe partner event and returns the Stripe event', () => {
    expect(isEventBridgeEvent(envelope)).toBe(true);
    expect(decodeStripeEnvelope(envelope).detail).toEqual(event);
  });

  it.each([
    ['another source', { ...envelope, source: 'aws.partner/example.com/x' }],
    ['a detail-type that is not the event type', { ...envelope, 'detail-type': 'charge.refunded' }],
    ['a detail that is not a Stripe event', { ...envelope, detail: { ...event, id: 'not-an-event-id' } }],
    ['no detail object', { ...envelope, detail: { ...event, data: 'x' } }],
    ['a missing envelope field', { ...envelope, region: undefined }],
  ])('rejects %s', (_label, bad) => {
    expect(() => decodeStripeEnvelope(bad)).toThrow(InvalidEnvelopeError);
  });

  it('never takes a Function URL request for an EventBridge event, whatever its body says', async () => {
    const functionUrlEvent = {
      version: '2.0',
      headers: { 'content-type': 'application/json' },
      requestContext: { http: { method: 'POST' } },
      body: JSON.stringify(envelope),
      isBase64Encoded: false,
      'detail-type': 'payment_intent.succeeded', // even if someone could set top-level fields
      detail: event,
    };
    expect(isEventBridgeEvent(functionUrlEvent)).toBe(false);
    const runtime = localRuntime();
    const res = (await createStripeEventsHandler(runtime)(functionUrlEvent)) as HttpResponse;
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'INVALID_SIGNATURE' });
  });

  it('rejects (throws) an invalid envelope before touching any dependency', async () => {
    const runtime = { ...localRuntime(), deps: () => Promise.reject(new Error('deps must not be built')) };
    await expect(createStripeEventBridgeHandler(runtime)({ ...envelope, source: 'aws.events' })).rejects.toThrow(InvalidEnvelopeError);
    await expect(createStripeEventsHandler(runtime)({ ...envelope, detail: {} })).rejects.toThrow(InvalidEnvelopeError);
  });
});
