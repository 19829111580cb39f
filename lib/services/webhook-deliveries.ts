/**
 * One delivered Stripe event, whichever way it came (signed webhook or EventBridge): processed once through the typed
 * handler map, with the admins' webhook log kept around it (received → processed / ignored with its reason / failed).
 * A signed delivery the app cannot read (not JSON, not a Stripe event) is recorded as ignored too, and acknowledged:
 * Stripe would only send it again. Only a failure of ours is rethrown, so Stripe (or EventBridge) retries.
 */
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { stripeEventEnvelope, stripeId, type StripeEventHeader, type WebhookResult } from '../http/stripe-webhook';
import type { Deps } from '../ports';
import { recordWebhookFailure, recordWebhookReceived, recordWebhookResult } from './webhook-log';
import { applyStripeEvent, ignoreStripeEvent } from './webhooks';

/** The body of a delivery whose signature was verified: read, then processed (or recorded as ignored, with why). */
export async function handleSignedDelivery(deps: Deps, rawBody: string): Promise<WebhookResult> {
  const read = readSignedEvent(rawBody);
  if ('event' in read) return handleStripeDelivery(deps, read.event);
  return logged(deps, read.header, () => ignoreStripeEvent(deps, read.header, read.reason));
}

/** A well-formed Stripe event (a verified webhook's, or EventBridge's validated detail). */
export async function handleStripeDelivery(deps: Deps, event: Stripe.Event): Promise<WebhookResult> {
  return logged(deps, event, () => applyStripeEvent(deps, event));
}

async function logged(deps: Deps, header: StripeEventHeader, run: () => Promise<WebhookResult>): Promise<WebhookResult> {
  const receivedAt = await recordWebhookReceived(deps, header);
  try {
    const result = await run();
    await recordWebhookResult(deps, header.id, receivedAt, result);
    return result;
  } catch (err) {
    await recordWebhookFailure(deps, header.id, receivedAt, err);
    throw err;
  }
}

function readSignedEvent(rawBody: string): { event: Stripe.Event } | { header: StripeEventHeader; reason: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return { header: headerOf(undefined, rawBody), reason: 'The signed body is not JSON.' };
  }
  const envelope = stripeEventEnvelope.safeParse(parsed);
  // The schema checked what the app reads; the rest of the object is Stripe's own, typed by the SDK.
  if (envelope.success) return { event: envelope.data as unknown as Stripe.Event };
  const issues = envelope.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(the body)'}: ${i.message}`)
    .join('; ');
  return { header: headerOf(parsed, rawBody), reason: `Not a Stripe event the app can read (${issues}).`.slice(0, 500) };
}

/**
 * What an unreadable delivery is recorded under: its own id, type and time where they are usable; otherwise an id
 * from a digest of the body, so Stripe's redelivery of the same body is a duplicate.
 */
function headerOf(parsed: unknown, rawBody: string): StripeEventHeader {
  const o = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const id = stripeId.safeParse(o.id);
  const digest = createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
  return {
    id: id.success ? id.data : `evt_unreadable_${digest}`,
    type: typeof o.type === 'string' && o.type.length > 0 ? o.type.slice(0, 255) : 'unknown',
    created: typeof o.created === 'number' && Number.isSafeInteger(o.created) && o.created >= 0 ? o.created : 0,
  };
}
