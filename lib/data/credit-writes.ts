/**
 * The DynamoDB writes every credit balance change is made of. A change is always a transaction of
 *   1. a conditional `ADD creditBalance` on the user's Customer record (never read-modify-write),
 *   2. the CreditTransaction record, under a deterministic id, written only if absent (so it happens once), and
 *   3. its CreditBalanceChanged event,
 * built together by `creditChangeItems` (the only way to move a balance), plus whatever record the change belongs to
 * (a purchase, a booking, a grant). Builders and reads only.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { UNPAID_STATUSES } from '../domain/booking-status';
import { formatCredits } from '../domain/credits';
import type { EventActor } from '../domain/events';
import { bookingTransitionItems, bookingUpdateItem } from './booking-writer';
import { type Condition, updateInput } from './expressions';
import { modelFields } from './items';
import { ledgerLineItems } from './ledger-writer';
import { newRecordItems } from './outbox';
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

/** One change of a user's balance: the CreditTransaction's fields (signed `credits`) and who caused it. */
type CreditChange = Omit<CreditTransactionRecord, keyof ReturnType<typeof modelFields> | 'owner'> & {
  /** The CreditTransaction id (creditTxIds): the change is made once. */
  id: string;
  actor: EventActor;
  /**
   * The balance read before deciding: the write then depends on it (a decision computed from it is retried when it
   * moved), and the event carries the balance after.
   */
  expectBalance?: number;
  /** A precondition on the user's Customer record and what the change also sets there (same item as the ADD). */
  customerGuard?: { set: Record<string, unknown>; expect: readonly Condition[] };
};

/**
 * A balance change as transaction items: the ADD, its CreditTransaction record and its CreditBalanceChanged event.
 * A debit needs the balance it takes (`creditBalance >= n`), so concurrent spends never take a balance below zero.
 */
export function creditChangeItems(deps: TableDeps, change: CreditChange, now: Date): TxItem[] {
  const { id, actor, expectBalance, customerGuard, ...fields } = change;
  if (!Number.isSafeInteger(fields.credits) || fields.credits === 0) throw new RangeError(`credit change ${id}: ${fields.credits} credits`);
  const record: CreditTransactionRecord = { ...modelFields('CreditTransaction', id, now), owner: fields.userId, ...fields };
  return [
    balanceChangeItem(deps, fields.userId, fields.credits, now, expectBalance, customerGuard),
    ...newRecordItems(
      deps,
      deps.tables.CreditTransaction,
      record,
      {
        type: 'CreditBalanceChanged',
        aggregateType: 'Customer',
        aggregateId: fields.userId,
        actor,
        payload: {
          creditTransactionId: id,
          userId: fields.userId,
          delta: fields.credits,
          reason: fields.type,
          ...(expectBalance !== undefined ? { balanceAfter: expectBalance + fields.credits } : {}),
        },
      },
      now,
    ),
  ];
}

/**
 * `ADD creditBalance :delta` on the user's Customer record. A credit creates the record's AppSync fields if the
 * record were missing.
 */
function balanceChangeItem(
  deps: TableDeps,
  userId: string,
  delta: number,
  now: Date,
  expectBalance: number | undefined,
  guard: CreditChange['customerGuard'],
): TxItem {
  const iso = now.toISOString();
  const conditions: Condition[] = [
    ...(delta < 0 ? [{ attr: 'creditBalance', gte: -delta }] : []),
    ...(expectBalance !== undefined ? [{ attr: 'creditBalance', eq: expectBalance }] : []),
    ...(guard?.expect ?? []),
  ];
  const change = {
    add: { creditBalance: delta },
    set: { ...guard?.set, updatedAt: iso },
    setIfAbsent: { userId, owner: userId, __typename: 'Customer', createdAt: iso },
  };
  return { Update: updateInput(deps.tables.Customer, { id: userId }, change, conditions) };
}

/**
 * Membership grants of one period serialised: the Customer record remembers the last period granted (`sub#periodEnd`)
 * and the credits it got in all; a grant for that period is written only if the total it read is still the total, so
 * two invoices of one period processed at once cannot both grant the plan's credits (the loser is built again).
 */
export function membershipPeriodGuard(
  periodKey: string,
  grantedBefore: number,
  credits: number,
): NonNullable<CreditChange['customerGuard']> {
  return {
    set: { membershipGrantPeriod: periodKey, membershipGrantPeriodCredits: grantedBefore + credits },
    expect: [
      {
        or: [
          { attr: 'membershipGrantPeriod', absent: true },
          { attr: 'membershipGrantPeriod', ne: periodKey },
          { attr: 'membershipGrantPeriodCredits', eq: grantedBefore },
        ],
      },
    ],
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
      change: {
        set: { creditsAppliedCents: credits, confirmedAt: now.toISOString() },
        remove: ['paymentFailureCode', 'paymentFailureMessage'],
      },
      expect,
      now,
    });
  }
  return [
    bookingUpdateItem(deps, bookingId, { whileStatusIn: UNPAID_STATUSES, change: { set: { creditsAppliedCents: credits } }, expect, now }),
  ];
}

/** The booking's creditsReturnedCents moved from the value read to `after`, never past what was applied. */
export function bookingCreditsReturnedItem(
  deps: TableDeps,
  booking: Pick<BookingRecord, 'id'>,
  applied: number,
  before: number,
  after: number,
  now: Date,
): TxItem {
  const unchanged: Condition =
    before === 0
      ? {
          or: [
            { attr: 'creditsReturnedCents', absent: true },
            { attr: 'creditsReturnedCents', eq: 0 },
          ],
        }
      : { attr: 'creditsReturnedCents', eq: before };
  return bookingUpdateItem(deps, booking.id, {
    change: { set: { creditsReturnedCents: after } },
    expect: [{ attr: 'creditsAppliedCents', eq: applied }, unchanged],
    now,
  });
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
  options: {
    description?: string;
    /**
     * Whether the credits funded the booking (it was confirmed: its CREDIT_SPEND line exists). Credits released from
     * a hold that never got paid go back to the balance without a CREDIT_RETURN line: the ledger never spent them.
     */
    funded?: boolean;
    /** Who gave them back (default: the system). */
    actor?: EventActor;
  } = {},
): TxItem[] {
  if (credits <= 0) return [];
  const { description = `Credits refunded for ${booking.serviceTitle}`, funded = true, actor = { role: 'SYSTEM' } } = options;
  return [
    ...creditChangeItems(
      deps,
      {
        id: creditTxIds.spendReturn(booking.id, reference),
        actor,
        userId: booking.customerId,
        type: 'SPEND_RETURN',
        credits,
        bookingId: booking.id,
        description,
      },
      now,
    ),
    ...(funded
      ? ledgerLineItems(
          deps,
          [
            {
              account: booking.id,
              type: 'CREDIT_RETURN',
              reference,
              amountCents: credits,
              currency: booking.currency,
              description: `${formatCredits(credits)} returned to the customer`,
            },
          ],
          now,
          actor,
        )
      : []),
  ];
}
