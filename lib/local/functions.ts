import { createBookingProcessorHandler } from '../functions/booking-processor';
import { createPayoutManagerHandler } from '../functions/payout-manager';
import { createRefundProcessorHandler } from '../functions/refund-processor';
import { createStripeConnectHandler } from '../functions/stripe-connect';
import { createStripeWebhookHandler } from '../functions/stripe-webhook';
import type { FunctionRuntime } from '../functions/runtime';
import { localRuntime } from './runtime';

/** The five functions, invoked in-process by the Next.js routes in local mode: the same handlers Lambda runs. */
export function createLocalFunctions(runtime: FunctionRuntime = localRuntime()) {
  return {
    'booking-processor': createBookingProcessorHandler(runtime),
    'stripe-connect': createStripeConnectHandler(runtime),
    'payout-manager': createPayoutManagerHandler(runtime),
    'refund-processor': createRefundProcessorHandler(runtime),
    'stripe-webhook': createStripeWebhookHandler(runtime),
  };
}
