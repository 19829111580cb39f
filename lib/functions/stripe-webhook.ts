import Stripe from 'stripe';
import { decodeStripeEnvelope, isEventBridgeEvent } from '../aws/eventbridge';
import { AppError, jsonResponse, toHttpResponse, type HttpResponse } from '../http/errors';
import type { WebhookAnswer, WebhookOutcome } from '../http/stripe-webhook';
import { handleSignedDelivery, handleStripeDelivery } from '../services/webhook-deliveries';
import { logger } from '../observability/logger';
import { countMetric, countStripeEvent, flushMetrics, METRIC, type MetricName } from '../observability/metrics';
import type { FunctionRuntime } from './runtime';
import type { RawHttpEvent, WebhookHandler } from './types';

/**
 * Signed HTTP delivery (Function URL, or the local route): verifies Stripe's signature on the raw body (nothing is
 * written for a bad one: 400), then hands the body to the typed handler map. A signed event the app cannot use (an
 * unknown object or account, a malformed envelope) is recorded as ignored and answered 200 with the reason; only a
 * failure of ours answers 5xx, so Stripe retries. Duplicates answer 200.
 */
export function createStripeWebhookHandler(runtime: FunctionRuntime): WebhookHandler {
  return async (request: RawHttpEvent) => {
    try {
      const rawBody = await verify(runtime, request);
      const result = await observeDelivery(readEventShape(rawBody), 'function-url', async () =>
        handleSignedDelivery(await runtime.deps(), rawBody),
      );
      return jsonResponse(200, { received: true, ...result } satisfies WebhookAnswer);
    } catch (err) {
      const response = toHttpResponse(err);
      if (response.statusCode < 500) logger.warn('webhook delivery refused', { statusCode: response.statusCode });
      return response;
    }
  };
}

export interface EventBridgeResult {
  eventId: string;
  outcome: WebhookOutcome;
  reason?: string;
}

/**
 * EventBridge delivery (trusted by IAM: only the rule may invoke): the envelope is validated, the Stripe event in
 * `detail` goes through the same dispatcher (applyStripeEvent), so one dedupe on event.id covers both paths. Any failure
 * throws, so EventBridge retries and finally dead-letters the event.
 */
export function createStripeEventBridgeHandler(runtime: FunctionRuntime): (event: unknown) => Promise<EventBridgeResult> {
  return async (event: unknown) => {
    const { detail } = decodeStripeEnvelope(event);
    return {
      eventId: detail.id,
      ...(await observeDelivery(detail, 'eventbridge', async () => handleStripeDelivery(await runtime.deps(), detail))),
    };
  };
}

/** The stripe-webhook Lambda: a Function URL request or an EventBridge event, told apart by shape. */
export function createStripeEventsHandler(runtime: FunctionRuntime): (event: unknown) => Promise<HttpResponse | EventBridgeResult> {
  const http = createStripeWebhookHandler(runtime);
  const eventBridge = createStripeEventBridgeHandler(runtime);
  return (event: unknown) => (isEventBridgeEvent(event) ? eventBridge(event) : http(functionUrlRequest(event)));
}

interface EventShape {
  id?: unknown;
  type?: unknown;
}

/** The id and type of a verified body (anything else is the services' to read), for the log line and the metrics. */
function readEventShape(rawBody: string): EventShape {
  try {
    const parsed: unknown = JSON.parse(rawBody);
    return typeof parsed === 'object' && parsed !== null ? (parsed as EventShape) : {};
  } catch {
    return {};
  }
}

/**
 * One log line and the webhook metrics per delivery: its outcome (processed, duplicate, ignored, or failed: ours, so
 * Stripe or EventBridge retries), and for a first delivery what the event itself counts (payments, disputes, payouts,
 * restricted accounts).
 */
async function observeDelivery<R extends { outcome: WebhookOutcome }>(
  event: EventShape,
  via: 'function-url' | 'eventbridge',
  run: () => Promise<R>,
): Promise<R> {
  const fields = {
    via,
    eventId: typeof event.id === 'string' ? event.id : undefined,
    eventType: typeof event.type === 'string' ? event.type : undefined,
  };
  try {
    const result = await run();
    countMetric(OUTCOME_METRIC[result.outcome]);
    if (result.outcome === 'processed') countStripeEvent(event as Parameters<typeof countStripeEvent>[0]);
    logger.info('webhook event', { ...fields, outcome: result.outcome });
    return result;
  } catch (err) {
    countMetric(METRIC.webhookFailed);
    logger.error('webhook event failed', { ...fields, error: err instanceof Error ? err : String(err) });
    throw err;
  } finally {
    flushMetrics();
  }
}

const OUTCOME_METRIC = {
  processed: METRIC.webhookProcessed,
  duplicate: METRIC.webhookDuplicate,
  ignored: METRIC.webhookIgnored,
} as const satisfies Record<WebhookOutcome, MetricName>;

/** The parts of a Function URL event (payload 2.0) the signature check needs: the raw body, as received. */
function functionUrlRequest(event: unknown): RawHttpEvent {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Partial<Record<keyof RawHttpEvent, unknown>>;
  const headers = typeof e.headers === 'object' && e.headers !== null ? (e.headers as Record<string, string | undefined>) : {};
  return { headers, body: typeof e.body === 'string' ? e.body : '', isBase64Encoded: e.isBase64Encoded === true };
}

/** The raw body, once Stripe's signature on it is verified (reading it is the services' job: see handleSignedDelivery). */
async function verify(runtime: FunctionRuntime, request: RawHttpEvent): Promise<string> {
  if (!runtime.webhookSecret) throw new Error('stripe-webhook needs a webhook secret');
  const signature = headerValue(request.headers, 'stripe-signature');
  if (!signature) throw new AppError('INVALID_SIGNATURE', 'Missing Stripe-Signature header');
  const rawBody = request.isBase64Encoded ? Buffer.from(request.body, 'base64').toString('utf8') : request.body;
  // Outside the try: failing to read our own secret is ours (a 5xx), not the sender's.
  const secret = await runtime.webhookSecret();
  const check = Stripe.webhooks.signature;
  if (!check) throw new Error('the Stripe SDK has no webhook signature check');
  try {
    check.verifyHeader(rawBody, signature, secret);
  } catch {
    throw new AppError('INVALID_SIGNATURE', 'Webhook signature verification failed');
  }
  return rawBody;
}

function headerValue(headers: RawHttpEvent['headers'], name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? headers[key] : undefined;
}
