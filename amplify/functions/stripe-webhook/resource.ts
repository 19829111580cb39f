import { defineFunction, secret } from '@aws-amplify/backend';
import { appEnvironment } from '../shared/environment';

/** Stripe's endpoint: a public Function URL (added in backend.ts); the signature on the raw body is the auth. */
export const stripeWebhook = defineFunction({
  name: 'stripe-webhook',
  entry: './handler.ts',
  runtime: 20,
  timeoutSeconds: 30,
  memoryMB: 512,
  environment: {
    ...appEnvironment,
    STRIPE_WEBHOOK_SECRET: secret('STRIPE_WEBHOOK_SECRET'),
  },
  // Direct table grants + table-name env vars from the data stack: grouping with it avoids a circular
  // dependency between the data and function stacks.
  resourceGroupName: 'data',
});
