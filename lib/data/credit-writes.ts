/**
 * The DynamoDB writes every credit balance change is made of. A change is always a transaction of
 *   1. the CreditTransaction record, under a deterministic id, written only if absent (so it happens once), and
 *   2. a conditional `ADD creditBalance` on the user's Customer record (never read-modify-write),
 * plus whatever record the change belongs to (a purchase, a booking, a grant). Builders and reads only.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { UNPAID_STATUSES } from '../domain/booking-status';
import { formatCredits } from '../domain/credits';
import { bookingTransitionItems, bookingUpdateItem } from './booking-writer';
import { buildExpression, ONLY_NEW, type Condition, updateInput } from './expressions';
import { modelFields } from './items';
import { ledgerLineItems } from './ledger-writer';
import type { BookingRecord, CreditTransactionRecord } from './records';
import { queryIndex } from './repository';
import type { TxItem, TableDeps, DataDeps } from './transact';


/** Deterministic CreditTransaction ids: the same change can never be recorded (nor counted) twice. */
export const creditTxIds = {
  purchase: (purchaseId: string) => `purchase:${purchaseId}`,
  purchaseRefund: (purchaseId: string) => `purchase-refund:${purchaseId}`,
  membershipGrant: (invoiceId: string) => `grant:${invoiceId}`,
  spend: (bookingId: string) => `spend:${bookingId}`,
  spendReturn: (bookingId: string, reference: string) => `spend-return:${bookingId}:${reference}`,
} as const;

/**
 * `ADD creditBalance :delta` on the user's Customer record. A debit carries `atLeast` (the balance it needs), so
 * two concurrent spends can never take the balance below zero; `expectBalance` makes the write depend on the balance
 * read (a decision computed from it is retried when it moved). A credit creates the record's AppSync fields if the
 * record were missing.
 */
export function balanceChangeItem(deps: TableDeps, userId: string, delta: number, now: Date, atLeast?: number, expectBalance?: number): TxItem {
  const iso = now.toISOString();
  const conditions: Condition[] = [
    ...(atLeast !== undefined ? [{ attr: 'creditBalance', gte: atLeast }] : []),
    ...(expectBalance !== undefined ? [{ attr: 'creditBalance', eq: expectBalance }] : []),
  ];
  const change = { add: { creditBalance: delta }, set: { updatedAt: iso }, setIfAbsent: { userId, owner: userId, __typename: 'Customer', createdAt: iso } };
  return { Update: updateInput(deps.tables.Customer, { id: userId }, change, conditions) };
}

export function creditTxItem(
  deps: TableDeps,
  id: string,
  now: Date,
  fields: Omit<CreditTransactionRecord, keyof ReturnType<typeof modelFields> | 'owner'>,
): TxItem {
  return {
    Put: {
      TableName: deps.tables.CreditTransaction,
      Item: { ...modelFields('CreditTransaction', id, now), owner: fields.userId, ...fields } satisfies CreditTransactionRecord,
      ...buildExpression(undefined, [ONLY_NEW]),
    },
  };
}

/** One CreditTransaction by id (consistent): whether a change with a deterministic id was already made. */
export async function readCreditTx(deps: DataDeps, id: string): Promise<CreditTransactionRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.CreditTransaction, Key: { id }, ConsistentRead: true }));
  return out.Item as CreditTransactionRecord | undefined;
}

/** A user's whole credit history, oldest first (CreditTransaction.byUser). */
export async function creditHistoryOf(deps: DataDeps, userId: string): Promise<CreditTransactionRecord[]> {
  const items = await queryIndex<CreditTransactionRecord>(deps, 'CreditTransaction', { index: 'byUser', key: 'userId', value: userId });
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * The booking side of paying with credits: `creditsAppliedCents` set once, on an unpaid booking. Fully paid with
 * credits (`confirm`), the same write is the booking's CONFIRM_PAYMENT transition.
 */
export function bookingCreditsAppliedItems(deps: TableDeps, bookingId: string, credits: number, confirm: boolean, now: Date): TxItem[] {
  const expect: Condition[] = [{ attr: 'creditsAppliedCents', absent: true }];
  if (confirm) {
    return bookingTransitionItems(deps, bookingId, {
      transition: 'CONFIRM_PAYMENT',
      actor: 'SYSTEM',
      change: { set: { creditsAppliedCents: credits, confirmedAt: now.toISOString() }, remove: ['paymentFailureCode', 'paymentFailureMessage'] },
      expect,
      now,
    });
  }
  return [bookingUpdateItem(deps, bookingId, { whileStatusIn: UNPAID_STATUSES, change: { set: { creditsAppliedCents: credits } }, expect, now })];
}

/** The booking's creditsReturnedCents moved from the value read to `after`, never past what was applied. */
export function bookingCreditsReturnedItem(deps: TableDeps, booking: Pick<BookingRecord, 'id'>, applied: number, before: number, after: number, now: Date): TxItem {
  const unchanged: Condition = before === 0 ? { or: [{ attr: 'creditsReturnedCents', absent: true }, { attr: 'creditsReturnedCents', eq: 0 }] } : { attr: 'creditsReturnedCents', eq: before };
  return bookingUpdateItem(deps, booking.id, { change: { set: { creditsReturnedCents: after } }, expect: [{ attr: 'creditsAppliedCents', eq: applied }, unchanged], now });
}

/**
 * Credits of a booking given back to its customer, once per `reference`: the balance credit, the SPEND_RETURN record
 * and the CREDIT_RETURN ledger line. The booking's own `creditsReturnedCents` is NOT here: the caller moves it in its
 * own booking update of the same transaction (DynamoDB allows one write per item per transaction).
 */
export function creditReturnItems(
  deps: TableDeps,
  booking: Pick<BookingRecord, 'id' | 'customerId' | 'currency' | 'serviceTitle'>,
  credits: number,
  reference: string,
  now: Date,
  description = `Credits refunded for ${booking.serviceTitle}`,
  /**
   * Whether the credits funded the booking (it was confirmed: its CREDIT_SPEND line exists). Credits released from a
   * hold that never got paid go back to the balance without a CREDIT_RETURN line: the ledger never spent them.
   */
  funded = true,
): TxItem[] {
  if (credits <= 0) return [];
  return [
    balanceChangeItem(deps, booking.customerId, credits, now),
    creditTxItem(deps, creditTxIds.spendReturn(booking.id, reference), now, {
      userId: booking.customerId,
      type: 'SPEND_RETURN',
      credits,
      bookingId: booking.id,
      description,
    }),
    ...(funded
      ? [
          ...ledgerLineItems(
            deps,
            [{ account: booking.id, type: 'CREDIT_RETURN', reference, amountCents: credits, currency: booking.currency, description: `${formatCredits(credits)} returned to the customer` }],
            now,
          ),
        ]
      : []),
  ];
}
