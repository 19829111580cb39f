/**
 * A membership as Stripe has it, stored: the Subscription record re-fetched on every event and written under an
 * optimistic lock, and each paid invoice's grant of the plan's monthly credits (once per invoice).
 */
import type Stripe from 'stripe';
import { formatCredits, parseCredits } from '../domain/credits';
import { creditChangeItems, creditTxIds, readCreditTx } from '../data/credit-writes';
import { modelFields, nextVersion } from '../data/items';
import type { SubscriptionRecord, SubscriptionStatus } from '../data/records';
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
  if (
    existing &&
    existing.status === fields.status &&
    existing.currentPeriodStart === fields.currentPeriodStart &&
    existing.currentPeriodEnd === fields.currentPeriodEnd &&
    existing.cancelAtPeriodEnd === fields.cancelAtPeriodEnd &&
    existing.latestInvoiceId === latestInvoiceId
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
    stripePriceId: item?.price.id ?? existing?.stripePriceId ?? '',
    ...fields,
    ...(latestInvoiceId ? { latestInvoiceId } : {}),
    monthlyCredits: monthlyCreditsOfPrice(item?.price) || (existing?.monthlyCredits ?? 0),
    stripeSyncedAt: Math.floor(fetchedAt.getTime() / 1000),
  };
  if (existing) record.updatedAt = nextVersion(fetchedAt, existing.updatedAt);
  return subscriptionSyncItems(deps, existing, record);
}

/**
 * A paid membership invoice grants the plan's monthly credits, once per invoice: the grant record `grant:<invoice>`
 * is written only if absent, in the same transaction as the balance's ADD. Unpaid, zero or non-membership
 * invoices grant nothing.
 */
async function invoiceGrantEffects(deps: Deps, invoice: Stripe.Invoice): Promise<TxItem[]> {
  if (invoice.status !== 'paid' || !invoice.id || invoice.amount_paid <= 0) return [];
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return [];
  const grantId = creditTxIds.membershipGrant(invoice.id);
  if (await readCreditTx(deps, grantId)) return [];
  const sub = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const userId = sub.metadata?.userId ?? (await userIdOfStripeCustomer(deps, idOf(sub.customer)));
  if (!userId || !sub.metadata?.planId) return [];
  const line = invoice.lines?.data?.[0] as unknown as Loose | undefined;
  const quantity = (typeof line?.quantity === 'number' ? line.quantity : sub.items.data[0]?.quantity) ?? 1;
  const perUnit = monthlyCreditsOfPrice(line?.price) || monthlyCreditsOfPrice(sub.items.data[0]?.price);
  const credits = perUnit * quantity;
  if (credits <= 0) return [];
  const now = deps.clock.now();
  const period = invoice.period_start ? new Date(invoice.period_start * 1000).toISOString().slice(0, 10) : '';
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
      description: `Membership credits${period ? ` for the period from ${period}` : ''} (${formatCredits(credits)})`,
    },
    now,
  );
}

/** Everything an invoice event changes: the subscription's state and, if paid, the grant. */
export async function invoiceEffects(deps: Deps, invoiceId: string): Promise<TxItem[]> {
  const invoice = await deps.stripe.invoices.retrieve(invoiceId);
  const subscriptionId = invoiceSubscriptionId(invoice);
  if (!subscriptionId) return [];
  return [...(await invoiceGrantEffects(deps, invoice)), ...(await subscriptionSyncEffects(deps, subscriptionId))];
}
