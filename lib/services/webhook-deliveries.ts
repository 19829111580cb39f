/**
 * One delivered Stripe event, whichever way it came (signed webhook or EventBridge): processed once through the typed
 * handler map, with the admins' webhook log kept around it (received → processed / failed). The log never decides
 * the delivery's outcome: a failure is logged and rethrown, so Stripe (or EventBridge) retries.
 */
import type Stripe from 'stripe';
import { recordWebhookOutcome, recordWebhookReceived } from './admin';
import type { Deps } from '../ports';
import { processStripeEvent, type EventOutcome } from './webhooks';

export async function handleStripeDelivery(deps: Deps, event: Stripe.Event): Promise<EventOutcome> {
  await recordWebhookReceived(deps, event);
  try {
    const outcome = await processStripeEvent(deps, event);
    await recordWebhookOutcome(deps, event.id, 'PROCESSED');
    return outcome;
  } catch (err) {
    await recordWebhookOutcome(deps, event.id, 'FAILED', err);
    throw err;
  }
}
