import Stripe from 'stripe';
import { AppError } from '../http/errors';

/** Stripe's failures as AppErrors: declines are the customer's to fix, the rest is ours or Stripe's. */
export function toAppError(err: unknown): unknown {
  if (!(err instanceof Stripe.errors.StripeError)) return err;
  if (err instanceof Stripe.errors.StripeCardError) {
    return new AppError('PAYMENT_DECLINED', err.message, { declineCode: err.decline_code, stripeCode: err.code });
  }
  if (err instanceof Stripe.errors.StripeConnectionError || err instanceof Stripe.errors.StripeAPIError) {
    return new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider is unavailable. Please try again.', {
      stripeRequestId: err.requestId,
    });
  }
  return new AppError('PAYMENT_PROVIDER_ERROR', 'The payment provider rejected the request.', {
    stripeCode: err.code,
    stripeRequestId: err.requestId,
  });
}

export async function callStripe<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}
