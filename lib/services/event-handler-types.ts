import type Stripe from 'stripe';
import type { TxItem } from '../data/transact';
import type { Deps } from '../ports';

/** One Stripe event type's event object. */
export type EventOf<T extends Stripe.Event.Type> = Extract<Stripe.Event, { type: T }>;

/**
 * A handler returns the writes its event causes; the dispatcher commits them with the dedupe marker, atomically. When
 * the event names nothing the app can use, the handler throws UnusableEvent (lib/services/unusable-event.ts) with the
 * reason: the marker alone is committed and the event is recorded as ignored. Anything else it throws is a failure.
 */
export type EventHandler<T extends Stripe.Event.Type> = (deps: Deps, event: EventOf<T>) => Promise<TxItem[]>;

/** The typed map of event type to handler (lib/services/webhooks.ts merges the modules' partial maps). */
export type EventHandlerMap = { [T in Stripe.Event.Type]?: EventHandler<T> };
