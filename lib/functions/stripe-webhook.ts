import Stripe from 'stripe';
import { decodeStripeEnvelope, isEventBridgeEvent } from '../aws/eventbridge';
import { AppError, jsonResponse, toHttpResponse, type HttpResponse } from '../http/errors';
import { handleStripeDelivery } from '../services/webhook-deliveries';
import type { EventOutcome } from '../services/webhooks';
import type { FunctionRuntime } from './runtime';
import type { RawHttpEvent, WebhookHandler } from './types';

/**
 * Signed HTTP delivery (Function URL, or the local route): verifies Stripe's signature on the raw body (nothing is
 * written for a bad one), then hands the event to the typed handler map. Failures answer 500 so Stripe retries;
 * duplicates and unknown types answer 200.
 */
export function createStripeWebhookHandler(runtime: FunctionRuntime): WebhookHandler {
  return async (request: RawHttpEvent) => {
    try {
      const event = await verify(runtime, request);
      const outcome = await handleStripeDelivery(await runtime.deps(), event);
      return jsonResponse(200, { received: true, outcome });
    } catch (err) {
      return toHttpResponse(err);
    }
  };
}

export interface EventBridgeResult {
  eventId: string;
  outcome: EventOutcome;
}

/**
 * EventBridge delivery (trusted by IAM: only the rule may invoke): the envelope is validated, the Stripe event in
 * `detail` goes through the same processStripeEvent, so one dedupe on event.id covers both paths. Any failure
 * throws, so EventBridge retries and finally dead-letters the event.
 */
export function createStripeEventBridgeHandler(runtime: FunctionRuntime): (event: unknown) => Promise<EventBridgeResult> {
  return async (event: unknown) => {
    const { detail } = decodeStripeEnvelope(event);
    return { eventId: detail.id, outcome: await handleStripeDelivery(await runtime.deps(), detail) };
  };
}

/** The stripe-webhook Lambda: a Function URL request or an EventBridge event, told apart by shape. */
export function createStripeEventsHandler(runtime: FunctionRuntime): (event: unknown) => Promise<HttpResponse | EventBridgeResult> {
  const http = createStripeWebhookHandler(runtime);
  const eventBridge = createStripeEventBridgeHandler(runtime);
  return (event: unknown) => (isEventBridgeEvent(event) ? eventBridge(event) : http(functionUrlRequest(event)));
}

/** The parts of a Function URL event (payload 2.0) the signature check needs: the raw body, as received. */
function functionUrlRequest(event: unknown): RawHttpEvent {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Partial<Record<keyof RawHttpEvent, unknown>>;
  const headers = typeof e.headers === 'object' && e.headers !== null ? (e.headers as Record<string, string | undefined>) : {};
  return { headers, body: typeof e.body === 'string' ? e.body : '', isBase64Encoded: e.isBase64Encoded === true };
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
