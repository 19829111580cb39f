/**
 * The admin's refunds of credit purchases (refund-processor, ADMIN only): the refunds page's list, with what a refund
 * would return computed by the same planCreditPurchaseRefund the refund reserves with, and the refund itself, which
 * removes the purchase's unspent credits and refunds that share of the card payment, audited with the admin's reason.
 * "The purchase's unspent credits" follow one rule (unspentCreditsBySource in lib/domain/credits.ts): credits are spent
 * oldest first, so credits a membership granted are never taken back nor paid out as cash by a purchase refund.
 * Purchases are found by index queries only: CreditPurchase.byCreatedMonth / byStatusListShard (paged), Customer.byEmail +
 * byUser.
 */
import type { Identity } from '../auth/identity';
import { formatCredits, planCreditPurchaseRefund, unspentCreditsBySource, type UnspentCredits } from '../domain/credits';
import { formatMoney } from '../domain/money';
import { purchaseTransitionItems, readPurchase } from '../data/credit-purchase-writes';
import { adminActionItem } from '../data/admin-actions';
import { creditChangeItems, creditHistoryOf, creditTxIds } from '../data/credit-writes';
import { readCustomer } from '../data/customer-writes';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import type { CreditPurchaseRecord, CreditPurchaseStatus } from '../data/records';
import { queryIndex } from '../data/repository';
import { commitWithRetry } from '../data/transact';
import type { AdminCreditPurchaseView, CreditPurchaseAdminRequest, CreditPurchaseAdminResponses } from '../http/refund-processor';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys } from '../stripe/idempotency';
import { adminListPage } from './admin-list-pages';
import { authorize } from './access';
import { creditBalance } from './credits';
import { customersByEmail } from './customers';
import type { Deps } from '../ports';

const PAID_PURCHASE_STATUSES: CreditPurchaseStatus[] = ['COMPLETED', 'REFUND_PENDING', 'REFUNDED'];
const byNewest = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);

/**
 * ADMIN_LIST_CREDIT_PURCHASES: paid purchases a page at a time (lib/services/admin-list-pages.ts: byCreatedMonth with the
 * paid statuses as a filter, or one status's byStatusListShard shards), or every purchase of the customers with this
 * email (one page, newest first).
 */
export async function adminListCreditPurchases(
  deps: Deps,
  q: CreditPurchaseAdminRequest<'ADMIN_LIST_CREDIT_PURCHASES'>,
): Promise<CreditPurchaseAdminResponses['ADMIN_LIST_CREDIT_PURCHASES']> {
  const email = q.email?.trim();
  let purchases: CreditPurchaseRecord[];
  let nextCursor: string | undefined;
  if (email) {
    const customers = await customersByEmail(deps, email);
    const sets = await Promise.all(
      customers.map((c) =>
        queryIndex<CreditPurchaseRecord>(deps, 'CreditPurchase', {
          index: 'byUser',
          key: 'userId',
          value: c.userId,
          newestFirst: true,
          limit: q.limit,
        }),
      ),
    );
    // One customer's purchases are few: the filters apply to what was found.
    const to = q.to ? `${q.to}T23:59:59.999Z` : undefined;
    const found = sets
      .flat()
      .filter(
        (p) =>
          (!q.status || p.status === q.status) &&
          (!q.currency || p.currency === q.currency) &&
          p.createdAt >= (q.from ?? '') &&
          (to === undefined || p.createdAt <= to),
      )
      .sort(byNewest);
    purchases = (q.order === 'oldest' ? found.reverse() : found).slice(0, q.limit);
  } else {
    const page = await adminListPage<CreditPurchaseRecord>(deps, { ...q, model: 'CreditPurchase', statuses: PAID_PURCHASE_STATUSES });
    purchases = page.items;
    nextCursor = page.nextCursor;
  }
  // One consistent read and one history per customer: the preview uses the balance and the credits' origins as they
  // are now, as the refund will.
  const customers = new Map(
    await Promise.all(
      [...new Set(purchases.map((p) => p.userId))].map(async (id) => {
        const [customer, history] = await Promise.all([readCustomer(deps, id), creditHistoryOf(deps, id)]);
        return [id, { customer, unspent: unspentCreditsBySource(history) }] as const;
      }),
    ),
  );
  return {
    purchases: purchases.map((p) => {
      const c = customers.get(p.userId);
      return creditPurchaseAdminView(p, c?.customer?.email ?? '', c?.customer?.creditBalance ?? 0, c?.unspent);
    }),
    ...(nextCursor ? { nextCursor } : {}),
  };
}

/**
 * REFUND_CREDIT_PURCHASE (ADMIN). 1) Reserve: in one transaction remove the purchase's unspent credits (at most
 * the balance: conditional ADD), record it, and mark the purchase REFUND_PENDING with the amount to refund.
 * 2) Refund that amount at Stripe (key per purchase). 3) Mark it REFUNDED with the ledger line. A crash between
 * steps leaves REFUND_PENDING, from which a retry continues with the stored amount and the same key.
 */
export async function refundCreditPurchase(
  deps: Deps,
  admin: Identity,
  input: CreditPurchaseAdminRequest<'REFUND_CREDIT_PURCHASE'>,
): Promise<CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE']> {
  let purchase = await readPurchase(deps, input.purchaseId);
  authorize(admin, 'userResource', purchase, 'refund', { noun: 'Credit purchase', details: { purchaseId: input.purchaseId } });
  if (purchase.status === 'OPEN' || purchase.status === 'EXPIRED') {
    throw new AppError('INVALID_TRANSITION', 'This purchase was never paid, so there is nothing to refund.', {
      purchaseId: purchase.id,
      status: purchase.status,
    });
  }
  if (purchase.status === 'COMPLETED') purchase = await reserveRefund(deps, purchase, admin.userId);
  // Audited once, in the transaction that finishes the refund (a repeat of a finished refund changes nothing).
  if (purchase.status === 'REFUND_PENDING') purchase = await executeRefund(deps, purchase, { adminId: admin.userId, reason: input.reason });
  return refundView(purchase);
}

/** The refund a purchase allows now: its credits the customer still has (see unspentCreditsBySource), pro rata. */
function refundPlan(p: CreditPurchaseRecord, balance: number, unspent: UnspentCredits | undefined) {
  return planCreditPurchaseRefund({
    purchasedCredits: p.credits,
    amountCents: p.amountCents,
    balance,
    ...(unspent ? { unspentOfPurchase: unspent.byPurchase[p.id] ?? 0, unspentMembership: unspent.membership } : {}),
  });
}

async function reserveRefund(deps: Deps, first: CreditPurchaseRecord, adminId: string): Promise<CreditPurchaseRecord> {
  let reserved: CreditPurchaseRecord = first;
  await commitWithRetry(deps, async () => {
    const purchase = (await readPurchase(deps, first.id)) as CreditPurchaseRecord;
    reserved = purchase;
    if (purchase.status !== 'COMPLETED') return [];
    if (!purchase.paymentIntentId) throw new Error(`credit purchase ${purchase.id} has no PaymentIntent`);
    const [balance, history] = await Promise.all([creditBalance(deps, purchase.userId), creditHistoryOf(deps, purchase.userId)]);
    const plan = refundPlan(purchase, balance, unspentCreditsBySource(history));
    if (plan.creditsRemoved === 0) {
      // A concurrent refund of this purchase may have committed between our two reads: its removal is what makes
      // the plan empty. Then the refund is that one's, not "already spent".
      const current = (await readPurchase(deps, first.id)) as CreditPurchaseRecord;
      if (current.status !== 'COMPLETED') {
        reserved = current;
        return [];
      }
      throw new AppError(
        'BAD_REQUEST',
        `All ${formatCredits(purchase.credits)} of this purchase were already spent, so nothing can be refunded.`,
        {
          purchaseId: purchase.id,
          spentCredits: purchase.credits,
        },
      );
    }
    const now = deps.clock.now();
    const change = { refundCreditsRemoved: plan.creditsRemoved, refundAmountCents: plan.refundCents };
    reserved = { ...purchase, ...change, status: 'REFUND_PENDING', updatedAt: now.toISOString() };
    return [
      ...purchaseTransitionItems(deps, purchase.id, {
        transition: 'RESERVE_REFUND',
        actor: 'ADMIN',
        actorId: adminId,
        from: purchase.status,
        change: { set: change },
        now,
        details: { creditsRemoved: plan.creditsRemoved, refundAmountCents: plan.refundCents },
      }),
      ...creditChangeItems(
        deps,
        {
          id: creditTxIds.purchaseRefund(purchase.id),
          actor: { role: 'ADMIN', id: adminId },
          userId: purchase.userId,
          type: 'PURCHASE_REFUND',
          credits: -plan.creditsRemoved,
          creditPurchaseId: purchase.id,
          description: `Refund of ${purchase.packageName}: ${formatCredits(plan.creditsRemoved)} removed`,
          // conditional on the balance read: a spend or grant meanwhile changes what is this purchase's, so plan again
          expectBalance: balance,
        },
        now,
      ),
    ];
  });
  return reserved;
}

async function executeRefund(
  deps: Deps,
  purchase: CreditPurchaseRecord,
  by: { adminId: string; reason: string },
): Promise<CreditPurchaseRecord> {
  const amount = purchase.refundAmountCents ?? 0;
  const refund = await callStripe(() =>
    deps.stripe.refunds.create(
      { payment_intent: purchase.paymentIntentId as string, amount, metadata: { creditPurchaseId: purchase.id, userId: purchase.userId } },
      { idempotencyKey: customerIdempotencyKeys.creditPurchaseRefund(purchase.id) },
    ),
  );
  let done: CreditPurchaseRecord = purchase;
  await commitWithRetry(deps, async () => {
    const current = (await readPurchase(deps, purchase.id)) as CreditPurchaseRecord;
    done = current;
    if (current.status !== 'REFUND_PENDING') return [];
    const now = deps.clock.now();
    const change = { refundId: refund.id, refundedAt: now.toISOString() };
    done = { ...current, ...change, status: 'REFUNDED', updatedAt: now.toISOString() };
    return [
      ...purchaseTransitionItems(deps, purchase.id, {
        transition: 'FINISH_REFUND',
        actor: 'ADMIN',
        actorId: by.adminId,
        from: current.status,
        change: { set: change },
        now,
        details: { refundId: refund.id, amountCents: amount },
      }),
      ...ledgerLineItems(
        deps,
        [
          {
            account: ledgerAccounts.creditPurchase(purchase.id),
            type: 'CREDIT_PURCHASE_REFUND',
            amountCents: amount,
            currency: purchase.currency,
            description: `Refund for ${formatCredits(current.refundCreditsRemoved ?? 0)} unspent`,
            stripeObjectId: refund.id,
          },
        ],
        now,
        { role: 'ADMIN', id: by.adminId },
      ),
      adminActionItem(
        deps,
        {
          adminId: by.adminId,
          action: 'REFUND_CREDIT_PURCHASE',
          aggregateType: 'CreditPurchase',
          aggregateId: purchase.id,
          reason: by.reason,
          details: {
            userId: purchase.userId,
            refundId: refund.id,
            refundAmountCents: amount,
            currency: purchase.currency,
            creditsRemoved: current.refundCreditsRemoved ?? 0,
            spentCredits: current.credits - (current.refundCreditsRemoved ?? 0),
          },
        },
        now,
      ),
    ];
  });
  return done;
}

/**
 * A purchase as the admin refunds page shows it: for a COMPLETED one, what a refund would do now (the same
 * planCreditPurchaseRefund the reserve step uses, with the customer's balance now); otherwise what was reserved or refunded.
 */
function creditPurchaseAdminView(
  p: CreditPurchaseRecord,
  customerEmail: string,
  balance: number,
  unspent?: UnspentCredits,
): AdminCreditPurchaseView {
  const money = (amountCents: number) => formatMoney({ amountCents, currency: p.currency });
  const base = {
    id: p.id,
    userId: p.userId,
    customerEmail,
    packageName: p.packageName,
    credits: p.credits,
    amountCents: p.amountCents,
    currency: p.currency,
    status: p.status,
    createdAt: p.createdAt,
  };
  if (p.status === 'OPEN' || p.status === 'EXPIRED' || p.credits <= 0) {
    const summary = p.status === 'OPEN' ? 'Not paid: the checkout is still open.' : 'Never paid: the checkout expired.';
    return { ...base, spentCredits: 0, unspentCredits: 0, refundCents: 0, refundable: false, summary };
  }
  if (p.status === 'REFUND_PENDING' || p.status === 'REFUNDED') {
    const removed = p.refundCreditsRemoved ?? 0;
    const spent = p.credits - removed;
    const refundCents = p.refundAmountCents ?? 0;
    const summary =
      p.status === 'REFUNDED'
        ? `Refunded ${money(refundCents)} for ${formatCredits(removed)}${spent > 0 ? `; ${formatCredits(spent)} had been spent and were not refunded` : ''}.`
        : `A refund of ${money(refundCents)} was started but not finished. Refund again to finish it.`;
    return {
      ...base,
      spentCredits: spent,
      unspentCredits: removed,
      refundCents,
      refundable: p.status === 'REFUND_PENDING',
      ...(p.refundedAt ? { refundedAt: p.refundedAt } : {}),
      summary,
    };
  }
  const plan = refundPlan(p, balance, unspent);
  const summary =
    plan.creditsRemoved === 0
      ? `All ${formatCredits(p.credits)} were spent, so nothing can be refunded.`
      : plan.full
        ? `A refund now returns the full ${money(plan.refundCents)} and removes ${formatCredits(plan.creditsRemoved)} from the customer's balance.`
        : `A refund now returns ${money(plan.refundCents)} for ${formatCredits(plan.creditsRemoved)} unspent; ${formatCredits(plan.spentCredits)} were already spent and are not refunded.`;
  return {
    ...base,
    spentCredits: plan.spentCredits,
    unspentCredits: plan.creditsRemoved,
    refundCents: plan.refundCents,
    refundable: plan.creditsRemoved > 0,
    summary,
  };
}

function refundView(p: CreditPurchaseRecord): CreditPurchaseAdminResponses['REFUND_CREDIT_PURCHASE'] {
  const removed = p.refundCreditsRemoved ?? 0;
  const spent = p.credits - removed;
  const amount = formatMoney({ amountCents: p.refundAmountCents ?? 0, currency: p.currency });
  const message =
    spent === 0
      ? `Refunded ${amount} in full; ${formatCredits(removed)} removed from the customer's balance.`
      : `Refunded ${amount} for ${formatCredits(removed)} unspent; ${formatCredits(spent)} were already spent and are not refunded.`;
  return {
    purchaseId: p.id,
    creditsRemoved: removed,
    spentCredits: spent,
    refundAmountCents: p.refundAmountCents ?? 0,
    currency: p.currency,
    full: spent === 0,
    refundId: p.refundId ?? '',
    message,
  };
}
