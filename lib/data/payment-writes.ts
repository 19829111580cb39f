/**
 * The Payment records (one per PaymentIntent): reads and the one write. A record is replaced whole, conditional on
 * the version read (updatedAt), or created only when new, so two writers never interleave. Every write appends its
 * PaymentRecorded event on the paying customer (aggregate Customer, id = userId): a payment belongs to the customer's
 * payment history whatever it paid for (a booking, a package, an invoice), and the purpose and booking are in the
 * payload; the booking's own events tell its lifecycle (BookingConfirmed and its ledger lines).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, ONLY_NEW } from './expressions';
import { eventItem } from './outbox';
import type { PaymentRecord } from './records';
import { queryIndex } from './repository';
import type { TxItem, TableDeps, DataDeps } from './transact';

export async function getPayment(deps: DataDeps, id: string): Promise<PaymentRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.Payment, Key: { id }, ConsistentRead: true }));
  return out.Item as PaymentRecord | undefined;
}

/**
 * The record as transaction items: the Put that replaces the version read (`readUpdatedAt`), or creates it when
 * there was none, and its event. The record mirrors Stripe's PaymentIntent, so Stripe is the actor.
 */
export function paymentRecordItems(deps: TableDeps, record: PaymentRecord, readUpdatedAt: string | undefined): TxItem[] {
  const condition = readUpdatedAt === undefined ? ONLY_NEW : { attr: 'updatedAt', eq: readUpdatedAt };
  return [
    { Put: { TableName: deps.tables.Payment, Item: record, ...buildExpression(undefined, [condition]) } },
    eventItem(
      deps,
      {
        type: 'PaymentRecorded',
        aggregateType: 'Customer',
        aggregateId: record.userId,
        actor: { role: 'STRIPE' },
        payload: {
          paymentId: record.id,
          userId: record.userId,
          amountCents: record.amountCents,
          currency: record.currency,
          status: record.status,
          purpose: record.kind,
          ...(record.bookingId ? { bookingId: record.bookingId } : {}),
        },
      },
      new Date(record.updatedAt),
    ),
  ];
}

/** A user's payments, newest first. */
export function paymentsOfUser(deps: DataDeps, userId: string, limit = 100): Promise<PaymentRecord[]> {
  return queryIndex<PaymentRecord>(deps, 'Payment', { index: 'byUser', key: 'userId', value: userId, newestFirst: true, limit });
}
