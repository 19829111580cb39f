import type Stripe from 'stripe';
import { processedEventItem } from '../data/event-log-writes';
import { transactionCancellationReasons } from '../data/items';
import type { ProcessedEventRecord } from '../data/records';
import { getItem } from '../data/repository';
import { commitWithRetry } from '../data/transact';
import { paymentIntentEffects } from './booking-payment';
import { accountUpdatedEffects } from './account-sync';
import { checkoutSessionEffects } from './credit-purchases';
import { fetchPaymentIntent, paymentRecordEffects } from './payments';
import { invoiceEffects, subscriptionSyncEffects } from './membership-sync';
import type { Deps } from '../ports';

import { latePaymentEffects } from './late-payment';
import type { EventHandler, EventHandlerMap, EventOf } from './event-handler-types';
import { payoutEventHandlers } from './payout-webhooks';
import { disputeEventHandlers } from './dispute-webhooks';

/**
 * Re-fetch, don't trust the payload: events arrive late and out of order, Stripe's current state does not.
 * The booking's state and the Payment record (payments.ts) follow the PaymentIntent in one transaction.
 */
const onPaymentIntentChanged = async (deps: Deps, event: EventOf<'payment_intent.succeeded' | 'payment_intent.payment_failed'>) => {
  const pi = await fetchPaymentIntent(deps, event.data.object.id);
  // A payment that lands after its booking expired or was cancelled is refunded, never confirmed.
  const bookingEffects = (await latePaymentEffects(deps, pi)) ?? (await paymentIntentEffects(deps, pi));
  return [...bookingEffects, ...(await paymentRecordEffects(deps, pi))];
};

/** Other PaymentIntent changes (created, canceled) only move its Payment record. */
const onPaymentIntentRecorded = async (deps: Deps, event: EventOf<'payment_intent.created' | 'payment_intent.canceled'>) =>
  paymentRecordEffects(deps, await fetchPaymentIntent(deps, event.data.object.id));

/** A charge succeeded: its PaymentIntent's record gets the receipt URL. */
const onChargeSucceeded = async (deps: Deps, event: EventOf<'charge.succeeded'>) => {
  const piId =
    typeof event.data.object.payment_intent === 'string' ? event.data.object.payment_intent : event.data.object.payment_intent?.id;
  return piId ? paymentRecordEffects(deps, await fetchPaymentIntent(deps, piId)) : [];
};

/** A credit package's Checkout Session completed or expired (credit-purchases.ts decides from the session as it is now). */
const onCheckoutSession = async (deps: Deps, event: EventOf<'checkout.session.completed' | 'checkout.session.expired'>) =>
  checkoutSessionEffects(deps, await deps.stripe.checkout.sessions.retrieve(event.data.object.id));

const onSubscriptionChanged = async (
  deps: Deps,
  event: EventOf<'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted'>,
) => subscriptionSyncEffects(deps, event.data.object.id);

/** invoice.payment_succeeded grants the plan's credits once per invoice; both invoice events sync the membership. */
const onInvoicePayment = async (deps: Deps, event: EventOf<'invoice.payment_succeeded' | 'invoice.payment_failed'>) =>
  event.data.object.id ? invoiceEffects(deps, event.data.object.id) : [];

/**
 * A connected account changed: re-fetch it (the event's `account`, else the object's id) and store the status
 * decided from Stripe's current state, so duplicates and late, reordered events all end at the same state.
 */
const onAccountUpdated = async (deps: Deps, event: EventOf<'account.updated'>) =>
  accountUpdatedEffects(deps, event.account ?? event.data.object.id);

export const eventHandlers: EventHandlerMap = {
  ...payoutEventHandlers,
  ...disputeEventHandlers,
  'payment_intent.succeeded': onPaymentIntentChanged,
  'payment_intent.payment_failed': onPaymentIntentChanged,
  'account.updated': onAccountUpdated,
  // ---- customers, payments, memberships, credits ----
  'payment_intent.created': onPaymentIntentRecorded,
  'payment_intent.canceled': onPaymentIntentRecorded,
  'charge.succeeded': onChargeSucceeded,
  'checkout.session.completed': onCheckoutSession,
  'checkout.session.expired': onCheckoutSession,
  'customer.subscription.created': onSubscriptionChanged,
  'customer.subscription.updated': onSubscriptionChanged,
  'customer.subscription.deleted': onSubscriptionChanged,
  'invoice.payment_succeeded': onInvoicePayment,
  'invoice.payment_failed': onInvoicePayment,
};

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

/** The dedupe marker is the transaction's last item: its refusal means another delivery already applied the event. */
const markerRefused = (reasons: string[]) => reasons[reasons.length - 1] === 'ConditionalCheckFailed';

/**
 * Applies an event once: its handler's effects and the dedupe marker on event.id commit in one transaction, so a
 * failure leaves nothing half-written (the 500 makes Stripe retry) and a duplicate delivery changes nothing. A
 * concurrent writer (the page's CONFIRM_BOOKING, CHECK_ACCOUNT_STATUS, another event of the same object) may change a
 * record between our read and our write: commitWithRetry rebuilds the effects from fresh reads. Unknown types are
 * acknowledged (marker only).
 */
export async function processStripeEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  if (await getItem<ProcessedEventRecord>(deps, 'ProcessedEvent', event.id)) return 'duplicate';
  // Own keys only: an event type such as "constructor" must not find Object.prototype's.
  const handler = (Object.hasOwn(eventHandlers, event.type) ? eventHandlers[event.type] : undefined) as
    EventHandler<Stripe.Event.Type> | undefined;
  try {
    await commitWithRetry(
      deps,
      async () => [...(handler ? await handler(deps, event) : []), processedEventItem(deps, event, deps.clock.now())],
      { retryWhen: (reasons) => !markerRefused(reasons) },
    );
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (reasons && markerRefused(reasons)) return 'duplicate';
    throw err;
  }
  return handler ? 'processed' : 'ignored';
}
