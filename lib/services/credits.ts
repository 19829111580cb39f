/**
 * Credits (lib/domain/credits.ts defines them: 1 credit pays 1 cent of a booking's currency).
 * - Packages are bought through a Stripe Checkout Session; `checkout.session.completed` (or the success page,
 *   whichever comes first) adds the credits in ONE DynamoDB transaction with the purchase's status, the
 *   CreditTransaction record (deterministic id, written only if absent) and the ledger line; every later
 *   attempt finds the purchase COMPLETED and writes nothing.
 * - Bookings are paid partly or fully with credits (booking-processor): the debit is a conditional ADD
 *   (`creditBalance >= n`) in a transaction with the spend record and the booking's `creditsAppliedCents`.
 * - Credits of a refunded booking come back (returnBookingCredits); an admin refund of a purchase
 *   (credit-purchase-refunds.ts) removes the unspent credits first and then refunds that share of the card payment.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import type { CreditPurchaseActor } from '../domain/credit-purchase-status';
import type { EventActor } from '../domain/events';
import { planCreditPayment, creditBookingLedgerLines, formatCredits, parseCredits, type CreditPaymentPlan, type CreditPlanError } from '../domain/credits';
import { formatMoney, type Currency } from '../domain/money';
import { newPurchaseItems, purchaseTransitionItems, readPurchase } from '../data/credit-purchase-writes';
import { bookingCreditsAppliedItems, bookingCreditsReturnedItem, creditChangeItems, creditReturnItems, creditTxIds, readCreditTx } from '../data/credit-writes';
import { modelFields, transactionCancellationReasons } from '../data/items';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import type { BookingRecord, CreditPackageRecord, CreditPurchaseRecord, CreditTransactionRecord } from '../data/records';
import { getItem, queryIndex, repo } from '../data/repository';
import { commitWithRetry, transactWrite, type TxItem } from '../data/transact';
import type { BookingResponses, BookingRequest } from '../http/booking-processor';
import type { CreditPackageView, CustomerRequest, CustomerResponses } from '../http/stripe-connect';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { customerIdempotencyKeys } from '../stripe/idempotency';
import { authorize } from './access';
import { applyPaymentIntent, cancelBookingIntent, payableBooking } from './booking-payment';
import { ensureStripeCustomer, readCustomer } from './customers';
import type { Deps } from '../ports';
import { recordPayment } from './payments';

export { readPurchase };

export const CREDITS_SUCCESS_PATH = '/credits/success?session_id={CHECKOUT_SESSION_ID}';
export const CREDITS_CANCEL_PATH = '/credits';

export async function creditBalance(deps: Deps, userId: string): Promise<number> {
  return (await readCustomer(deps, userId))?.creditBalance ?? 0;
}

// ---- packages, balance, history --------------------------------------------------------------------

function toPackageView(p: CreditPackageRecord): CreditPackageView {
  return { id: p.id, name: p.name, description: p.description, credits: p.credits, priceCents: p.priceCents, currency: p.currency };
}

export async function listCreditPackages(deps: Deps): Promise<CustomerResponses['LIST_CREDIT_PACKAGES']> {
  const packages = await queryIndex<CreditPackageRecord>(deps, 'CreditPackage', { index: 'byListingStatus', key: 'listingStatus', value: 'LISTED' });
  return { packages: packages.sort((a, b) => a.sortOrder - b.sortOrder).map(toPackageView) };
}

export async function getCredits(deps: Deps, caller: Identity): Promise<CustomerResponses['GET_CREDITS']> {
  const [balance, transactions] = await Promise.all([
    creditBalance(deps, caller.userId),
    queryIndex<CreditTransactionRecord>(deps, 'CreditTransaction', { index: 'byUser', key: 'userId', value: caller.userId, newestFirst: true, limit: 100 }),
  ]);
  return {
    balance,
    transactions: transactions.map((t) => ({
      id: t.id,
      type: t.type,
      credits: t.credits,
      description: t.description,
      ...(t.bookingId ? { bookingId: t.bookingId } : {}),
      createdAt: t.createdAt,
    })),
  };
}

// ---- buying a package (Checkout) -------------------------------------------------------------------

export async function buyCredits(deps: Deps, caller: Identity, input: CustomerRequest<'BUY_CREDITS'>): Promise<CustomerResponses['BUY_CREDITS']> {
  const pkg = await getItem<CreditPackageRecord>(deps, 'CreditPackage', input.packageId);
  if (!pkg || pkg.listingStatus !== 'LISTED') throw new AppError('NOT_FOUND', 'Credit package not found', { packageId: input.packageId });
  const customer = await ensureStripeCustomer(deps, caller);
  const base = deps.config.appUrl.replace(/\/+$/, '');
  const metadata = { kind: 'CREDIT_PURCHASE', userId: caller.userId, packageId: pkg.id, packageName: pkg.name, credits: String(pkg.credits) };
  const session = await callStripe(() =>
    deps.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        customer,
        client_reference_id: caller.userId,
        line_items: [{ quantity: 1, price_data: { currency: pkg.currency, unit_amount: pkg.priceCents, product_data: { name: pkg.name } } }],
        success_url: `${base}${CREDITS_SUCCESS_PATH}`,
        cancel_url: `${base}${CREDITS_CANCEL_PATH}`,
        metadata,
        // The card is saved on the customer for later purchases only when the customer chose it.
        payment_intent_data: { description: `${pkg.name} (${formatCredits(pkg.credits)})`, metadata, ...(input.saveCard ? { setup_future_usage: 'off_session' as const } : {}) },
      },
      { idempotencyKey: customerIdempotencyKeys.creditCheckout(caller.userId, pkg.id, input.requestId) },
    ),
  );
  if (!session.url) throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider returned no checkout page.');
  // Recorded for the history; the webhook creates it from the session if this write is lost.
  await commitWithRetry(deps, async () =>
    (await readPurchase(deps, session.id)) ? [] : newPurchaseItems(deps, purchaseFromSession(session, 'OPEN', deps.clock.now()), { role: 'CUSTOMER', id: caller.userId }),
  );
  return { checkoutUrl: session.url, sessionId: session.id };
}

/** The purchase record as the session says, written at `now`. */
function purchaseFromSession(session: Stripe.Checkout.Session, status: CreditPurchaseRecord['status'], now: Date, existing?: CreditPurchaseRecord): CreditPurchaseRecord {
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
function settlePurchaseItems(deps: Deps, existing: CreditPurchaseRecord | undefined, record: CreditPurchaseRecord, actor: CreditPurchaseActor): TxItem[] {
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
export async function checkoutSessionEffects(deps: Deps, session: Stripe.Checkout.Session, actor: CreditPurchaseActor = 'SYSTEM'): Promise<TxItem[]> {
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
      ...ledgerLineItems(deps, [{
          account: ledgerAccounts.creditPurchase(session.id),
          type: 'CREDIT_PURCHASE',
          amountCents: record.amountCents,
          currency: record.currency,
          description: `${formatCredits(credits)} bought by card`,
          ...(record.paymentIntentId ? { stripeObjectId: record.paymentIntentId } : {}),
        }], now, by),
    ];
  }
  if (session.status === 'expired') {
    if (existing && existing.status !== 'OPEN') return [];
    return settlePurchaseItems(deps, existing, purchaseFromSession(session, 'EXPIRED', now, existing), actor);
  }
  return [];
}

/** The success page: settles the caller's purchase from Stripe now (the webhook converges on the same state). */
export async function confirmCreditPurchase(deps: Deps, caller: Identity, input: CustomerRequest<'CONFIRM_CREDIT_PURCHASE'>): Promise<CustomerResponses['CONFIRM_CREDIT_PURCHASE']> {
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

// ---- paying bookings with credits --------------------------------------------------------------------

function planError(error: CreditPlanError): AppError {
  if (error.kind === 'INSUFFICIENT_CREDITS') {
    const numbers = { balance: error.balance, needed: error.needed, shortfall: error.shortfall };
    return new AppError(
      'INSUFFICIENT_CREDITS',
      `You have ${formatCredits(error.balance)}; this needs ${formatCredits(error.needed)}.`,
      numbers,
      numbers,
    );
  }
  if (error.kind === 'REMAINDER_TOO_SMALL') {
    return new AppError(
      'VALIDATION_FAILED',
      `Use all your credits for this booking, or at most ${formatCredits(error.maxCreditsForCard)} so the card pays at least the minimum.`,
      { remainderCents: error.remainderCents, minimumCents: error.minimumCents, maxCredits: error.maxCreditsForCard },
    );
  }
  return new AppError('VALIDATION_FAILED', `This booking costs ${formatCredits(error.totalCents)} at most.`, { totalCents: error.totalCents, requested: error.requested });
}

/**
 * The debit of `plan.creditsApplied` for a booking, in one transaction: the balance (conditional ADD), the spend
 * record, and the booking's creditsAppliedCents (only on an unpaid booking without credits yet). Fully paid with
 * credits, the same transaction confirms the booking and writes its ledger (CREDIT_SPEND, PLATFORM_FEE,
 * PROVIDER_EARNING: the provider gets the same 92%).
 */
function bookingDebitItems(deps: Deps, booking: BookingRecord, plan: CreditPaymentPlan, now: Date): TxItem[] {
  const n = plan.creditsApplied;
  const confirm = plan.cardAmountCents === 0;
  // The customer spends them (CREATE_BOOKING, APPLY_BOOKING_CREDITS act for the booking's own customer only).
  const items: TxItem[] = [
    ...creditChangeItems(
      deps,
      {
        id: creditTxIds.spend(booking.id),
        actor: { role: 'CUSTOMER', id: booking.customerId },
        userId: booking.customerId,
        type: 'SPEND',
        credits: -n,
        bookingId: booking.id,
        description: `${booking.serviceTitle}: ${formatCredits(n)} of ${formatMoney({ amountCents: booking.totalAmountCents, currency: booking.currency })}`,
      },
      now,
    ),
    ...bookingCreditsAppliedItems(deps, booking.id, n, confirm, now),
  ];
  if (confirm) {
    const lines = creditBookingLedgerLines(
      { totalAmountCents: booking.totalAmountCents, platformFeeCents: booking.platformFeeCents, providerEarningsCents: booking.providerEarningsCents, currency: booking.currency },
      n,
    );
    for (const line of lines) {
      items.push(...ledgerLineItems(deps, [{ account: ledgerAccounts.booking(booking.id), type: line.type, amountCents: line.amountCents, currency: line.currency, description: line.description }], now));
    }
  }
  return items;
}

async function debitForBooking(deps: Deps, booking: BookingRecord, plan: CreditPaymentPlan): Promise<void> {
  const items = bookingDebitItems(deps, booking, plan, deps.clock.now());
  try {
    await transactWrite(deps, items);
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    // The balance's ADD comes first (creditChangeItems); the booking's write is the first item on the Booking table.
    if (reasons?.[0] === 'ConditionalCheckFailed') {
      const balance = await creditBalance(deps, booking.customerId);
      throw planError({ kind: 'INSUFFICIENT_CREDITS', balance, needed: plan.creditsApplied, shortfall: Math.max(0, plan.creditsApplied - balance) });
    }
    const bookingAt = items.findIndex((item) => item.Update?.TableName === deps.tables.Booking);
    if (reasons?.[bookingAt] === 'ConditionalCheckFailed') {
      throw new AppError('INVALID_TRANSITION', 'This booking has changed in the meantime. Please refresh the page.', { bookingId: booking.id });
    }
    throw err;
  }
}

async function planFor(deps: Deps, booking: BookingRecord, requested: number | 'max'): Promise<CreditPaymentPlan> {
  const balance = await creditBalance(deps, booking.customerId);
  const planned = planCreditPayment({ totalCents: booking.totalAmountCents, currency: booking.currency, balance, requested });
  if (!planned.ok) throw planError(planned.error);
  return planned.plan;
}

/**
 * CREATE_BOOKING with credits: called right after the slot is held, before any PaymentIntent exists. Debits the
 * credits (or throws INSUFFICIENT_CREDITS); returns what the card still has to pay (0: the booking is confirmed).
 */
export async function applyCreditsToNewBooking(deps: Deps, booking: BookingRecord, requested: number | 'max'): Promise<CreditPaymentPlan> {
  const plan = await planFor(deps, booking, requested);
  if (plan.creditsApplied > 0) await debitForBooking(deps, booking, plan);
  return plan;
}

/**
 * APPLY_BOOKING_CREDITS: credits for one of the caller's unpaid bookings that already has its PaymentIntent.
 * Order (each step safe to retry): debit first, then lower the PaymentIntent to the rest (idempotency key per
 * booking and credit count); fully paid, its PaymentIntent is canceled first and the debit confirms the booking.
 * A card payment of the full amount racing with this is confirmed as a card payment and the credits go back
 * (booking-payment.ts).
 */
export async function applyBookingCredits(
  deps: Deps,
  caller: Identity,
  input: BookingRequest<'APPLY_BOOKING_CREDITS'>,
): Promise<Omit<BookingResponses['APPLY_BOOKING_CREDITS'], 'booking'> & { bookingId: string }> {
  const booking = await payableBooking(deps, caller, input.bookingId);
  const piId = booking.paymentIntentId;
  let plan: CreditPaymentPlan;
  if (booking.creditsAppliedCents !== undefined) {
    // A retry after the debit: finish the PaymentIntent step with the credits already applied.
    plan = { creditsApplied: booking.creditsAppliedCents, cardAmountCents: booking.totalAmountCents - booking.creditsAppliedCents };
  } else {
    plan = await planFor(deps, booking, input.credits);
    if (plan.creditsApplied === 0) throw planError({ kind: 'INSUFFICIENT_CREDITS', balance: 0, needed: booking.totalAmountCents, shortfall: booking.totalAmountCents });
    if (plan.cardAmountCents === 0) await cancelCardPayment(deps, booking.id, piId);
    await debitForBooking(deps, booking, plan);
  }
  if (plan.cardAmountCents > 0) {
    const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(piId));
    if (pi.status === 'succeeded' || pi.status === 'processing') {
      // Paid in full meanwhile: reconcile now (confirms as a card payment and gives the credits back).
      await applyPaymentIntent(deps, pi).catch(() => undefined);
    } else if (pi.amount !== plan.cardAmountCents) {
      await callStripe(() =>
        deps.stripe.paymentIntents.update(
          piId,
          { amount: plan.cardAmountCents, metadata: { creditsAppliedCents: String(plan.creditsApplied) } },
          { idempotencyKey: customerIdempotencyKeys.bookingPaymentIntentAfterCredits(booking.id, plan.creditsApplied) },
        ),
      );
    }
    await recordPayment(deps, piId).catch(() => undefined);
  } else {
    await recordPayment(deps, piId).catch(() => undefined);
  }
  return { bookingId: booking.id, creditsApplied: plan.creditsApplied, cardAmountCents: plan.cardAmountCents, balance: await creditBalance(deps, caller.userId) };
}

async function cancelCardPayment(deps: Deps, bookingId: string, piId: string): Promise<void> {
  const pi = await callStripe(() => deps.stripe.paymentIntents.retrieve(piId));
  if (pi.status === 'canceled') return;
  if (pi.status === 'succeeded' || pi.status === 'processing' || pi.status === 'requires_capture') {
    throw new AppError('INVALID_TRANSITION', 'This booking has just been paid by card.', { bookingId });
  }
  await callStripe(() => cancelBookingIntent(deps, bookingId, piId, 'CANCELLED'));
}

/**
 * The writes that give `credits` of a credit-paid booking back to its customer (a refund), once per `reference`
 * (e.g. the refund id), never more than were applied: the booking's creditsReturnedCents moves from the value read
 * to the new one under a condition, with the balance, the SPEND_RETURN record and a CREDIT_RETURN ledger line.
 * The refunds issue commits these with its own refund writes; returnBookingCredits commits them alone.
 */
export function bookingCreditReturnEffects(deps: Deps, booking: BookingRecord, credits: number, reference: string, actor?: EventActor): TxItem[] {
  const applied = booking.creditsAppliedCents ?? 0;
  const before = booking.creditsReturnedCents ?? 0;
  if (!Number.isSafeInteger(credits) || credits <= 0) return [];
  if (before + credits > applied) throw new RangeError(`booking ${booking.id}: returning ${credits} credits would exceed the ${applied} applied (${before} returned)`);
  const now = deps.clock.now();
  return [
    bookingCreditsReturnedItem(deps, booking, applied, before, before + credits, now),
    ...creditReturnItems(deps, booking, credits, reference, now, {
      description: `Credits returned for ${booking.serviceTitle}`,
      funded: booking.confirmedAt !== undefined,
      ...(actor ? { actor } : {}),
    }),
  ];
}

/**
 * Gives credits of a refunded (or released) credit-paid booking back, exactly once per `reference`: all that are
 * still out. `actor`: who ended the booking (default: the system). Returns the credits returned by this call (0 if
 * already done).
 */
export async function returnBookingCredits(deps: Deps, bookingId: string, reference: string, actor?: EventActor): Promise<number> {
  let returned = 0;
  await commitWithRetry(deps, async () => {
    returned = 0;
    const booking = await repo.booking(deps, bookingId);
    if (!booking) return [];
    if (await readCreditTx(deps, creditTxIds.spendReturn(bookingId, reference))) return [];
    const outstanding = (booking.creditsAppliedCents ?? 0) - (booking.creditsReturnedCents ?? 0);
    if (outstanding <= 0) return [];
    returned = outstanding;
    return bookingCreditReturnEffects(deps, booking, outstanding, reference, actor);
  });
  return returned;
}
