/**
 * Reconciliation, pure: our ledger compared with Stripe's own objects, and each credit balance with its credit ledger.
 * Every comparison is per Stripe object (its id): our lines that name it are summed and set against the amount Stripe
 * holds for it. What either side has and the other lacks, or where the amounts or currencies differ, is a mismatch
 * with a deterministic key (category, ledger account, object id), so a re-run names the same mismatch again.
 */
import type { LedgerEntryType } from './ledger';

export const MISMATCH_CATEGORIES = [
  'CHARGE',
  'REFUND',
  'APPLICATION_FEE_REFUND',
  'TRANSFER',
  'TRANSFER_REVERSAL',
  'PAYOUT',
  'DISPUTE',
  'CREDIT_BALANCE',
] as const;
export type MismatchCategory = (typeof MISMATCH_CATEGORIES)[number];

/** MISSING_IN_STRIPE: our books name an object Stripe does not have (for this booking or account), and vice versa. */
export type MismatchKind = 'MISSING_IN_STRIPE' | 'MISSING_IN_LEDGER' | 'AMOUNT_DIFFERS' | 'CURRENCY_DIFFERS';

/** An amount in integer minor units with its currency (credit balances: currency `credits`, unit one credit). */
export interface ReconciledAmount {
  amountMinor: number;
  currency: string;
}

export interface Mismatch {
  /** `<category>#<account>#<object id or ->`: the same discrepancy always has the same key. */
  key: string;
  category: MismatchCategory;
  kind: MismatchKind;
  /** The ledger account: a booking id, `provider:<userId>` (payouts) or `credits:<userId>`. */
  account: string;
  stripeObjectId?: string;
  /** The ledger lines that name the object (their ids). */
  ledgerLineIds: string[];
  /** What our books say (null: nothing). */
  ledger: ReconciledAmount | null;
  /** What Stripe says (credit balances: the stored balance); null: nothing. */
  actual: ReconciledAmount | null;
}

export interface ReconciledLine {
  id: string;
  type: LedgerEntryType;
  amountCents: number;
  currency: string;
  stripeObjectId?: string | undefined;
}

/** A Stripe object as far as money goes: the amount it moved (refund, transfer…) in minor units. */
export interface StripeAmount {
  id: string;
  amount: number;
  currency: string;
}

/** Stripe's objects of one booking: the charge(s) of its PaymentIntent and what hangs off them. */
export interface BookingStripeObjects {
  /** Captured charges: `amount` is the amount captured. */
  charges: readonly (StripeAmount & { paymentIntentId?: string | undefined })[];
  /** Refunds that moved or will move money (failed and canceled ones left out). */
  refunds: readonly StripeAmount[];
  applicationFeeRefunds: readonly StripeAmount[];
  /** The transfers of the booking's transfer group: `amount` gross, before reversals. */
  transfers: readonly StripeAmount[];
  transferReversals: readonly StripeAmount[];
  disputes: readonly (StripeAmount & { status: string })[];
}

export interface ProviderPayout extends StripeAmount {
  status: string;
}

/** One side of a comparison: the amount per object id, and the lines behind it. */
interface Side {
  amount: number;
  currency: string;
  lineIds: string[];
}

const mismatchKey = (category: MismatchCategory, account: string, objectId: string | undefined) =>
  `${category}#${account}#${objectId ?? '-'}`;

function compare(
  category: MismatchCategory,
  account: string,
  ours: ReadonlyMap<string, Side>,
  theirs: ReadonlyMap<string, Omit<Side, 'lineIds'>>,
): Mismatch[] {
  const out: Mismatch[] = [];
  for (const id of new Set([...ours.keys(), ...theirs.keys()])) {
    const o = ours.get(id);
    const t = theirs.get(id);
    const ledger = o ? { amountMinor: o.amount, currency: o.currency } : null;
    const actual = t ? { amountMinor: t.amount, currency: t.currency } : null;
    // A zero on one side and nothing on the other is no money moved either way.
    const oAmount = o?.amount ?? 0;
    const tAmount = t?.amount ?? 0;
    let kind: MismatchKind | undefined;
    if (o && t && o.currency !== t.currency) kind = 'CURRENCY_DIFFERS';
    else if (oAmount !== tAmount) kind = !t ? 'MISSING_IN_STRIPE' : !o ? 'MISSING_IN_LEDGER' : 'AMOUNT_DIFFERS';
    if (!kind) continue;
    const objectId = id === '' ? undefined : id;
    out.push({
      key: mismatchKey(category, account, objectId),
      category,
      kind,
      account,
      ...(objectId ? { stripeObjectId: objectId } : {}),
      ledgerLineIds: o?.lineIds ?? [],
      ledger,
      actual,
    });
  }
  return out;
}

/** Our lines of these types, summed per Stripe object (`sign` per type; lines without an object id under ''). */
function ledgerSide(
  lines: readonly ReconciledLine[],
  signs: Partial<Record<LedgerEntryType, 1 | -1>>,
  objectOf = (l: ReconciledLine) => l.stripeObjectId ?? '',
) {
  const side = new Map<string, Side>();
  for (const l of lines) {
    const sign = signs[l.type];
    if (!sign) continue;
    const id = objectOf(l);
    const s = side.get(id) ?? { amount: 0, currency: l.currency, lineIds: [] };
    s.amount += sign * l.amountCents;
    s.lineIds.push(l.id);
    side.set(id, s);
  }
  return side;
}

const stripeSide = (objects: readonly StripeAmount[], amountOf: (o: StripeAmount) => number = (o) => o.amount) =>
  new Map(objects.map((o) => [o.id, { amount: amountOf(o), currency: o.currency }]));

/** A fee refund object at Stripe (`fr_…`); our FEE_REFUND lines otherwise name the card refund or dispute they go with. */
const isFeeRefundObject = (l: ReconciledLine) => l.stripeObjectId?.startsWith('fr_') === true;

/** Funds a dispute holds: none once won (reinstated) or while only an inquiry (`warning_…`); else its amount. */
export function disputeWithdrawnCents(d: { amount: number; status: string }): number {
  return d.status === 'won' || d.status.startsWith('warning_') ? 0 : d.amount;
}

/** One booking's ledger lines against its Stripe objects. */
export function reconcileBooking(bookingId: string, lines: readonly ReconciledLine[], stripe: BookingStripeObjects): Mismatch[] {
  // A CHARGE line may name the PaymentIntent (written before the charge id was known): count it for that intent's charge.
  const chargeOfIntent = new Map(stripe.charges.flatMap((c) => (c.paymentIntentId ? [[c.paymentIntentId, c.id] as const] : [])));
  const chargeObject = (l: ReconciledLine) => {
    const id = l.stripeObjectId ?? '';
    return chargeOfIntent.get(id) ?? id;
  };
  const feeRefundLines = lines.filter(isFeeRefundObject);
  return [
    ...compare('CHARGE', bookingId, ledgerSide(lines, { CHARGE: 1 }, chargeObject), stripeSide(stripe.charges)),
    ...compare('REFUND', bookingId, ledgerSide(lines, { REFUND: 1 }), stripeSide(stripe.refunds)),
    ...compare(
      'APPLICATION_FEE_REFUND',
      bookingId,
      ledgerSide(feeRefundLines, { FEE_REFUND: 1 }),
      stripeSide(stripe.applicationFeeRefunds),
    ),
    ...compare('TRANSFER', bookingId, ledgerSide(lines, { TRANSFER: 1 }), stripeSide(stripe.transfers)),
    ...compare('TRANSFER_REVERSAL', bookingId, ledgerSide(lines, { TRANSFER_REVERSAL: 1 }), stripeSide(stripe.transferReversals)),
    ...compare(
      'DISPUTE',
      bookingId,
      ledgerSide(lines, { DISPUTE: 1 }),
      new Map(stripe.disputes.map((d) => [d.id, { amount: disputeWithdrawnCents(d), currency: d.currency }])),
    ),
  ];
}

/** Money that left with a payout: none once it failed or was canceled (the funds came back). */
export function payoutSettledCents(p: { amount: number; status: string }): number {
  return p.status === 'failed' || p.status === 'canceled' ? 0 : p.amount;
}

/** A provider's payout lines (account `provider:<userId>`) against the payouts of their connected account. */
export function reconcileProviderPayouts(
  account: string,
  lines: readonly ReconciledLine[],
  payouts: readonly ProviderPayout[],
): Mismatch[] {
  return compare(
    'PAYOUT',
    account,
    ledgerSide(lines, { PAYOUT: 1, PAYOUT_FAILED: -1 }),
    new Map(payouts.map((p) => [p.id, { amount: payoutSettledCents(p), currency: p.currency }])),
  );
}

export interface CreditLedgerEntry {
  id: string;
  credits: number;
}

/** A user's stored credit balance against the sum of their credit ledger. */
export function reconcileCreditBalance(userId: string, balance: number, entries: readonly CreditLedgerEntry[]): Mismatch[] {
  const sum = entries.reduce((s, e) => s + e.credits, 0);
  if (sum === balance) return [];
  const account = `credits:${userId}`;
  return [
    {
      key: mismatchKey('CREDIT_BALANCE', account, undefined),
      category: 'CREDIT_BALANCE',
      kind: 'AMOUNT_DIFFERS',
      account,
      ledgerLineIds: entries.map((e) => e.id),
      ledger: { amountMinor: sum, currency: 'credits' },
      actual: { amountMinor: balance, currency: 'credits' },
    },
  ];
}

/** The open mismatches of an earlier run that this run no longer finds, among the accounts it could check: resolved. */
export function resolvedMismatchKeys(
  open: readonly Pick<Mismatch, 'key' | 'account'>[],
  found: readonly Pick<Mismatch, 'key'>[],
  checkedAccounts: ReadonlySet<string>,
): string[] {
  const still = new Set(found.map((m) => m.key));
  return open.filter((m) => checkedAccounts.has(m.account) && !still.has(m.key)).map((m) => m.key);
}

/** The CloudWatch metrics a run emits (lib/services/reconciliation.ts) and the backend alarms on (amplify/reconciliation.ts). */
export const RECONCILIATION_METRICS = { namespace: 'Bookwell/Reconciliation', mismatches: 'Mismatches', unchecked: 'Unchecked' } as const;
