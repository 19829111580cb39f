import Stripe from 'stripe';
import { AppError, jsonResponse, toHttpResponse } from '../http/errors';
import { processStripeEvent } from '../services/webhooks';
import type { FunctionRuntime } from './runtime';
import type { RawHttpEvent, WebhookHandler } from './types';

/**
 * Verifies Stripe's signature on the raw body (nothing is written for a bad one), then hands the event to
 * the typed handler map. Failures answer 500 so Stripe retries; duplicates and unknown types answer 200.
 */
export function createStripeWebhookHandler(runtime: FunctionRuntime): WebhookHandler {
  return async (request: RawHttpEvent) => {
    try {
      const event = await verify(runtime, request);
      const outcome = await processStripeEvent(await runtime.deps(), event);
      return jsonResponse(200, { received: true, outcome });
    } catch (err) {
      return toHttpResponse(err);
    }
  };
}

async function verify(runtime: FunctionRuntime, request: RawHttpEvent): Promise<Stripe.Event> {
  if (!runtime.webhookSecret) throw new Error('stripe-webhook needs a webhook secret');
  const signature = headerValue(request.headers, 'stripe-signature');
  if (!signature) throw new AppError('INVALID_SIGNATURE', 'Missing Stripe-Signature header');
  const rawBody = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  try {
    return Stripe.webhooks.constructEvent(rawBody, signature, await runtime.webhookSecret());
  } catch {
    throw new AppError('INVALID_SIGNATURE', 'Webhook signature verification failed');
  }
}

function headerValue(headers: RawHttpEvent['headers'], name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}
