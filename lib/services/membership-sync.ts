/**
 * A membership as Stripe has it, stored: the Subscription record re-fetched on every event and written under an
 * optimistic lock; each paid invoice's credits (once per period: lib/domain/membership-credits.ts) and its ledger line.
 */
import type Stripe from 'stripe';
import { formatCredits, parseCredits } from '../domain/credits';
import { membershipGrantCredits, type MembershipInvoiceReason } from '../domain/membership-credits';
import type { Currency } from '../domain/money';
import { creditChangeItems, creditTxIds, membershipPeriodGuard, readCreditTx } from '../data/credit-writes';
import { modelFields, nextVersion } from '../data/items';
import { ledgerAccounts, ledgerLineId, ledgerLineItems } from '../data/ledger-writer';
import type { CreditTransactionRecord, SubscriptionRecord, SubscriptionStatus, TransactionRecord } from '../data/records';
import { getItem, queryIndex } from '../data/repository';
import { readSubscription, subscriptionSyncItems } from '../data/subscription-writes';
import type { TxItem } from '../data/transact';
import { userIdOfStripeCustomer } from './customers';
import type { Deps } from '../ports';

// ---- API-version tolerant readers (the emulator answers 2023-08-16 shapes; the SDK types are newer) ----------

export type Loose = Record<string, unknown>;
export const idOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as Loose).id === 'string' ? ((v as Loose).id as string) : undefined;

function subscriptionPeriod(sub: Stripe.Subscription): { start: number; end: number } {
  const item = sub.items?.data?.[0] as unknown as Loose | undefined;
  const s = sub as unknown as Loose;
  const start = (item?.current_period_start ?? s.current_period_start) as number | undefined;
  const end = (item?.current_period_end ?? s.current_period_end) as number | undefined;
  return { start: start ?? sub.created, end: end ?? sub.created };
}

function invoiceSubscriptionId(invoice: Stripe.Invoice): string | undefined {
  const inv = invoice as unknown as Loose;
  const parent = inv.parent as Loose | null | undefined;
  const details = parent?.subscription_details as Loose | undefined;
  return idOf(inv.subscription) ?? idOf(details?.subscription);
}

/** The plan's monthly credits: price metadata (seeded), else the product's. */
function monthlyCreditsOfPrice(price: unknown): number {
  const p = price as Loose | undefined;
  const md = p?.metadata as Record<string, string> | undefined;
  const product = p?.product as Loose | undefined;
  return parseCredits(md?.monthlyCredits) || parseCredits((product?.metadata as Record<string, string> | undefined)?.monthlyCredits);
}

// ---- sync from Stripe ---------------------------------------------------------------------------------

/**
 * The write that stores the subscription as Stripe has it now. The record is read first, Stripe fetched after,
 * and the write is conditional on the record being unchanged: of two syncs racing, the one that read first fails
 * and must re-read and re-fetch, so the stored state is never older than one already stored.
 */
export async function subscriptionSyncEffects(deps: Deps, subscriptionId: string): Promise<TxItem[]> {
  const existing = await readSubscription(deps, subscriptionId);
  const fetchedAt = deps.clock.now();
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const customer = idOf(sub.customer) ?? '';
  const userId = sub.metadata?.userId ?? existing?.userId ?? (await userIdOfStripeCustomer(deps, customer));
  const planId = sub.metadata?.planId ?? existing?.planId;
  if (!userId || !planId) return []; // not a membership of ours
  const item = sub.items.data[0];
  const period = subscriptionPeriod(sub);
  const latestInvoiceId = idOf(sub.latest_invoice);
  const fields = {
    status: sub.status as SubscriptionStatus,
    currentPeriodStart: new Date(period.start * 1000).toISOString(),
    currentPeriodEnd: new Date(period.end * 1000).toISOString(),
    cancelAtPeriodEnd: sub.cancel_at_period_end,
  };
  const priceId = item?.price.id ?? existing?.stripePriceId ?? '';
  const trialEnd = sub.trial_end ? new Date(sub.trial_end * 1000).toISOString() : undefined;
  if (
    existing &&
    existing.status === fields.status &&
    existing.currentPeriodStart === fields.currentPeriodStart &&
    existing.currentPeriodEnd === fields.currentPeriodEnd &&
    existing.cancelAtPeriodEnd === fields.cancelAtPeriodEnd &&
    existing.latestInvoiceId === latestInvoiceId &&
    existing.planId === planId &&
    existing.stripePriceId === priceId &&
    existing.trialEnd === trialEnd
  ) {
    return [];
  }
  const record: SubscriptionRecord = {
    ...modelFields('Membership', sub.id, fetchedAt),
    ...(existing ? { createdAt: existing.createdAt } : { createdAt: new Date(sub.created * 1000).toISOString() }),
    owner: userId,
    userId,
    stripeCustomerId: customer,
    planId,
    stripePriceId: priceId,
    ...fields,
    ...(latestInvoiceId ? { latestInvoiceId } : {}),
    ...(trialEnd ? { trialEnd } : {}),
    monthlyCredits: monthlyCreditsOfPrice(item?.price) || (existing?.monthlyCredits ?? 0),
    stripeSyncedAt: Math.floor(fetchedAt.getTime() / 1000),
  };
  if (existing) record.updatedAt = nextVersion(fetchedAt, existing.updatedAt);
  return subscriptionSyncItems(deps, existing, record);
}

/** The period an invoice's credits are for: its (first) line's period end, else the invoice's. */
function invoicePeriodEnd(invoice: Stripe.Invoice, line: Loose | undefined): string {
  const period = line?.period as Loose | undefined;
  const end = typeof period?.end === 'number' ? period.end : invoice.period_end;
  return new Date(end * 1000).toISOString();
}

/** Credits already granted for this period of this membership (MEMBERSHIP_GRANT rows carry the period). */
export async function grantedInPeriod(deps: Deps, userId: string, subscriptionId: string, periodEnd: string): Promise<number> {
  const rows = await queryIndex<CreditTransactionRecord>(deps, 'CreditTransaction', { index: 'byUser', key: 'userId', value: userId });
  return rows
    .filter((r) => r.type === 'MEMBERSHIP_GRANT' && r.subscriptionId === subscriptionId && r.periodEnd === periodEnd)
    .reduce((sum, r) => sum + r.credits, 0);
}

/**
 * A paid membership invoice grants credits by the once-per-period rule (lib/domain/membership-credits.ts): the grant
 * record `grant:<invoice>` is written only if absent, in the same transaction as the balance's ADD.
 */
async function invoiceGrantEffects(deps: Deps, invoice: Stripe.Invoice, subscriptionId: string, userId: string): Promise<TxItem[]> {
  const grantId = creditTxIds.membershipGrant(invoice.id ?? '');
  if (await readCreditTx(deps, grantId)) return [];
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const reason = (invoice.billing_reason ?? 'other') as MembershipInvoiceReason;
  const lines = (invoice.lines?.data ?? []) as unknown as Loose[];
  // A plan change's invoice: the new price is the charged (last non-negative) line's.
  const line = reason === 'subscription_update' ? lines.filter((l) => (l.amount as number) >= 0).at(-1) : lines[0];
  const quantity = (typeof line?.quantity === 'number' ? line.quantity : sub.items.data[0]?.quantity) ?? 1;
  const perUnit = monthlyCreditsOfPrice(line?.price) || monthlyCreditsOfPrice(sub.items.data[0]?.price);
  const periodEnd = invoicePeriodEnd(invoice, lines[0]);
  const grantedThisPeriod = await grantedInPeriod(deps, userId, subscriptionId, periodEnd);
  const credits = membershipGrantCredits({
    reason: ['subscription_create', 'subscription_cycle', 'subscription_update'].includes(reason) ? reason : 'other',
    invoiceTotalCents: invoice.total,
    planCredits: perUnit * quantity,
    grantedThisPeriod,
  });
  if (credits <= 0) return [];
  const what = reason === 'subscription_update' ? 'Membership upgrade credits' : 'Membership credits';
  return creditChangeItems(
    deps,
    {
      id: grantId,
      actor: { role: 'STRIPE' },
      userId,
      type: 'MEMBERSHIP_GRANT',
      credits,
      invoiceId: invoice.id,
      subscriptionId,
      periodEnd,
      customerGuard: membershipPeriodGuard(`${subscriptionId}#${periodEnd}`, grantedThisPeriod, credits),
      description: `${what} for the period to ${periodEnd.slice(0, 10)} (${formatCredits(credits)})`,
    },
    deps.clock.now(),
  );
}

/** A paid membership invoice's card money, one ledger line per invoice on `membership:<subscription>`. */
async function invoiceLedgerEffects(deps: Deps, invoice: Stripe.Invoice, subscriptionId: string): Promise<TxItem[]> {
  if (invoice.amount_paid <= 0 || !invoice.id) return [];
  const account = ledgerAccounts.membership(subscriptionId);
  if (await getItem<TransactionRecord>(deps, 'Transaction', ledgerLineId(account, 'MEMBERSHIP_PAYMENT', invoice.id))) return [];
  const what = invoice.billing_reason === 'subscription_update' ? 'Membership plan change (prorated)' : 'Membership invoice';
  const entry = {
    account,
    type: 'MEMBERSHIP_PAYMENT' as const,
    reference: invoice.id,
    amountCents: invoice.amount_paid,
    currency: invoice.currency as Currency,
    description: `${what} paid by card`,
    stripeObjectId: invoice.id,
  };
  return ledgerLineItems(deps, [entry], deps.clock.now(), { role: 'STRIPE' });
}

/** A paid invoice of one of our memberships: its credits and its ledger line. Unpaid ones change nothing. */
async function paidInvoiceEffects(deps: Deps, invoice: Stripe.Invoice, subscriptionId: string): Promise<TxItem[]> {
  if (invoice.status !== 'paid' || !invoice.id) return [];
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const userId = sub.metadata?.userId ?? (await userIdOfStripeCustomer(deps, idOf(sub.customer)));
  if (!userId || !sub.metadata?.planId) return [];
  return [
    ...(await invoiceGrantEffects(deps, invoice, subscriptionId, userId)),
    ...(await invoiceLedgerEffects(deps, invoice, subscriptionId)),
  ];
}

/** Everything an invoice event changes: the subscription's state and, if paid, the grant. */
export async function invoiceEffects(deps: Deps, invoiceId: string): Promise<TxItem[]> {
  const invoice = await deps.stripe.invoices.retrieve(invoiceId);
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return [];
  return [...(await paidInvoiceEffects(deps, invoice, subscriptionId)), ...(await subscriptionSyncEffects(deps, subscriptionId))];
}
