/**
 * The line between a Stripe event the app cannot use and a failure of ours. A webhook handler throws UnusableEvent
 * when the event is signed and well-formed but names nothing the app knows (an object Stripe does not have, a
 * PaymentIntent of no booking, an account of no provider): the dispatcher records it as ignored, with the reason, and
 * Stripe gets a 200. Anything else thrown (DynamoDB, a bug, Stripe failing to answer) is ours: a 5xx, so Stripe retries.
 */
import Stripe from 'stripe';

export class UnusableEvent extends Error {
  /** Why, in words an admin reads in the event log. */
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.name = 'UnusableEvent';
    this.reason = reason;
  }
}

export function unusable(reason: string): never {
  throw new UnusableEvent(reason);
}

/** Stripe's answer that the object does not exist (for this account): the event names something we cannot use. */
export function isMissingAtStripe(err: unknown): boolean {
  return err instanceof Stripe.errors.StripeInvalidRequestError && (err.statusCode === 404 || err.code === 'resource_missing');
}

/**
 * Re-fetches an event's object from Stripe. Only "no such object" makes the event unusable; every other failure
 * (Stripe's 5xx, a timeout, our credentials) is rethrown as ours.
 */
export async function refetch<T>(what: string, fetch: () => Promise<T>): Promise<T> {
  try {
    return await fetch();
  } catch (err) {
    if (isMissingAtStripe(err)) unusable(`${what} does not exist at Stripe.`);
    throw err;
  }
}
