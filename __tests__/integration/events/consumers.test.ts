/**
 * The domain events' consumers on DynamoDB Local: events written by the production writers reach the tally through
 * the table's stream (lib/local/event-stream.ts → the domain-events handler), and each is applied exactly once —
 * when the consumer's writes fail mid-batch (faults injected at the DynamoDB client), when a batch is delivered
 * twice, when a record is malformed, and when events are replayed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasReceipt, receiptId } from '../../../lib/data/consumer-writes';
import { tallyOfDay } from '../../../lib/data/event-tally';
import { eventItem, eventsOfMonth, toDomainEvent } from '../../../lib/data/outbox';
import { eventsOfAggregate } from '../support/events';
import type { TableNames } from '../../../lib/data/tables';
import { transactWrite } from '../../../lib/data/transact';
import type { NewDomainEvent } from '../../../lib/domain/events';
import { createDomainEventsHandler, type DynamoDBStreamEvent } from '../../../lib/functions/domain-events';
import { startEventStream, startLocalEventStream, type EventStream } from '../../../lib/local/event-stream';
import { systemClock } from '../../../lib/ports';
import { consumeEvent, consumerNamed, type ConsumerDeps, type EventConsumer } from '../../../lib/services/event-consumers';
import { replayEvents } from '../../../lib/services/event-replay';
import { createIsolatedTables, dynamoEndpoint, testDynamoClients } from '../../setup/dynamo';
import { refundCall, tokens } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';

const tally = consumerNamed('tally')!;

/** Fresh tables and a consumer's dependencies over a client of our own (so faults can be injected into it). */
async function isolated(label: string) {
  const tables: TableNames = await createIsolatedTables(testDynamoClients(), label);
  const { doc } = testDynamoClients();
  const deps: ConsumerDeps = { db: doc, tables, clock: systemClock };
  return { tables, deps, doc };
}

/**
 * Makes the `nths` TransactWriteItems calls on this client fail: before it reaches DynamoDB, or after DynamoDB committed it
 * (the answer lost on the way back, as when a connection drops), which a consumer cannot tell apart.
 */
function failTransactWrites(deps: ConsumerDeps, nths: number[], when: 'before-commit' | 'after-commit') {
  const seen = { transactWrites: 0 };
  deps.db.middlewareStack.add(
    (next, context) => async (args) => {
      if (!/TransactWrite/.test(context.commandName ?? '')) return next(args);
      seen.transactWrites++;
      if (!nths.includes(seen.transactWrites)) return next(args);
      if (when === 'after-commit') await next(args);
      throw Object.assign(new Error('injected fault: connection reset'), { name: 'NetworkingError' });
    },
    { step: 'initialize', name: 'failTransactWrites' },
  );
  return seen;
}

/** Writes each event in its own transaction, through the outbox writer, at `at`. */
async function writeEvents(deps: ConsumerDeps, events: NewDomainEvent[], at: Date) {
  for (const event of events) await transactWrite(deps, [eventItem(deps, event, at)]);
}

const adminAction = (n: number): NewDomainEvent => ({
  type: 'AdminActionTaken',
  aggregateType: 'Booking',
  aggregateId: `bk_consumer_test_${n}`,
  actor: { role: 'ADMIN', id: 'usr_admin' },
  payload: { action: 'NOTE', reason: `note ${n}` },
});
const bookingConfirmed = (n: number): NewDomainEvent => ({
  type: 'BookingConfirmed',
  aggregateType: 'Booking',
  aggregateId: `bk_consumer_test_${n}`,
  actor: { role: 'STRIPE' },
  payload: { transition: 'CONFIRM_PAYMENT', from: 'PENDING_PAYMENT', to: 'CONFIRMED' },
});

const countsOf = (rows: { eventType: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.eventType, r.count]));

/** A stream reader over `deps` with short retry delays, collecting its log lines. */
function reader(deps: ConsumerDeps) {
  const lines: string[] = [];
  const stream = startLocalEventStream(deps, {
    endpoint: dynamoEndpoint(),
    idlePollMs: 200,
    retryDelayMs: 20,
    log: (line) => lines.push(line),
  });
  return { stream, lines };
}

const streams: EventStream[] = [];
afterAll(async () => {
  await Promise.all(streams.map((s) => s.stop()));
});

describe('through the app: the test stack reads the stream', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack('events');
  });
  afterAll(async () => stack?.close());

  it('a booking created and paid through the functions reaches the tally, each stored event counted once', async () => {
    const slot = await firstFreeSlot(stack, 'svc_demo_yoga');
    const created = await stack.booking<{ bookingId: string; clientSecret: string }>(
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_yoga', startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1 },
      stack.customerToken,
    );
    expect(created.status).toBe(200);
    const paid = await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242');
    expect(paid.body.status).toBe('succeeded');
    await stack.emulator.flushWebhooks();
    await stack.events.drained();

    const ofBooking = await eventsOfAggregate(stack.deps, 'Booking', created.body.bookingId);
    expect(ofBooking.map((e) => e.type)).toContain('BookingConfirmed');
    // everything the stack's tables hold (this file's events only), counted per day and type, is what the tally says
    const month = ofBooking[0]!.month;
    const stored = await eventsOfMonth(stack.deps, month);
    const expected = new Map<string, Record<string, number>>();
    for (const e of stored) {
      const day = expected.get(e.occurredAt.slice(0, 10)) ?? {};
      day[e.type] = (day[e.type] ?? 0) + 1;
      expected.set(e.occurredAt.slice(0, 10), day);
    }
    for (const [day, counts] of expected) expect(countsOf(await tallyOfDay(stack.deps, day)), day).toEqual(counts);
    for (const e of ofBooking) expect(await hasReceipt(stack.deps, 'tally', e.id)).toBe(true);
    expect(stack.events.deadLetters).toEqual([]);
  });

  it("the admin's view of a day (ADMIN_ACTIVITY) is the tally: counts per kind, most frequent first, admins only", async () => {
    await stack.events.drained();
    const day = (await eventsOfMonth(stack.deps, new Date().toISOString().slice(0, 7))).at(-1)!.occurredAt.slice(0, 10);
    const { admin, customer } = tokens(stack);
    const answer = await refundCall<{ day: string; total: number; counts: { eventType: string; count: number }[] }>(
      stack,
      'ADMIN_ACTIVITY',
      { day },
      admin,
    );
    expect(answer.status).toBe(200);
    const tallied = countsOf(await tallyOfDay(stack.deps, day));
    expect(Object.fromEntries(answer.body.counts.map((c) => [c.eventType, c.count]))).toEqual(tallied);
    expect(answer.body.counts.map((c) => c.count)).toEqual([...answer.body.counts.map((c) => c.count)].sort((a, b) => b - a));
    expect(answer.body.total).toBe(Object.values(tallied).reduce((a, b) => a + b, 0));
    expect(answer.body.counts.find((c) => c.eventType === 'BookingConfirmed')?.count).toBeGreaterThanOrEqual(1);
    // a day with nothing yet is an empty answer, not an error; a malformed day is a 400; only admins may look
    expect((await refundCall(stack, 'ADMIN_ACTIVITY', { day: '2001-01-01' }, admin)).body).toEqual({
      day: '2001-01-01',
      total: 0,
      counts: [],
    });
    expect((await refundCall(stack, 'ADMIN_ACTIVITY', { day: '1 Jan' }, admin)).status).toBe(400);
    expect((await refundCall(stack, 'ADMIN_ACTIVITY', {}, customer)).status).toBe(403);
  });
});

describe('exactly once under failures', () => {
  it('a write that fails mid-batch is retried from the failed record, and every event counts once', async () => {
    const { deps } = await isolated('ev-fail');
    const day = new Date('2026-03-02T10:00:00.000Z');
    await writeEvents(
      deps,
      [adminAction(1), bookingConfirmed(2), adminAction(3), bookingConfirmed(4), adminAction(5), adminAction(6)],
      day,
    );
    // the third event's transaction fails before it reaches DynamoDB
    const seen = failTransactWrites(deps, [3], 'before-commit');
    const { stream, lines } = reader(deps);
    streams.push(stream);
    await stream.drained();

    expect(countsOf(await tallyOfDay(deps, '2026-03-02'))).toEqual({ AdminActionTaken: 4, BookingConfirmed: 2 });
    expect(seen.transactWrites).toBe(7); // six commits and the failed attempt
    expect(lines.filter((l) => l.includes('batch failed'))).toEqual([expect.stringContaining('attempt 1 of 3')]);
    expect(stream.deadLetters).toEqual([]);
  });

  it('a commit whose answer is lost is delivered again and finds its receipt: the count is not doubled', async () => {
    const { deps } = await isolated('ev-lost');
    await writeEvents(deps, [adminAction(1), adminAction(2), adminAction(3)], new Date('2026-03-03T10:00:00.000Z'));
    const seen = failTransactWrites(deps, [2], 'after-commit');
    const { stream, lines } = reader(deps);
    streams.push(stream);
    await stream.drained();

    expect(countsOf(await tallyOfDay(deps, '2026-03-03'))).toEqual({ AdminActionTaken: 3 });
    expect(seen.transactWrites).toBe(3); // the redelivered event found its receipt and wrote nothing
    expect(lines.some((l) => l.includes('batch failed'))).toBe(true);
    expect(stream.deadLetters).toEqual([]);
  });

  it('a batch that keeps failing is dead-lettered after its attempts, and the shard moves on', async () => {
    const { deps } = await isolated('ev-dlq');
    await writeEvents(deps, [adminAction(1), adminAction(2)], new Date('2026-03-04T10:00:00.000Z'));
    failTransactWrites(deps, [2, 3, 4], 'before-commit'); // the second event, at each of its three deliveries
    const { stream } = reader(deps);
    streams.push(stream);
    await stream.drained();
    expect(stream.deadLetters).toHaveLength(1);
    expect(stream.deadLetters[0]!.records).toHaveLength(1);
    expect(countsOf(await tallyOfDay(deps, '2026-03-04'))).toEqual({ AdminActionTaken: 1 });

    // the shard went on: a later event is consumed
    await writeEvents(deps, [adminAction(3)], new Date('2026-03-04T11:00:00.000Z'));
    await stream.drained();
    expect(countsOf(await tallyOfDay(deps, '2026-03-04'))).toEqual({ AdminActionTaken: 2 });
  });

  it('a redelivered batch changes nothing: the handler called twice with the same Lambda event', async () => {
    const { deps } = await isolated('ev-redeliver');
    await writeEvents(deps, [adminAction(1), bookingConfirmed(2), adminAction(3)], new Date('2026-03-05T10:00:00.000Z'));
    const handler = createDomainEventsHandler({ deps: async () => deps });
    const batches: DynamoDBStreamEvent[] = [];
    const stream = startEventStream({
      endpoint: dynamoEndpoint(),
      tableName: deps.tables.DomainEvent,
      handler: async (event) => (batches.push(event), handler(event)), // the production handler, its input kept
      idlePollMs: 200,
      log: () => {},
    });
    streams.push(stream);
    await stream.drained();
    await stream.stop();
    expect(batches.flatMap((b) => b.Records)).toHaveLength(3);
    const once = countsOf(await tallyOfDay(deps, '2026-03-05'));
    expect(once).toEqual({ AdminActionTaken: 2, BookingConfirmed: 1 });

    for (const batch of batches) {
      expect(await handler(batch)).toEqual({ batchItemFailures: [] });
      expect(await handler(batch)).toEqual({ batchItemFailures: [] });
    }
    expect(countsOf(await tallyOfDay(deps, '2026-03-05'))).toEqual(once);
  });

  it('a malformed row in the event table is logged and skipped, and the events after it are consumed', async () => {
    const { deps } = await isolated('ev-malformed');
    // written around the outbox writer on purpose: a row no writer would produce
    await deps.db.send(
      new PutCommand({ TableName: deps.tables.DomainEvent, Item: { id: 'ev_garbage', type: 'NoSuchEvent', occurredAt: 'yesterday' } }),
    );
    await writeEvents(deps, [adminAction(1)], new Date('2026-03-06T10:00:00.000Z'));
    const { stream, lines } = reader(deps);
    streams.push(stream);
    await stream.drained();

    expect(countsOf(await tallyOfDay(deps, '2026-03-06'))).toEqual({ AdminActionTaken: 1 });
    expect(lines.filter((l) => l.includes('skipped malformed record'))).toHaveLength(1);
    expect(stream.deadLetters).toEqual([]);
    expect(await hasReceipt(deps, 'tally', 'ev_garbage')).toBe(false);
  });
});

describe('replay', () => {
  it('skips a stored row that is not an event, as the stream handler does, and replays the rest', async () => {
    const { deps } = await isolated('ev-replay-malformed');
    // a known type and a time, but no aggregate and no actor: in range for replay, yet no writer of ours made it
    const at = '2026-06-02T09:00:00.000Z';
    await deps.db.send(
      new PutCommand({
        TableName: deps.tables.DomainEvent,
        Item: { id: 'ev_half', type: 'AdminActionTaken', month: '2026-06', sequence: `${at}#0`, occurredAt: at, payload: {} },
      }),
    );
    await writeEvents(deps, [adminAction(1)], new Date('2026-06-02T10:00:00.000Z'));
    const lines: string[] = [];
    const summary = await replayEvents(deps, {
      from: new Date('2026-06-01T00:00:00.000Z'),
      to: new Date('2026-06-30T00:00:00.000Z'),
      consumers: [tally],
      progress: (l) => lines.push(l),
    });
    expect(summary.events).toBe(1);
    expect(summary.outcomes.tally).toEqual({ applied: 1, duplicate: 0, ignored: 0 });
    expect(countsOf(await tallyOfDay(deps, '2026-06-02'))).toEqual({ AdminActionTaken: 1 });
    expect(await hasReceipt(deps, 'tally', 'ev_half')).toBe(false);
    expect(lines.filter((l) => l.startsWith('skipped row ev_half'))).toHaveLength(1);
  });

  it('changes nothing for events the consumer handled, and applies the ones it never received', async () => {
    const { deps, tables } = await isolated('ev-replay');
    await writeEvents(deps, [adminAction(1), bookingConfirmed(2), adminAction(3)], new Date('2026-04-30T23:00:00.000Z'));
    const { stream } = reader(deps);
    streams.push(stream);
    await stream.drained();
    await stream.stop();
    // written while no consumer reads the stream (a dead-lettered batch, an outage), the next month
    await writeEvents(deps, [adminAction(4), adminAction(5)], new Date('2026-05-01T08:00:00.000Z'));

    const first = await replayEvents(deps, {
      from: new Date('2026-04-01T00:00:00.000Z'),
      to: new Date('2026-05-31T00:00:00.000Z'),
      consumers: [tally],
    });
    expect(first.events).toBe(5);
    expect(first.outcomes.tally).toEqual({ applied: 2, duplicate: 3, ignored: 0 });
    expect(countsOf(await tallyOfDay(deps, '2026-04-30'))).toEqual({ AdminActionTaken: 2, BookingConfirmed: 1 });
    expect(countsOf(await tallyOfDay(deps, '2026-05-01'))).toEqual({ AdminActionTaken: 2 });

    // again, through the script, against these tables of DynamoDB Local: all duplicates, nothing changes
    const suffix = tables.DomainEvent.slice('DomainEvent-'.length);
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      ['scripts/events-replay.ts', '--from', '2026-04-01', '--consumer', 'tally'],
      {
        env: { ...process.env, DYNAMODB_ENDPOINT: dynamoEndpoint(), TABLE_SUFFIX: suffix, DOMAIN_EVENT_TABLE_NAME: '' },
      },
    );
    expect(stdout).toContain('5 event(s); tally: 0 applied, 5 already applied, 0 ignored');
    expect(countsOf(await tallyOfDay(deps, '2026-05-01'))).toEqual({ AdminActionTaken: 2 });

    // a replay window leaves the events outside it alone
    const window = await replayEvents(deps, { from: new Date('2026-05-01T00:00:00.000Z'), to: new Date('2026-05-01T09:00:00.000Z') });
    expect(window.events).toBe(2);
  });
});

describe('effects outside DynamoDB', () => {
  it('run with the receipt id as idempotency key, again under the same key after a failed commit, never after the receipt', async () => {
    const { deps } = await isolated('ev-external');
    await writeEvents(deps, [adminAction(1)], new Date('2026-03-07T10:00:00.000Z'));
    const [row] = await eventsOfMonth(deps, '2026-03');
    const event = toDomainEvent(row!);
    const sent: string[] = [];
    // a consumer of this test's own (the production list is untouched): an effect elsewhere and no writes of its own
    const mailer: EventConsumer = {
      name: 'test-mailer',
      handlers: { AdminActionTaken: () => ({ items: [], external: async (key) => void sent.push(key) }) },
    };
    failTransactWrites(deps, [1], 'before-commit');

    await expect(consumeEvent(deps, mailer, event)).rejects.toThrow(/injected fault/);
    expect(await consumeEvent(deps, mailer, event)).toBe('applied');
    expect(await consumeEvent(deps, mailer, event)).toBe('duplicate');
    expect(sent).toEqual([receiptId('test-mailer', event.id), receiptId('test-mailer', event.id)]);
  });
});
