import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readApiKey } from './auth';
import type { Reply, RequestContext } from './context';
import { DEFAULT_RETRY, type DeliveryFaults, type RetryPolicy } from './delivery';
import { Emulator, type EventBridgeOptions } from './emulator';
import { StripeApiError, apiError, errorResponse, invalidRequest, permissionError, routeMissing } from './errors';
import { Faults, type Fault, type FaultRate } from './faults';
import { decodeForm, type ParamMap } from './form';
import { helperRouter, type HelperContext } from './helpers';
import { CORS_HEADERS, parseBody, readBody, send, sendError, STRIPE_JS_PARAMS } from './http';
import { IdempotentRequest, pruneIdempotency } from './idempotency';
import { Params } from './params';
import { promoteAvailableFunds } from './resources/balance';
import { expireSessions } from './resources/checkout-sessions';
import { settlePayouts } from './resources/payouts';
import { renewSubscriptions, subscriptionPaymentHook } from './resources/subscription-cycle';
import { apiRouter } from './routes';
import { PLATFORM_ACCOUNT, randomToken } from './store';
import { validateParams } from './validation';

export interface EmulatorOptions {
  /** 0 = random, default 12111. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** JSON file (e.g. under .data/); absent = in-memory. */
  statePath?: string;
  /** If set, every webhook endpoint created gets this signing secret; else a random `whsec_…`. */
  webhookSecret?: string;
  publishableKey?: never;
  /** Webhook/EventBridge retry policy (default 5 attempts, from 500 ms, doubling; 10 s timeout). */
  webhookRetry?: Partial<RetryPolicy>;
  /** Log lines (webhook deliveries); `false` = silent. Default console.log. */
  log?: ((line: string) => void) | false;
  /** Seconds until charge funds become available (default 2 days; card 4000000000000077: at once). */
  availabilityDelaySeconds?: number;
  /** Seconds until a standard payout is paid (default 1 day; instant payouts: at once). */
  payoutDelaySeconds?: number;
  /** Also (or only, with no webhook endpoints) deliver events as EventBridge envelopes to this function. */
  eventBridge?: EventBridgeOptions;
  /** Validate request parameters against the bundled OpenAPI subset (default true). */
  validateRequests?: boolean;
  /** A standing failure rate on API calls from the start (the chaos knob; see Faults.setRate). */
  faultRate?: Partial<FaultRate> & { rate: number };
  /** Webhook delivery faults from the start (duplicates, shuffled order, delays). */
  webhookFaults?: DeliveryFaults;
}

export interface RunningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Resolves when the webhook delivery queue is empty (retries included). */
  flushWebhooks(): Promise<void>;
  /** Moves the emulator's clock forward (balance availability, payouts). */
  advanceClock(seconds: number): Promise<void>;
  /** The underlying emulator (store, queue: `emulator.queue.setFaults(…)` for webhook delivery faults), for tests. */
  emulator: Emulator;
  /** The API fault knob: `faults.setRate({ rate, kinds, … })`, `faults.stats`, `faults.clear()`. */
  faults: Faults;
}

const EVENT_TTL = 30 * 86400;

export async function startStripeEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const log = opts.log === false ? () => undefined : (opts.log ?? ((line: string) => console.log(`[stripe-emulator] ${line}`)));
  const em = new Emulator(
    {
      webhookSecret: opts.webhookSecret,
      retry: { ...DEFAULT_RETRY, ...opts.webhookRetry },
      log,
      availabilityDelaySeconds: opts.availabilityDelaySeconds ?? 2 * 86400,
      payoutDelaySeconds: opts.payoutDelaySeconds ?? 86400,
      eventBridge: opts.eventBridge,
    },
    opts.statePath,
  );
  em.onTick(promoteAvailableFunds);
  em.onTick(settlePayouts);
  em.onTick(expireSessions);
  em.onTick(renewSubscriptions);
  em.paymentHooks.push(subscriptionPaymentHook);
  em.onTick(() => {
    const now = em.now();
    pruneIdempotency(em.store);
    // Like Stripe, events are kept 30 days.
    for (const event of em.store.all('event')) if (event.created + EVENT_TTL <= now) em.store.remove(event.id);
  });
  const faults = new Faults();
  if (opts.faultRate) faults.setRate(opts.faultRate);
  if (opts.webhookFaults) em.queue.setFaults(opts.webhookFaults);
  const validate = opts.validateRequests ?? true;
  const sockets = new Set<Socket>();

  const reset = () => {
    em.queue.clear();
    em.queue.setFaults(null);
    em.store.reset();
    faults.clear();
  };

  const handleHelper = (req: IncomingMessage, res: ServerResponse, path: string, params: ParamMap, requestId: string) => {
    const match = helperRouter.match(req.method ?? 'GET', path);
    if (!match) throw routeMissing(req.method ?? 'GET', path);
    const h: HelperContext = { em, faults, params: new Params(params), pathParams: match.params, requestId, reset };
    const reply: Reply = match.route.handler(h);
    if (reply.redirect) {
      res.writeHead(303, { Location: reply.redirect });
      res.end();
    } else if (reply.html !== undefined) {
      send(res, reply.status ?? 200, reply.html, {}, 'text/html; charset=utf-8');
    } else {
      send(res, reply.status ?? 200, JSON.stringify(reply.body ?? {}, null, 2));
    }
  };

  /** Replaces a response by an injected fault; true if the response was taken over. */
  const applyFault = (res: ServerResponse, fault: Fault | undefined): boolean => {
    if (!fault) return false;
    log(`fault ${fault.kind} (${fault.phase}) on ${fault.method ?? '*'} ${fault.path}`);
    if (fault.kind === 'http_500') sendError(res, apiError('An unknown error occurred (injected by the emulator).'));
    else if (fault.kind === 'http_429') {
      sendError(
        res,
        new StripeApiError(429, {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Request rate limit exceeded (injected by the emulator).',
        }),
      );
    } else if (fault.kind === 'reset') res.socket?.destroy();
    // timeout: never answer; the socket is destroyed when the client gives up or the emulator closes.
    return true;
  };

  const handleApi = (req: IncomingMessage, res: ServerResponse, url: URL, params: ParamMap, requestId: string) => {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const fault = faults.take(method, path);
    if (fault?.phase === 'before' && applyFault(res, fault)) return;
    em.tick();
    const match = apiRouter.match(method, path);
    if (!match) throw routeMissing(method, path);
    const keyParam = params.key;
    const key = readApiKey(req.headers, typeof keyParam === 'string' ? keyParam : undefined);
    if (key.kind === 'publishable') {
      // Stripe.js extras that carry no meaning here.
      for (const extra of STRIPE_JS_PARAMS) delete params[extra];
    }
    if (key.kind === 'publishable' && !match.route.publishable) {
      throw invalidRequest(
        'This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.',
        { status: 401, replayable: false },
      );
    }
    const header = req.headers['stripe-account'];
    const stripeAccount = Array.isArray(header) ? header[0] : header;
    if (stripeAccount && stripeAccount !== PLATFORM_ACCOUNT && !em.store.find('account', stripeAccount)) {
      throw permissionError(
        `The provided key '${key.key.slice(0, 8)}…' does not have access to account '${stripeAccount}' (or that account does not exist). Application access may have been revoked.`,
      );
    }
    if (validate) validateParams(method, match.route.path, params, key.kind);
    const idemHeader = req.headers['idempotency-key'];
    const idempotencyKey = method === 'POST' ? ((Array.isArray(idemHeader) ? idemHeader[0] : idemHeader) ?? null) : null;
    const account = stripeAccount ?? PLATFORM_ACCOUNT;
    const ctx: RequestContext = {
      em,
      method,
      path,
      params: new Params(params),
      pathParams: match.params,
      account,
      connected: account !== PLATFORM_ACCOUNT,
      keyKind: key.kind,
      requestId,
      idempotencyKey,
    };
    const idem = idempotencyKey
      ? new IdempotentRequest(em.store, idempotencyKey, { keyKind: key.kind, account }, { method, path, params })
      : null;
    const headers: Record<string, string> = idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {};
    const previous = idem?.previous();
    if (previous) {
      if (applyFault(res, fault)) return;
      send(res, previous.status, previous.body, { ...headers, 'Idempotent-Replayed': 'true' });
      return;
    }
    let status = 200;
    let body: string;
    let replayable = true;
    try {
      body = JSON.stringify(match.route.handler(ctx), null, 2);
    } catch (e) {
      if (!(e instanceof StripeApiError)) throw e;
      status = e.status;
      body = JSON.stringify(errorResponse(e), null, 2);
      replayable = e.replayable;
      Object.assign(headers, e.headers);
    }
    if (idem && replayable) idem.remember(status, body);
    if (method !== 'GET') em.store.save();
    if (applyFault(res, fault)) return;
    send(res, status, body, headers);
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    for (const [k, v] of Object.entries(CORS_HEADERS)) res.setHeader(k, v);
    const requestId = `req_${randomToken(14)}`;
    res.setHeader('Request-Id', requestId);
    res.setHeader('Stripe-Version', String(req.headers['stripe-version'] ?? '2023-08-16'));
    if (req.method === 'OPTIONS') {
      res.writeHead(204);
      res.end();
      return;
    }
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const raw = await readBody(req);
      const params: ParamMap = {
        ...decodeForm(url.search.slice(1)),
        ...(req.method === 'POST' ? parseBody(req, raw) : {}),
      };
      if (url.pathname.startsWith('/_emulator/')) {
        handleHelper(req, res, url.pathname, params, requestId);
        em.store.save();
      } else {
        handleApi(req, res, url, params, requestId);
      }
    } catch (e) {
      if (e instanceof StripeApiError) sendError(res, e);
      else {
        log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        sendError(res, apiError(e instanceof Error ? e.message : 'internal error'));
      }
      em.store.save();
    } finally {
      em.queue.kick();
    }
  };

  const server = createServer((req, res) => void onRequest(req, res));
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 12111, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 12111);
  const host = opts.host ?? '127.0.0.1';
  em.baseUrl = `http://${host}:${port}`;
  const timer = setInterval(() => {
    em.tick();
    em.queue.kick();
  }, 1000);
  timer.unref();

  return {
    url: em.baseUrl,
    port,
    emulator: em,
    faults,
    flushWebhooks: () => em.queue.flush(),
    advanceClock: async (seconds: number) => {
      em.store.state.clockOffset += seconds;
      em.tick();
      em.store.save();
      em.queue.kick();
    },
    close: async () => {
      clearInterval(timer);
      em.queue.close();
      em.store.save();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}
