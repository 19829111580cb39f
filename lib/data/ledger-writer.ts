/**
 * The one ledger writer. Every money movement is a Transaction row whose id is derived from domain ids:
 *   <account>#<TYPE>            the one line of that type on the account (a booking's CHARGE, a payout's PAYOUT)
 *   <account>#<TYPE>#<reference> one of several (a refund's, a reversal's, a dispute's: the reference names it)
 * The Put is conditional on the id being new, so a retried write is a no-op inside `commitWithRetry`'s rebuild (the
 * builder sees the line) or a refused duplicate — never a second line.
 */
import type { EventActor } from '../domain/events';
import { aggregateOfLedgerAccount } from '../domain/events';
import type { LedgerEntryType } from '../domain/ledger';
import type { Currency } from '../domain/money';
import { modelFields } from './items';
import { newRecordItems } from './outbox';
import type { TransactionRecord } from './records';
import type { TableDeps, TxItem } from './transact';

/** A booking's ledger account is the booking id; other accounts are prefixed (`provider:…`, `credit-purchase:…`). */
export const ledgerAccounts = {
  booking: (bookingId: string) => bookingId,
  provider: (providerId: string) => `provider:${providerId}`,
  creditPurchase: (purchaseId: string) => `credit-purchase:${purchaseId}`,
  membership: (subscriptionId: string) => `membership:${subscriptionId}`,
};

export interface LedgerEntry {
  /** The ledger account (Transaction.bookingId): a booking id or one of ledgerAccounts. */
  account: string;
  type: LedgerEntryType;
  /** Distinguishes several lines of one type on one account; absent for the single line of its type. */
  reference?: string;
  amountCents: number;
  currency: Currency;
  description: string;
  stripeObjectId?: string;
  providerId?: string;
  /** The line's date when it is not the write's (a chargeback's lines: when it opened); its event keeps the write's. */
  datedAt?: Date;
}

export function ledgerLineId(account: string, type: LedgerEntryType, reference?: string): string {
  return reference ? `${account}#${type}#${reference}` : `${account}#${type}`;
}

export function ledgerRecord(entry: LedgerEntry, now: Date): TransactionRecord {
  if (!Number.isInteger(entry.amountCents)) throw new Error(`ledger amounts are integer minor units (${entry.type}: ${entry.amountCents})`);
  const fields = modelFields('Transaction', ledgerLineId(entry.account, entry.type, entry.reference), entry.datedAt ?? now);
  return {
    ...fields,
    bookingId: entry.account,
    type: entry.type,
    typeDay: `${entry.type}#${fields.createdAt.slice(0, 10)}`,
    amountCents: entry.amountCents,
    currency: entry.currency,
    description: entry.description,
    ...(entry.stripeObjectId ? { stripeObjectId: entry.stripeObjectId } : {}),
    ...(entry.providerId ? { providerId: entry.providerId } : {}),
  };
}

/** Ledger lines are written by the system on someone's behalf; the event names who, when the caller knows. */
const SYSTEM: EventActor = { role: 'SYSTEM' };

/** One ledger line as transaction items: the line (written once) and its LedgerLineWritten event. */
export function ledgerLineItems(deps: TableDeps, entries: readonly LedgerEntry[], now: Date, actor: EventActor = SYSTEM): TxItem[] {
  return entries.flatMap((entry) => {
    const record = ledgerRecord(entry, now);
    return [
      ...newRecordItems(
        deps,
        deps.tables.Transaction,
        record,
        {
          type: 'LedgerLineWritten',
          ...aggregateOfLedgerAccount(entry.account),
          actor,
          payload: {
            lineId: record.id,
            account: entry.account,
            entryType: entry.type,
            amountCents: entry.amountCents,
            currency: entry.currency,
            ...(entry.stripeObjectId ? { stripeObjectId: entry.stripeObjectId } : {}),
            ...(entry.providerId ? { providerId: entry.providerId } : {}),
            ...(entry.datedAt ? { datedAt: record.createdAt } : {}),
          },
        },
        now,
      ),
    ];
  });
}
