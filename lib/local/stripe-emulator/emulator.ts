import { createHash } from 'node:crypto';
import type { EventOrigin, RequestContext } from './context';
import { DEFAULT_RETRY, DeliveryError, DeliveryQueue, postJson, signatureHeader, type RetryPolicy } from './delivery';
import type { JsonObject } from './objects/base';
import type { PaymentIntent } from './objects/payments';
import type { StripeEvent, WebhookEndpoint } from './objects/webhooks';
import { newId, PLATFORM_ACCOUNT, Store } from './store';

/** Events are rendered in this API version (the version of the bundled OpenAPI description). */
const EMULATOR_API_VERSION = '2023-08-16';
const EVENTBRIDGE_TARGET = 'eventbridge';

export interface EventBridgeEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: StripeEvent;
}

export interface EventBridgeOptions {
  /** Receives every event (platform and connected accounts); throwing counts as a failed delivery. */
  invoke: (envelope: EventBridgeEnvelope) => unknown;
  /** Default `aws.partner/stripe.com/ed_test_emulator`. */
  source?: string;
  region?: string;
  awsAccountId?: string;
}

interface EmulatorConfig {
  webhookSecret?: string;
  retry: RetryPolicy;
  log: (line: string) => void;
  /** Seconds until a charge's funds become available (default 2 days). */
  availabilityDelaySeconds: number;
  /** Seconds until a standard payout is paid (default 1 day). */
  payoutDelaySeconds: number;
  eventBridge?: EventBridgeOptions;
}

/** Called when a PaymentIntent succeeds or a payment attempt fails (invoices listen). */
type PaymentHook = (ctx: RequestContext, pi: PaymentIntent, outcome: 'succeeded' | 'failed') => void;

/** The envelope id: a UUID derived from the event id, so every retry of one event carries the same id (as EventBridge's do). */
function eventBridgeId(eventId: string): string {
  const h = createHash('sha256').update(eventId).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function snapshot<T extends object>(obj: T): JsonObject {
  return JSON.parse(JSON.stringify(obj)) as JsonObject;
}

/** Shared state and services of one running emulator: the store, events, and their delivery. */
export class Emulator {
  readonly store: Store;
  readonly queue: DeliveryQueue;
  baseUrl = '';
  private readonly tickers: ((em: Emulator) => void)[] = [];
  readonly paymentHooks: PaymentHook[] = [];

  constructor(
    readonly config: EmulatorConfig,
    statePath?: string,
  ) {
    this.store = new Store(statePath);
    this.queue = new DeliveryQueue(
      (target, eventId) => this.deliver(target, eventId),
      config.retry ?? DEFAULT_RETRY,
      config.log,
      (eventId) => {
        const ev = this.store.find('event', eventId);
        if (ev && ev.pending_webhooks > 0) {
          ev.pending_webhooks -= 1;
          this.store.save();
        }
      },
    );
  }

  now(): number {
    return this.store.now();
  }

  /** Registers work that runs on every tick of the clock (balance availability, payouts). */
  onTick(fn: (em: Emulator) => void): void {
    this.tickers.push(fn);
  }

  tick(): void {
    for (const fn of this.tickers) fn(this);
  }

  /**
   * Records an event for `account` (connected-account events carry `account`) and queues it for
   * every matching webhook endpoint and the EventBridge target. Delivery starts on `queue.kick()`.
   */
  emit(origin: EventOrigin, account: string, type: string, object: object, previous?: JsonObject): StripeEvent {
    const connected = account !== PLATFORM_ACCOUNT;
    const event: StripeEvent = {
      id: newId('evt'),
      object: 'event',
      ...(connected ? { account } : {}),
      api_version: EMULATOR_API_VERSION,
      created: this.now(),
      data: { object: snapshot(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: 0,
      request: { id: origin.requestId, idempotency_key: origin.idempotencyKey },
      type,
    };
    const targets = this.matchingEndpoints(event).map((e) => e.id);
    if (this.config.eventBridge) targets.push(EVENTBRIDGE_TARGET);
    event.pending_webhooks = targets.length;
    this.store.insert('event', account, event);
    for (const t of targets) this.queue.enqueue(t, event.id, type);
    return event;
  }

  private matchingEndpoints(event: StripeEvent): WebhookEndpoint[] {
    const connected = event.account !== undefined;
    return this.store
      .all('webhook_endpoint', PLATFORM_ACCOUNT)
      .filter(
        (e) =>
          e.status === 'enabled' &&
          (this.store.state.webhookConnect[e.id] ?? false) === connected &&
          (e.enabled_events.includes('*') || e.enabled_events.includes(event.type)),
      );
  }

  private async deliver(target: string, eventId: string): Promise<void> {
    const event = this.store.find('event', eventId);
    if (!event) throw new DeliveryError('event no longer exists');
    if (target === EVENTBRIDGE_TARGET) return this.deliverEventBridge(event);
    const endpoint = this.store.find('webhook_endpoint', target);
    const secret = this.store.state.webhookSecrets[target];
    if (!endpoint || !secret || endpoint.status !== 'enabled') return; // deleted or disabled: drop
    const rendered: StripeEvent = { ...event, api_version: endpoint.api_version ?? event.api_version };
    const payload = JSON.stringify(rendered, null, 2);
    const header = signatureHeader(payload, secret, Math.floor(Date.now() / 1000));
    await postJson(endpoint.url, payload, { 'stripe-signature': header }, this.queue.policy.timeoutMs);
  }

  private async deliverEventBridge(event: StripeEvent): Promise<void> {
    const eb = this.config.eventBridge;
    if (!eb) return;
    const envelope: EventBridgeEnvelope = {
      version: '0',
      id: eventBridgeId(event.id),
      'detail-type': event.type,
      source: eb.source ?? 'aws.partner/stripe.com/ed_test_emulator',
      account: eb.awsAccountId ?? '000000000000',
      time: new Date(event.created * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: eb.region ?? 'us-east-1',
      resources: [],
      detail: event,
    };
    const timeout = this.queue.policy.timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(() => eb.invoke(envelope)),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new DeliveryError(`timeout after ${timeout} ms`)), timeout);
        }),
      ]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }
}
