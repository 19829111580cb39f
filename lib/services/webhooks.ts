import type Stripe from 'stripe';
import { modelFields, transactionCancellationReasons } from '../data/items';
import type { ProcessedEventRecord } from '../data/records';
import { getItem } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import { paymentIntentEffects } from './booking-payment';
import { accountUpdatedEffects } from './connect';
import { checkoutSessionEffects } from './credits';
import { fetchPaymentIntent, paymentRecordEffects } from './payments';
import { invoiceEffects, subscriptionSyncEffects } from './subscriptions';
import type { Deps } from './deps';

import { latePaymentEffects } from './booking-lifecycle';
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
  const piId = typeof event.data.object.payment_intent === 'string' ? event.data.object.payment_intent : event.data.object.payment_intent?.id;
  return piId ? paymentRecordEffects(deps, await fetchPaymentIntent(deps, piId)) : [];
};

/** A credit package's Checkout Session completed or expired (credits.ts decides from the session as it is now). */
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
  // ---- customers, payments, memberships, credits (issue 7) ----
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

const MAX_ATTEMPTS = 4;

export type EventOutcome = 'processed' | 'duplicate' | 'ignored';

export async function processStripeEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  if (await getItem<ProcessedEventRecord>(deps, 'ProcessedEvent', event.id)) return 'duplicate';
  const handler = eventHandlers[event.type] as EventHandler<Stripe.Event.Type> | undefined;
  // A few attempts: a concurrent writer (the page's CONFIRM_BOOKING, CHECK_ACCOUNT_STATUS, another event of the
  // same object) may change the record between our read and our write; the next attempt decides from the new
  // state. Past the last one the 500 makes Stripe retry later.
  for (let attempt = 1; ; attempt++) {
    const effects = handler ? await handler(deps, event) : [];
    try {
      await transactWrite(deps, [...effects, processedMarker(deps, event)]);
      return handler ? 'processed' : 'ignored';
    } catch (err) {
      const reasons = transactionCancellationReasons(err);
      if (!reasons) throw err;
      if (reasons[reasons.length - 1] === 'ConditionalCheckFailed') return 'duplicate';
      if (attempt >= MAX_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

function processedMarker(deps: Deps, event: Stripe.Event): TxItem {
  const now = deps.clock.now();
  return {
    Put: {
      TableName: deps.tables.ProcessedEvent,
      Item: {
        ...modelFields('ProcessedEvent', event.id, now),
        eventType: event.type,
        stripeCreated: event.created,
        processedAt: now.toISOString(),
      } satisfies ProcessedEventRecord,
      ConditionExpression: 'attribute_not_exists(id)',
    },
  };
}
