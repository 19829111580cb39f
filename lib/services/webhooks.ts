import type Stripe from 'stripe';
import { modelFields, transactionCancellationReasons } from '../data/items';
import type { ProcessedEventRecord } from '../data/records';
import { getItem } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import { paymentIntentEffects } from './booking-payment';
import { accountUpdatedEffects } from './connect';
import type { Deps } from './deps';

type EventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>;
/** A handler returns the writes its event causes; the dispatcher commits them with the dedupe marker, atomically. */
type EventHandler<T extends Stripe.Event.Type> = (deps: Deps, event: EventOf<T>) => Promise<TxItem[]>;
type HandlerMap = { [T in Stripe.Event.Type]?: EventHandler<T> };

/** Re-fetch, don't trust the payload: events arrive late and out of order, Stripe's current state does not. */
const onPaymentIntentChanged = async (deps: Deps, event: EventOf<'payment_intent.succeeded' | 'payment_intent.payment_failed'>) => {
  const pi = await deps.stripe.paymentIntents.retrieve(event.data.object.id);
  return paymentIntentEffects(deps, pi);
};

/**
 * A connected account changed: re-fetch it (the event's `account`, else the object's id) and store the status
 * decided from Stripe's current state, so duplicates and late, reordered events all end at the same state.
 */
const onAccountUpdated = async (deps: Deps, event: EventOf<'account.updated'>) =>
  accountUpdatedEffects(deps, event.account ?? event.data.object.id);

export const eventHandlers: HandlerMap = {
  'payment_intent.succeeded': onPaymentIntentChanged,
  'payment_intent.payment_failed': onPaymentIntentChanged,
  'account.updated': onAccountUpdated,
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
