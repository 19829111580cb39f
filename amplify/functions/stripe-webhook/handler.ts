import { env } from '$amplify/env/stripe-webhook';
import { createStripeEventsHandler } from '../../../lib/functions/stripe-webhook';
import { observed } from '../../../lib/functions/observed';
import { createAwsRuntime } from '../shared/aws-runtime';

/**
 * Two callers: Stripe through the Function URL (signed raw body → an HTTP response; 500 makes Stripe retry), and,
 * when the EventBridge path is configured, the partner-bus rule (envelope → throws on failure so EventBridge
 * retries and then dead-letters to SQS). Both end in the same processStripeEvent with its event.id dedupe.
 */
export const handler = observed(createStripeEventsHandler(createAwsRuntime(env, { verifyCognitoTokens: false, webhookSecret: true })));
