/**
 * stripe-webhook's contract: the parts of a signed Stripe event the app reads (anything else in it is Stripe's and
 * passes through), and the answer. A signed event that does not fit is not a failure: it is recorded as ignored, with
 * the reason, and acknowledged (lib/services/webhook-deliveries.ts).
 */
import { z } from 'zod';

/** Stripe's ids: a prefix, an underscore, letters and digits (evt_…, pi_…, acct_…). */
export const stripeId = z
  .string()
  .max(255)
  .regex(/^[A-Za-z0-9_]+$/, 'a Stripe id (letters, digits and _)');

export const stripeEventEnvelope = z.looseObject({
  id: stripeId,
  type: z.string().min(1).max(255),
  created: z.number().int().nonnegative(),
  /** Set on the events of a connected account (delivered to a Connect endpoint). */
  account: stripeId.optional(),
  data: z.looseObject({ object: z.looseObject({}) }),
});

/** What identifies a delivery in the log and the dedupe marker (every Stripe.Event has it). */
export interface StripeEventHeader {
  id: string;
  type: string;
  created: number;
}

/** The object of an event the app has a handler for: it is re-fetched by this id. */
export const handledEventObject = z.looseObject({ id: stripeId });

/**
 * processed: applied (or nothing was left to change); duplicate: this event id was handled before; ignored: recorded
 * and acknowledged without effect, because the app has no use for it (`reason` says why).
 */
export type WebhookOutcome = 'processed' | 'duplicate' | 'ignored';

export interface WebhookResult {
  outcome: WebhookOutcome;
  /** Why an event was ignored, in words (shown in the admin's event log). */
  reason?: string;
}

/** The 200 answer to a signed delivery; anything else Stripe gets is a 400 (bad signature) or a 5xx (ours: retry). */
export interface WebhookAnswer extends WebhookResult {
  received: true;
}
