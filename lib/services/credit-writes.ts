/**
 * The DynamoDB writes every credit balance change is made of. A change is always a transaction of
 *   1. the CreditTransaction record, under a deterministic id, written only if absent (so it happens once), and
 *   2. a conditional `ADD creditBalance` on the user's Customer record (never read-modify-write),
 * plus whatever record the change belongs to (a purchase, a booking, a grant). No I/O here: builders only.
 */
import { modelFields } from '../data/items';
import type { BookingRecord, CreditTransactionRecord, LedgerEntryType, TransactionRecord } from '../data/records';
import type { TxItem } from '../data/transact';
import { formatCredits } from '../domain/credits';
import type { Currency } from '../domain/money';
import type { Deps } from './deps';

type Tables = Pick<Deps, 'tables'>;

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
 * two concurrent spends can never take the balance below zero; a credit creates the record's AppSync fields if
 * the record were missing.
 */
export function balanceChangeItem(deps: Tables, userId: string, delta: number, now: Date, atLeast?: number): TxItem {
  const iso = now.toISOString();
  return {
    Update: {
      TableName: deps.tables.Customer,
      Key: { id: userId },
      UpdateExpression:
        'ADD creditBalance :delta SET updatedAt = :now, userId = if_not_exists(userId, :uid), #owner = if_not_exists(#owner, :uid), #tn = if_not_exists(#tn, :tn), createdAt = if_not_exists(createdAt, :now)',
      ...(atLeast !== undefined ? { ConditionExpression: 'creditBalance >= :atLeast' } : {}),
      ExpressionAttributeNames: { '#owner': 'owner', '#tn': '__typename' },
      ExpressionAttributeValues: {
        ':delta': delta,
        ':now': iso,
        ':uid': userId,
        ':tn': 'Customer',
        ...(atLeast !== undefined ? { ':atLeast': atLeast } : {}),
      },
    },
  };
}

export function creditTxItem(
  deps: Tables,
  id: string,
  now: Date,
  fields: Omit<CreditTransactionRecord, keyof ReturnType<typeof modelFields> | 'owner'>,
): TxItem {
  return {
    Put: {
      TableName: deps.tables.CreditTransaction,
      Item: { ...modelFields('CreditTransaction', id, now), owner: fields.userId, ...fields } satisfies CreditTransactionRecord,
      ConditionExpression: 'attribute_not_exists(id)',
    },
  };
}

/** One ledger line, under a deterministic id, written once. */
export function ledgerLineItem(
  deps: Tables,
  id: string,
  now: Date,
  line: { account: string; type: LedgerEntryType; amountCents: number; currency: Currency; description: string; stripeObjectId?: string },
): TxItem {
  return {
    Put: {
      TableName: deps.tables.Transaction,
      Item: {
        ...modelFields('Transaction', id, now),
        bookingId: line.account,
        type: line.type,
        amountCents: line.amountCents,
        currency: line.currency,
        description: line.description,
        ...(line.stripeObjectId ? { stripeObjectId: line.stripeObjectId } : {}),
      } satisfies TransactionRecord,
      ConditionExpression: 'attribute_not_exists(id)',
    },
  };
}

/** The ledger account of a credit purchase (Transaction.bookingId of its lines). */
export const creditPurchaseAccount = (purchaseId: string) => `credit-purchase:${purchaseId}`;

/** The CREDIT_RETURN ledger line's id of one return of a booking's credits (`reference`: e.g. `refund:<request id>`). */
export const creditReturnLineId = (bookingId: string, reference: string) => `${bookingId}#CREDIT_RETURN#${reference}`;

/**
 * Credits of a booking given back to its customer, once per `reference`: the balance credit, the SPEND_RETURN record
 * and the CREDIT_RETURN ledger line. The booking's own `creditsReturnedCents` is NOT here: the caller moves it in its
 * own booking update of the same transaction (DynamoDB allows one write per item per transaction).
 */
export function creditReturnItems(
  deps: Tables,
  booking: Pick<BookingRecord, 'id' | 'customerId' | 'currency' | 'serviceTitle'>,
  credits: number,
  reference: string,
  now: Date,
  description = `Credits refunded for ${booking.serviceTitle}`,
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
    ledgerLineItem(deps, creditReturnLineId(booking.id, reference), now, {
      account: booking.id,
      type: 'CREDIT_RETURN',
      amountCents: credits,
      currency: booking.currency,
      description: `${formatCredits(credits)} returned to the customer`,
    }),
  ];
}
