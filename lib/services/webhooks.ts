import type Stripe from 'stripe';
import { processedEventItem } from '../data/event-log-writes';
import { transactionCancellationReasons } from '../data/items';
import type { ProcessedEventRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import { handledEventObject, type StripeEventHeader, type WebhookOutcome, type WebhookResult } from '../http/stripe-webhook';
import { paymentIntentEffects } from './booking-payment';
import { accountUpdatedEffects } from './account-sync';
import { checkoutSessionEffects } from './credit-purchases';
import { fetchPaymentIntent, paymentOwnerOf, paymentRecordEffects } from './payments';
import { invoiceEffects, subscriptionSyncEffects } from './membership-sync';
import type { Deps } from '../ports';

import { latePaymentEffects } from './late-payment';
import { topUpEffects } from './reschedule-topup';
import type { EventHandler, EventHandlerMap, EventOf } from './event-handler-types';
import { payoutEventHandlers } from './payout-webhooks';
import { disputeEventHandlers } from './dispute-webhooks';
import { customerEventHandlers } from './customer-webhooks';
import { refetch, unusable, UnusableEvent } from './unusable-event';
import { dropDuplicateSavedCard } from './saved-cards';

/**
 * The PaymentIntent as Stripe has it now, if it is ours: a booking's (that exists here), a credit purchase's or a
 * membership invoice's. Otherwise the event is unusable (another environment's booking, a payment made elsewhere).
 */
async function ourPaymentIntent(deps: Deps, id: string): Promise<Stripe.PaymentIntent> {
  const pi = await refetch(`PaymentIntent ${id}`, () => fetchPaymentIntent(deps, id));
  const bookingId = pi.metadata?.bookingId;
  if (bookingId && !(await repo.booking(deps, bookingId)))
    unusable(`PaymentIntent ${id} is for booking ${bookingId}, which does not exist here.`);
  if (!bookingId && !(await paymentOwnerOf(deps, pi)))
    unusable(`PaymentIntent ${id} pays for no booking, credit purchase or membership here.`);
  return pi;
}

/**
 * Re-fetch, don't trust the payload: events arrive late and out of order, Stripe's current state does not.
 * The booking's state and the Payment record (payments.ts) follow the PaymentIntent in one transaction.
 */
const onPaymentIntentChanged = async (deps: Deps, event: EventOf<'payment_intent.succeeded' | 'payment_intent.payment_failed'>) => {
  const pi = await ourPaymentIntent(deps, event.data.object.id);
  // Best effort: listing shows a card saved twice once anyway, and the next delivery tries again.
  await dropDuplicateSavedCard(deps, pi).catch(() => null);
  // A payment that lands after its booking expired or was cancelled is refunded, never confirmed.
  // A reschedule's top-up completes its move (or is refunded when the move was dropped): never the booking's payment.
  const bookingEffects = (await topUpEffects(deps, pi)) ?? (await latePaymentEffects(deps, pi)) ?? (await paymentIntentEffects(deps, pi));
  return [...bookingEffects, ...(await paymentRecordEffects(deps, pi))];
};

/** Other PaymentIntent changes (created, canceled) only move its Payment record. */
const onPaymentIntentRecorded = async (deps: Deps, event: EventOf<'payment_intent.created' | 'payment_intent.canceled'>) =>
  paymentRecordEffects(deps, await ourPaymentIntent(deps, event.data.object.id));

/** A charge succeeded: its PaymentIntent's record gets the receipt URL. */
const onChargeSucceeded = async (deps: Deps, event: EventOf<'charge.succeeded'>) => {
  const piId =
    typeof event.data.object.payment_intent === 'string' ? event.data.object.payment_intent : event.data.object.payment_intent?.id;
  if (!piId) unusable(`Charge ${event.data.object.id} has no PaymentIntent: it pays for nothing of ours.`);
  return paymentRecordEffects(deps, await ourPaymentIntent(deps, piId));
};

/** A credit package's Checkout Session completed or expired (credit-purchases.ts decides from the session as it is now). */
const onCheckoutSession = async (deps: Deps, event: EventOf<'checkout.session.completed' | 'checkout.session.expired'>) => {
  const id = event.data.object.id;
  const session = await refetch(`Checkout Session ${id}`, () => deps.stripe.checkout.sessions.retrieve(id));
  if (session.metadata?.kind !== 'CREDIT_PURCHASE' || !session.metadata.userId)
    unusable(`Checkout Session ${id} is no credit purchase of ours.`);
  return checkoutSessionEffects(deps, session);
};

const onSubscriptionChanged = async (
  deps: Deps,
  event: EventOf<'customer.subscription.created' | 'customer.subscription.updated' | 'customer.subscription.deleted'>,
) => refetch(`Subscription ${event.data.object.id}`, () => subscriptionSyncEffects(deps, event.data.object.id));

/** invoice.payment_succeeded grants the plan's credits once per invoice; both invoice events sync the membership. */
const onInvoicePayment = async (deps: Deps, event: EventOf<'invoice.payment_succeeded' | 'invoice.payment_failed'>) => {
  const id = event.data.object.id;
  if (!id) unusable('The invoice has no id.');
  return refetch(`Invoice ${id} (or its subscription)`, () => invoiceEffects(deps, id));
};

/**
 * A connected account changed: re-fetch it (the event's `account`, else the object's id) and store the status
 * decided from Stripe's current state, so duplicates and late, reordered events all end at the same state.
 */
const onAccountUpdated = async (deps: Deps, event: EventOf<'account.updated'>) =>
  accountUpdatedEffects(deps, event.account ?? event.data.object.id);

export const eventHandlers: EventHandlerMap = {
  ...payoutEventHandlers,
  ...disputeEventHandlers,
  ...customerEventHandlers,
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

export type EventOutcome = WebhookOutcome;

/** The handled types Stripe sends for connected accounts (with `event.account`); every other one is the platform's own. */
const CONNECTED_ACCOUNT_TYPES: ReadonlySet<string> = new Set<Stripe.Event.Type>([
  'account.updated',
  'payout.created',
  'payout.updated',
  'payout.paid',
  'payout.failed',
  'payout.canceled',
]);

/** Own keys only: an event type such as "constructor" must not find Object.prototype's. */
function handlerOf(type: string): EventHandler<Stripe.Event.Type> | undefined {
  return (Object.hasOwn(eventHandlers, type) ? eventHandlers[type as Stripe.Event.Type] : undefined) as
    EventHandler<Stripe.Event.Type> | undefined;
}

/** Why an event cannot be used as delivered, before any handler runs (undefined: its handler decides). */
function unusableAsDelivered(event: Stripe.Event): string | undefined {
  if (!handlerOf(event.type)) return `The app does not handle ${event.type} events.`;
  if (!handledEventObject.safeParse(event.data.object).success) return `The ${event.type} event's data.object has no Stripe id.`;
  if (event.account && !CONNECTED_ACCOUNT_TYPES.has(event.type)) {
    return `${event.type} from connected account ${event.account}: the app takes these only from the platform account.`;
  }
  return undefined;
}

/** The dedupe marker is the transaction's last item: its refusal means another delivery already applied the event. */
const markerRefused = (reasons: string[]) => reasons[reasons.length - 1] === 'ConditionalCheckFailed';

/** Commits `build`'s items with the event's marker (rebuilt on a conflict); false when the marker was there first. */
async function commitWithMarker(deps: Deps, header: StripeEventHeader, build: () => Promise<TxItem[]>): Promise<boolean> {
  try {
    await commitWithRetry(deps, async () => [...(await build()), processedEventItem(deps, header, deps.clock.now())], {
      retryWhen: (reasons) => !markerRefused(reasons),
    });
    return true;
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (reasons && markerRefused(reasons)) return false;
    throw err;
  }
}

const isProcessed = async (deps: Deps, eventId: string) => Boolean(await getItem<ProcessedEventRecord>(deps, 'ProcessedEvent', eventId));

/**
 * Applies an event once: its handler's effects and the dedupe marker on event.id commit in one transaction, so a
 * failure leaves nothing half-written (the 5xx makes Stripe retry) and a duplicate delivery changes nothing. A
 * concurrent writer (the page's CONFIRM_BOOKING, CHECK_ACCOUNT_STATUS, another event of the same object) may change a
 * record between our read and our write: commitWithRetry rebuilds the effects from fresh reads. An event the app
 * cannot use (unknown type, an object of no record here: UnusableEvent) commits the marker alone and is `ignored`,
 * with the reason; anything else thrown is ours and reaches the caller.
 */
export async function applyStripeEvent(deps: Deps, event: Stripe.Event): Promise<WebhookResult> {
  if (await isProcessed(deps, event.id)) return { outcome: 'duplicate' };
  const early = unusableAsDelivered(event);
  if (early !== undefined) return ignoreStripeEvent(deps, event, early);
  const handler = handlerOf(event.type)!;
  let reason: string | undefined;
  const committed = await commitWithMarker(deps, event, async () => {
    reason = undefined;
    try {
      return await handler(deps, event);
    } catch (err) {
      if (!(err instanceof UnusableEvent)) throw err;
      reason = err.reason;
      return [];
    }
  });
  if (!committed) return { outcome: 'duplicate' };
  return reason === undefined ? { outcome: 'processed' } : { outcome: 'ignored', reason };
}

/** Records an event the app cannot use (its marker alone, so a redelivery is a duplicate) and says why. */
export async function ignoreStripeEvent(deps: Deps, header: StripeEventHeader, reason: string): Promise<WebhookResult> {
  if (await isProcessed(deps, header.id)) return { outcome: 'duplicate' };
  return (await commitWithMarker(deps, header, async () => [])) ? { outcome: 'ignored', reason } : { outcome: 'duplicate' };
}

/** applyStripeEvent's outcome alone (the redrive and the tests read it). */
export async function processStripeEvent(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  return (await applyStripeEvent(deps, event)).outcome;
}
