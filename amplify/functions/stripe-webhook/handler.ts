import { env } from '$amplify/env/stripe-webhook';
import type { HttpResponse } from '../../../lib/http/errors';
import { createStripeWebhookHandler } from '../../../lib/functions/stripe-webhook';
import { createAwsRuntime } from '../shared/aws-runtime';

/** The part of a Lambda Function URL event (payload 2.0) that matters here. */
interface FunctionUrlEvent {
  headers?: Record<string, string | undefined>;
  body?: string;
  isBase64Encoded?: boolean;
}

const webhook = createStripeWebhookHandler(createAwsRuntime(env, { verifyCognitoTokens: false, webhookSecret: true }));

/** Function URL → raw body + headers as received (the signature is checked on the exact bytes). */
export const handler = (event: FunctionUrlEvent): Promise<HttpResponse> =>
  webhook({ headers: event.headers ?? {}, body: event.body ?? '', isBase64Encoded: event.isBase64Encoded ?? false });
