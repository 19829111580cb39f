/**
 * The Booking writer against DynamoDB Local: a transition built from a stale read is refused by the database (the
 * condition derived from the machine), not by a read-then-check in the service; a transition the machine does not
 * allow is refused before anything is sent; of N concurrent transitions of one booking exactly one wins.
 */
import { eventsOfAggregate } from '../support/events';
import { GetCommand, PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../../lib/domain/booking-status';
import { TransitionRefused } from '../../../lib/domain/state-machine';
import { bookingTransitionItems, bookingUpdateItem, transitionBooking, updateBooking } from '../../../lib/data/booking-writer';
import { modelFields, transactionCancellationReasons } from '../../../lib/data/items';
import type { BookingRecord } from '../../../lib/data/records';
import type { TableNames } from '../../../lib/data/tables';
import { transactWrite } from '../../../lib/data/transact';
import type { DynamoClients } from '../../../lib/local/dynamodb';
import { createIsolatedTables, testDynamoClients } from '../../setup/dynamo';

let clients: DynamoClients;
let tables: TableNames;
/** Every command the writer sends, by name: what proves the refusal came from DynamoDB and not from a read. */
const sent: string[] = [];
let deps: { db: DynamoDBDocumentClient; tables: TableNames };

beforeAll(async () => {
  clients = testDynamoClients();
  tables = await createIsolatedTables(clients, 'bkwriter');
  const db = clients.doc;
  const counting = new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'send')
        return (command: { constructor: { name: string } }) => (sent.push(command.constructor.name), target.send(command as never));
      return Reflect.get(target, prop, receiver);
    },
  });
  deps = { db: counting, tables };
});
afterAll(() => clients?.doc.destroy());

let seq = 0;
async function putBooking(status: BookingStatus, extra: Partial<BookingRecord> = {}): Promise<BookingRecord> {
  const id = `bk_writer_${++seq}_${Date.now()}`;
  const now = new Date();
  const booking: BookingRecord = {
    ...modelFields('Booking', id, now),
    owner: 'user_c',
    serviceId: 'svc_x',
    serviceTitle: 'Portrait',
    serviceCategory: 'photography',
    providerId: 'user_p',
    customerId: 'user_c',
    customerEmail: 'c@example.com',
    startDateTime: now.toISOString(),
    endDateTime: new Date(now.getTime() + 3_600_000).toISOString(),
    groupSize: 1,
    status,
    totalAmountCents: 12_000,
    platformFeeCents: 960,
    providerEarningsCents: 11_040,
    currency: 'usd',
    qrCode: `qr_${id}`,
    slotHoldIds: [],
    holdExpiresAt: now.toISOString(),
    ...extra,
  };
  // Written straight into the table, in the status under test (no BookingRequested): marked for the events check,
  // which still checks every transition after it (__tests__/setup/events-check.ts).
  await clients.doc.send(
    new PutCommand({
      TableName: tables.Booking,
      Item: { ...booking, testFixture: 'the booking writer test starts in the status under test' },
    }),
  );
  return booking;
}

/** The writer refuses synchronously or by rejecting: either way the caller sees a rejection here. */
const attempt = <T>(write: () => Promise<T>): Promise<T> => Promise.resolve().then(write);

const stored = async (id: string) =>
  (await clients.doc.send(new GetCommand({ TableName: tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;

describe('a write racing a concurrent transition', () => {
  it('is refused by DynamoDB when built from the stale read (one transaction: the update and its event)', async () => {
    const read = await putBooking('CONFIRMED');
    // A concurrent writer completes the booking first.
    const completed = await transitionBooking(deps, read.id, {
      transition: 'COMPLETE',
      actor: 'SYSTEM',
      from: read.status,
      change: { set: { completedAt: '2026-01-01T00:00:00.000Z', completedBy: 'SYSTEM' } },
      now: new Date(),
    });
    expect(completed).toMatchObject({ status: 'COMPLETED', completedBy: 'SYSTEM' });

    // The customer's cancel, decided on the stale read (CONFIRMED): the machine allows it in memory...
    sent.length = 0;
    const cancelled = await transitionBooking(deps, read.id, {
      transition: 'CANCEL_PAID',
      actor: 'CUSTOMER',
      from: read.status,
      change: { set: { cancelledAt: new Date().toISOString(), cancelledBy: 'user_c' } },
      now: new Date(),
    });
    // ...and the database refuses it: one transaction sent, no read before it, and no event for the refused change.
    expect(cancelled).toBeUndefined();
    expect(sent).toEqual(['TransactWriteCommand']);
    expect((await eventsOfAggregate(deps, 'Booking', read.id)).map((e) => e.type)).toEqual(['BookingCompleted']);
    const after = await stored(read.id);
    expect(after).toMatchObject({ status: 'COMPLETED', completedAt: '2026-01-01T00:00:00.000Z' });
    expect(after.cancelledAt).toBeUndefined();

    // A second COMPLETE from the same stale read (a retried request) is refused the same way and changes nothing.
    const again = await transitionBooking(deps, read.id, {
      transition: 'COMPLETE',
      actor: 'PROVIDER',
      from: read.status,
      change: { set: { completedAt: new Date().toISOString(), completedBy: 'user_p' } },
      now: new Date(),
    });
    expect(again).toBeUndefined();
    expect(await stored(read.id)).toEqual(after);
  });

  it('cancels the whole transaction with ConditionalCheckFailed on the booking item', async () => {
    const read = await putBooking('CONFIRMED');
    await transitionBooking(deps, read.id, {
      transition: 'COMPLETE',
      actor: 'SYSTEM',
      from: 'CONFIRMED',
      change: { set: { completedBy: 'SYSTEM' } },
      now: new Date(),
    });
    const other = await putBooking('CONFIRMED');
    let error: unknown;
    try {
      await transactWrite(deps, [
        ...bookingTransitionItems(deps, read.id, {
          transition: 'CANCEL_PAID',
          actor: 'ADMIN',
          from: read.status,
          change: { set: { cancelledBy: 'admin' } },
          now: new Date(),
        }),
        // An item that would have succeeded on its own: all or nothing.
        bookingUpdateItem(deps, other.id, {
          whileStatusIn: ['CONFIRMED'],
          change: { set: { specialRequests: 'written only with the cancel' } },
        }),
      ]);
    } catch (err) {
      error = err;
    }
    expect(transactionCancellationReasons(error)).toEqual(['ConditionalCheckFailed', 'None', 'None']);
    expect((await stored(read.id)).status).toBe('COMPLETED');
    expect((await stored(other.id)).specialRequests).toBeUndefined();
  });

  it('without the status read, the condition is the machine’s starting statuses (still refused once completed)', async () => {
    const read = await putBooking('CONFIRMED');
    await transitionBooking(deps, read.id, {
      transition: 'COMPLETE',
      actor: 'SYSTEM',
      change: { set: { completedBy: 'SYSTEM' } },
      now: new Date(),
    });
    expect(await transitionBooking(deps, read.id, { transition: 'CANCEL_PAID', actor: 'PROVIDER', now: new Date() })).toBeUndefined();
    expect((await stored(read.id)).status).toBe('COMPLETED');
  });

  it('a transition guard is checked by the database: a late payment is refunded once', async () => {
    const read = await putBooking('EXPIRED');
    const first = await transitionBooking(deps, read.id, {
      transition: 'REFUND_LATE_PAYMENT',
      actor: 'STRIPE',
      from: 'EXPIRED',
      change: { set: { latePaymentRefundId: 're_first' } },
      now: new Date(),
    });
    expect(first).toMatchObject({ status: 'EXPIRED', latePaymentRefundId: 're_first' });
    const duplicate = await transitionBooking(deps, read.id, {
      transition: 'REFUND_LATE_PAYMENT',
      actor: 'SYSTEM',
      from: 'EXPIRED',
      change: { set: { latePaymentRefundId: 're_second' } },
      now: new Date(),
    });
    expect(duplicate).toBeUndefined();
    expect((await stored(read.id)).latePaymentRefundId).toBe('re_first');
  });

  it('an attribute write bound to a status is refused once the status moved', async () => {
    const read = await putBooking('PENDING_PAYMENT');
    await transitionBooking(deps, read.id, { transition: 'EXPIRE_HOLD', actor: 'SYSTEM', from: 'PENDING_PAYMENT', now: new Date() });
    const updated = await updateBooking(deps, read.id, {
      whileStatusIn: ['PENDING_PAYMENT', 'PAYMENT_FAILED'],
      change: { set: { paymentIntentId: 'pi_late' } },
    });
    expect(updated).toBeUndefined();
    expect((await stored(read.id)).paymentIntentId).toBeUndefined();
  });
});

describe('a transition the machine does not allow', () => {
  it.each([
    ['COMPLETE from PENDING_PAYMENT', { transition: 'COMPLETE', actor: 'PROVIDER', from: 'PENDING_PAYMENT' }],
    ['CANCEL_UNPAID from CONFIRMED', { transition: 'CANCEL_UNPAID', actor: 'CUSTOMER', from: 'CONFIRMED' }],
    ['EXPIRE_HOLD by a customer', { transition: 'EXPIRE_HOLD', actor: 'CUSTOMER', from: 'PENDING_PAYMENT' }],
    ['COMPLETE by a customer', { transition: 'COMPLETE', actor: 'CUSTOMER', from: 'CONFIRMED' }],
    ['WIN_DISPUTE without its target', { transition: 'WIN_DISPUTE', actor: 'STRIPE', from: 'DISPUTED' }],
  ] as const)('%s is refused before anything is sent', async (_, w) => {
    const read = await putBooking(w.from);
    sent.length = 0;
    await expect(attempt(() => transitionBooking(deps, read.id, { ...w, now: new Date() }))).rejects.toBeInstanceOf(TransitionRefused);
    expect(() => bookingTransitionItems(deps, read.id, { ...w, now: new Date() })).toThrow(TransitionRefused);
    expect(sent).toEqual([]);
    expect((await stored(read.id)).status).toBe(w.from);
  });

  it('a change that writes the status itself is refused before anything is sent', async () => {
    const read = await putBooking('CONFIRMED');
    sent.length = 0;
    await expect(
      attempt(() =>
        transitionBooking(deps, read.id, {
          transition: 'COMPLETE',
          actor: 'SYSTEM',
          change: { set: { status: 'PAID_OUT' } },
          now: new Date(),
        }),
      ),
    ).rejects.toThrow(/status/);
    await expect(attempt(() => updateBooking(deps, read.id, { change: { set: { status: 'CANCELLED' } } }))).rejects.toThrow(
      /named transition/,
    );
    expect(sent).toEqual([]);
    expect((await stored(read.id)).status).toBe('CONFIRMED');
  });
});

describe('N concurrent transitions of one booking', () => {
  it('exactly one wins, whichever it is; the others are refused by the database', async () => {
    const read = await putBooking('CONFIRMED');
    const contenders = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0
        ? ({ transition: 'COMPLETE', actor: 'PROVIDER', to: 'COMPLETED', by: `completer_${i}` } as const)
        : ({ transition: 'CANCEL_PAID', actor: 'CUSTOMER', to: 'CANCELLED', by: `canceller_${i}` } as const),
    );
    const results = await Promise.all(
      contenders.map((c) =>
        transitionBooking(deps, read.id, {
          transition: c.transition,
          actor: c.actor,
          from: 'CONFIRMED',
          change: { set: { decidedBy: c.by } },
          now: new Date(),
        }),
      ),
    );
    const winners = results.flatMap((r, i) => (r ? [{ record: r, contender: contenders[i]! }] : []));
    expect(winners).toHaveLength(1);
    const [winner] = winners;
    const after = await stored(read.id);
    expect(after.status).toBe(winner!.contender.to);
    expect((after as BookingRecord & { decidedBy?: string }).decidedBy).toBe(winner!.contender.by);
  });

  it('the same transition N times at once (duplicate deliveries) is applied once', async () => {
    const read = await putBooking('PENDING_PAYMENT');
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        transitionBooking(deps, read.id, {
          transition: 'CONFIRM_PAYMENT',
          actor: 'STRIPE',
          from: 'PENDING_PAYMENT',
          change: { set: { confirmedAt: `attempt-${i}` } },
          now: new Date(),
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.find(Boolean)!;
    expect(await stored(read.id)).toMatchObject({ status: 'CONFIRMED', confirmedAt: winner.confirmedAt });
  });
});
