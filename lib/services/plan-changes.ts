/**
 * Changing a membership's plan. The preview asks Stripe (`invoices.createPreview`) what the change invoices now,
 * at a proration date the page sends back on confirming, so the charge is the one shown to the cent. Both directions
 * use `proration_behavior: 'always_invoice'`: an upgrade's prorations are charged at once (with
 * `payment_behavior: 'error_if_incomplete'`, so a declined card leaves the old plan in place); a downgrade's invoice is
 * negative, Stripe keeps the credit on the customer's balance and takes it off the next invoices. Credits follow the
 * once-per-period rule (lib/domain/membership-credits.ts); the paid invoice is synced like any other (credits, ledger).
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { membershipGrantCredits } from '../domain/membership-credits';
import type { Currency } from '../domain/money';
import { creditTxIds, readCreditTx } from '../data/credit-writes';
import type { MembershipPlanRecord, SubscriptionRecord } from '../data/records';
import { getItem } from '../data/repository';
import { commitWithRetry } from '../data/transact';
import { AppError } from '../http/errors';
import type { CustomerRequest, CustomerResponses, PlanChangePreview } from '../http/stripe-connect';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys } from '../stripe/idempotency';
import { creditBalance } from './credits';
import { grantedInPeriod, idOf, invoiceEffects, type Loose } from './membership-sync';
import { recordPayment } from './payments';
import { ownSubscription, viewOf } from './subscriptions';
import type { Deps } from '../ports';

/** A preview is good for this long: Stripe prorates by the second, an older one would no longer match. */
const PREVIEW_VALID_SECONDS = 3600;

interface Change {
  record: SubscriptionRecord;
  from: MembershipPlanRecord;
  to: MembershipPlanRecord;
  sub: Stripe.Subscription;
  itemId: string;
}

async function planChange(deps: Deps, caller: Identity, subscriptionId: string, planId: string): Promise<Change> {
  const record = await ownSubscription(deps, caller, subscriptionId);
  if (record.status !== 'active') {
    throw new AppError('INVALID_TRANSITION', 'Only an active membership can change plan (after a trial, or once paid up).', {
      subscriptionId,
      status: record.status,
    });
  }
  if (record.planId === planId) throw new AppError('CONFLICT', 'This is already your plan.', { subscriptionId, planId });
  const [from, to] = await Promise.all([
    getItem<MembershipPlanRecord>(deps, 'MembershipPlan', record.planId),
    getItem<MembershipPlanRecord>(deps, 'MembershipPlan', planId),
  ]);
  if (!to || to.listingStatus !== 'LISTED') throw new AppError('NOT_FOUND', 'Membership plan not found', { planId });
  if (!from || from.currency !== to.currency || from.interval !== to.interval) {
    throw new AppError('VALIDATION_FAILED', 'This plan is billed differently: cancel and subscribe to it instead.', { planId });
  }
  const sub = await callStripe(() => deps.stripe.subscriptions.retrieve(subscriptionId));
  const itemId = sub.items.data[0]?.id;
  if (!itemId) throw new AppError('CONFLICT', 'This membership has no plan to change.', { subscriptionId });
  return { record, from, to, sub, itemId };
}

const direction = (c: Change): 'upgrade' | 'downgrade' => (c.to.priceCents >= c.from.priceCents ? 'upgrade' : 'downgrade');

function linesOf(invoice: Stripe.Invoice): { description: string; amountCents: number }[] {
  return (invoice.lines?.data ?? []).map((l) => ({ description: l.description ?? '', amountCents: l.amount }));
}

/** What Stripe would invoice for the change now, or at `at` (the date a preview was made). */
function prorationPreview(deps: Deps, c: Change, at?: number): Promise<Stripe.Invoice> {
  return callStripe(() =>
    deps.stripe.invoices.createPreview({
      customer: idOf(c.sub.customer),
      subscription: c.sub.id,
      subscription_details: {
        items: [{ id: c.itemId, price: c.to.stripePriceId }],
        proration_behavior: 'always_invoice',
        ...(at ? { proration_date: at } : {}),
      },
    }),
  );
}

/** The proration date Stripe used (Stripe's clock, not ours): where each API version puts it, else the preview's time. */
function prorationDateOf(invoice: Stripe.Invoice): number {
  const inv = invoice as unknown as Loose;
  const details = (inv.parent as Loose | null | undefined)?.subscription_details as Loose | undefined;
  const at = details?.subscription_proration_date ?? inv.subscription_proration_date;
  return typeof at === 'number' ? at : invoice.created;
}

export async function previewPlanChange(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'PREVIEW_PLAN_CHANGE'>,
): Promise<CustomerResponses['PREVIEW_PLAN_CHANGE']> {
  const c = await planChange(deps, caller, input.subscriptionId, input.planId);
  const invoice = await prorationPreview(deps, c);
  const prorationDate = prorationDateOf(invoice);
  const ending = (invoice as unknown as Loose).ending_balance;
  const periodEnd = new Date(c.record.currentPeriodEnd).toISOString();
  const preview: PlanChangePreview = {
    subscriptionId: c.record.id,
    fromPlanId: c.from.id,
    toPlanId: c.to.id,
    toPlanName: c.to.name,
    kind: direction(c),
    prorationDate,
    lines: linesOf(invoice),
    totalCents: invoice.total,
    dueTodayCents: invoice.amount_due,
    creditLeftCents: typeof ending === 'number' && ending < 0 ? -ending : 0,
    nextChargeCents: c.to.priceCents,
    nextChargeAt: periodEnd,
    creditsNow:
      direction(c) === 'upgrade'
        ? membershipGrantCredits({
            reason: 'subscription_update',
            invoiceTotalCents: invoice.total,
            planCredits: c.to.monthlyCredits,
            grantedThisPeriod: await grantedInPeriod(deps, caller.userId, c.record.id, periodEnd),
          })
        : 0,
    monthlyCredits: c.to.monthlyCredits,
    currency: c.to.currency as Currency,
  };
  return { preview };
}

export async function changePlan(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'CHANGE_PLAN'>,
): Promise<CustomerResponses['CHANGE_PLAN']> {
  const c = await planChange(deps, caller, input.subscriptionId, input.planId);
  // Stripe's time (a preview at the asked date is made `created` then): the date must be a recent one, not a
  // forged or stale one crediting more unused time than is left.
  const now = (await prorationPreview(deps, c, input.prorationDate).catch(() => undefined))?.created;
  if (now === undefined || input.prorationDate > now + 60 || input.prorationDate < now - PREVIEW_VALID_SECONDS) {
    throw new AppError('VALIDATION_FAILED', 'This price preview is out of date. Please review the change again.', {
      prorationDate: input.prorationDate,
    });
  }
  const upgrade = direction(c) === 'upgrade';
  const updated = await callStripe(() =>
    deps.stripe.subscriptions.update(
      c.sub.id,
      {
        items: [{ id: c.itemId, price: c.to.stripePriceId }],
        proration_behavior: 'always_invoice',
        proration_date: input.prorationDate,
        payment_behavior: upgrade ? 'error_if_incomplete' : 'allow_incomplete',
        metadata: { planId: c.to.id },
      },
      { idempotencyKey: customerIdempotencyKeys.subscriptionPlanChange(c.sub.id, c.to.id, input.requestId) },
    ),
  );
  const invoiceId = idOf(updated.latest_invoice);
  const invoice = invoiceId ? await callStripe(() => deps.stripe.invoices.retrieve(invoiceId)) : undefined;
  if (invoiceId) await commitWithRetry(deps, () => invoiceEffects(deps, invoiceId));
  const piId = idOf((invoice as unknown as Loose | undefined)?.payment_intent);
  if (piId) await recordPayment(deps, piId).catch(() => undefined);
  const grant = invoiceId ? await readCreditTx(deps, creditTxIds.membershipGrant(invoiceId)) : undefined;
  return {
    membership: await viewOf(deps, c.sub.id),
    balance: await creditBalance(deps, caller.userId),
    paidCents: invoice?.amount_paid ?? 0,
    creditsGranted: grant?.credits ?? 0,
  };
}
