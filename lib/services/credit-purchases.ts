/**
 * Buying a credit package through a Stripe Checkout Session. `checkout.session.completed` (or the success page,
 * whichever comes first) settles the purchase from the session as Stripe has it; both converge on the same writes.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import type { CreditPurchaseActor } from '../domain/credit-purchase-status';
import type { EventActor } from '../domain/events';
import { formatCredits, parseCredits } from '../domain/credits';
import type { Currency } from '../domain/money';
import { newPurchaseItems, purchaseTransitionItems, readPurchase } from '../data/credit-purchase-writes';
import { creditChangeItems, creditTxIds } from '../data/credit-writes';
import { modelFields } from '../data/items';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import type { CreditPackageRecord, CreditPurchaseRecord } from '../data/records';
import { getItem } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import type { CustomerRequest, CustomerResponses } from '../http/stripe-connect';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys, promotionIdempotencyKeys } from '../stripe/idempotency';
import { authorize } from './access';
import { creditBalance } from './credits';
import { ensureStripeCustomer } from './customers';
import { creditPackagePromotion } from './checkout-promotions';
import { withStripeDiscount } from './promotions';
import type { Deps } from '../ports';

const CREDITS_SUCCESS_PATH = '/credits/success?session_id={CHECKOUT_SESSION_ID}';
const CREDITS_CANCEL_PATH = '/credits';

export async function buyCredits(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'BUY_CREDITS'>,
): Promise<CustomerResponses['BUY_CREDITS']> {
  const pkg = await getItem<CreditPackageRecord>(deps, 'CreditPackage', input.packageId);
  if (!pkg || pkg.listingStatus !== 'LISTED') throw new AppError('NOT_FOUND', 'Credit package not found', { packageId: input.packageId });
  const customer = await ensureStripeCustomer(deps, caller);
  const base = deps.config.appUrl.replace(/\/+$/, '');
  const metadata = {
    kind: 'CREDIT_PURCHASE',
    userId: caller.userId,
    packageId: pkg.id,
    packageName: pkg.name,
    credits: String(pkg.credits),
  };
  // A promotion code is redeemed (once per customer) before Stripe applies it to the session.
  const promo = await creditPackagePromotion(deps, caller, input, pkg);
  const session = await withStripeDiscount(deps, caller, promo?.redeemed, promo?.subject ?? '', () =>
    deps.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        customer,
        client_reference_id: caller.userId,
        line_items: [
          { quantity: 1, price_data: { currency: pkg.currency, unit_amount: pkg.priceCents, product_data: { name: pkg.name } } },
        ],
        success_url: `${base}${CREDITS_SUCCESS_PATH}`,
        cancel_url: `${base}${CREDITS_CANCEL_PATH}`,
        metadata,
        // The card is saved on the customer for later purchases only when the customer chose it.
        payment_intent_data: {
          description: `${pkg.name} (${formatCredits(pkg.credits)})`,
          metadata,
          ...(input.saveCard ? { setup_future_usage: 'off_session' as const } : {}),
        },
        ...promo?.params,
      },
      {
        idempotencyKey: promotionIdempotencyKeys.withCode(
          customerIdempotencyKeys.creditCheckout(caller.userId, pkg.id, input.requestId),
          promo?.redeemed.code,
        ),
      },
    ),
  );
  if (!session.url) throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider returned no checkout page.');
  // Recorded for the history; the webhook creates it from the session if this write is lost.
  await commitWithRetry(deps, async () =>
    (await readPurchase(deps, session.id))
      ? []
      : newPurchaseItems(deps, purchaseFromSession(session, 'OPEN', deps.clock.now()), { role: 'CUSTOMER', id: caller.userId }),
  );
  return { checkoutUrl: session.url, sessionId: session.id };
}

/** The purchase record as the session says, written at `now`. */
function purchaseFromSession(
  session: Stripe.Checkout.Session,
  status: CreditPurchaseRecord['status'],
  now: Date,
  existing?: CreditPurchaseRecord,
): CreditPurchaseRecord {
  const md = session.metadata ?? {};
  const pi = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id;
  const customer = typeof session.customer === 'string' ? session.customer : (session.customer?.id ?? '');
  return {
    ...modelFields('CreditPurchase', session.id, now),
    ...(existing ? { createdAt: existing.createdAt } : { createdAt: new Date(session.created * 1000).toISOString() }),
    owner: md.userId ?? '',
    userId: md.userId ?? '',
    packageId: md.packageId ?? '',
    packageName: md.packageName ?? 'Credit package',
    credits: parseCredits(md.credits),
    amountCents: session.amount_total ?? 0,
    currency: (session.currency ?? 'usd') as Currency,
    status,
    stripeCustomerId: customer,
    ...(pi ? { paymentIntentId: pi } : {}),
    ...(status === 'COMPLETED' ? { completedAt: now.toISOString() } : {}),
    ...(status === 'EXPIRED' ? { expiredAt: now.toISOString() } : {}),
  };
}

/** Who settles a purchase: the customer on the success page (the purchase's owner), else the webhook. */
function settlementActor(actor: CreditPurchaseActor, userId: string): EventActor {
  return actor === 'CUSTOMER' ? { role: actor, id: userId } : { role: actor };
}

/**
 * The purchase as the session settles it: a new record, or the named transition of the one read (its other fields
 * refreshed from the session; createdAt kept), at the record's time (the settling transaction's).
 */
function settlePurchaseItems(
  deps: Deps,
  existing: CreditPurchaseRecord | undefined,
  record: CreditPurchaseRecord,
  actor: CreditPurchaseActor,
): TxItem[] {
  if (!existing) return newPurchaseItems(deps, record, settlementActor(actor, record.userId));
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, status, updatedAt, createdAt, __typename, ...fields } = record;
  return purchaseTransitionItems(deps, id, {
    transition: status === 'COMPLETED' ? 'COMPLETE' : 'EXPIRE',
    actor,
    ...(actor === 'CUSTOMER' ? { actorId: record.userId } : {}),
    from: existing.status,
    change: { set: fields },
    now: new Date(updatedAt),
  });
}

/**
 * The writes a Checkout Session of a credit package causes, decided from the session as Stripe has it now:
 * completed and paid → the purchase COMPLETED + the credits + their record + the ledger line (once);
 * expired → the purchase EXPIRED. A purchase already settled → nothing.
 */
export async function checkoutSessionEffects(
  deps: Deps,
  session: Stripe.Checkout.Session,
  actor: CreditPurchaseActor = 'SYSTEM',
): Promise<TxItem[]> {
  const md = session.metadata ?? {};
  if (md.kind !== 'CREDIT_PURCHASE' || !md.userId) return [];
  const credits = parseCredits(md.credits);
  if (credits <= 0) return [];
  const existing = await readPurchase(deps, session.id);
  const now = deps.clock.now();
  if (session.status === 'complete' && session.payment_status === 'paid') {
    if (existing && existing.status !== 'OPEN' && existing.status !== 'EXPIRED') return [];
    const record = purchaseFromSession(session, 'COMPLETED', now, existing);
    const by = settlementActor(actor, md.userId);
    return [
      ...settlePurchaseItems(deps, existing, record, actor),
      ...creditChangeItems(
        deps,
        {
          id: creditTxIds.purchase(session.id),
          actor: by,
          userId: md.userId,
          type: 'PURCHASE',
          credits,
          creditPurchaseId: session.id,
          description: `Bought ${record.packageName} (${formatCredits(credits)})`,
        },
        now,
      ),
      ...ledgerLineItems(
        deps,
        [
          {
            account: ledgerAccounts.creditPurchase(session.id),
            type: 'CREDIT_PURCHASE',
            amountCents: record.amountCents,
            currency: record.currency,
            description: `${formatCredits(credits)} bought by card`,
            ...(record.paymentIntentId ? { stripeObjectId: record.paymentIntentId } : {}),
          },
        ],
        now,
        by,
      ),
    ];
  }
  if (session.status === 'expired') {
    if (existing && existing.status !== 'OPEN') return [];
    return settlePurchaseItems(deps, existing, purchaseFromSession(session, 'EXPIRED', now, existing), actor);
  }
  return [];
}

/** The success page: settles the caller's purchase from Stripe now (the webhook converges on the same state). */
export async function confirmCreditPurchase(
  deps: Deps,
  caller: Identity,
  input: CustomerRequest<'CONFIRM_CREDIT_PURCHASE'>,
): Promise<CustomerResponses['CONFIRM_CREDIT_PURCHASE']> {
  const notFound = () => new AppError('NOT_FOUND', 'Purchase not found', { sessionId: input.sessionId });
  let session: Stripe.Checkout.Session;
  try {
    session = await callStripe(() => deps.stripe.checkout.sessions.retrieve(input.sessionId));
  } catch (err) {
    if (err instanceof AppError && err.details?.stripeCode === 'resource_missing') throw notFound();
    throw err;
  }
  const md = session.metadata ?? {};
  const owner = md.kind === 'CREDIT_PURCHASE' && md.userId ? { userId: md.userId } : undefined;
  authorize(caller, 'userResource', owner, 'manage', { noun: 'Purchase', details: { sessionId: input.sessionId } });
  await commitWithRetry(deps, () => checkoutSessionEffects(deps, session, 'CUSTOMER'));
  const purchase = await readPurchase(deps, session.id);
  return {
    status: purchase?.status ?? 'OPEN',
    credits: parseCredits(md.credits),
    packageName: md.packageName ?? 'Credit package',
    balance: await creditBalance(deps, caller.userId),
  };
}
