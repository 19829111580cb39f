import { defineFunction, secret } from '@aws-amplify/backend';
import { appEnvironment } from '../shared/environment';
import { requestFunctionOptions } from '../shared/function-options';

/** Stripe's endpoint: a public Function URL (added in backend.ts); the signature on the raw body is the auth. */
export const stripeWebhook = defineFunction({
  name: 'stripe-webhook',
  ...requestFunctionOptions,
  environment: {
    ...appEnvironment,
    STRIPE_WEBHOOK_SECRET: secret('STRIPE_WEBHOOK_SECRET'),
  },
});
