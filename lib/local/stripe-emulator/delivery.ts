import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { seededRandom } from './faults';

export interface RetryPolicy {
  /** Attempts per event and target, the first included (default 5). */
  maxAttempts: number;
  /** Delay before the second attempt; doubles each time (default 500 ms). */
  initialDelayMs: number;
  /** An attempt that takes longer fails (default 10 s). */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 500, timeoutMs: 10_000 };

interface DeliveryLogEntry {
  at: string;
  eventId: string;
  eventType: string;
  target: string;
  attempt: number;
  ok: boolean;
  status?: number;
  error?: string;
}

/** Sends one event to one target; resolves on success, rejects (with a reason) on failure. */
type DeliverFn = (targetId: string, eventId: string) => Promise<void>;

interface Job {
  eventId: string;
  eventType: string;
  attempts: number;
  /** A second delivery of an event already delivered (a delivery fault). */
  duplicate?: boolean;
  /** Delivery faults already decided for this job (its place in the queue, its delay). */
  placed?: boolean;
  delayed?: boolean;
}

/**
 * Webhook delivery faults, as Stripe's delivery allows them: an event delivered again later (`duplicateRate`), events
 * overtaking those queued before them (`shuffleRate`), a wait of up to `maxDelayMs` before an event's first attempt.
 * Draws come from a generator seeded with `seed`.
 */
export interface DeliveryFaults {
  duplicateRate: number;
  shuffleRate: number;
  maxDelayMs: number;
  seed: number;
}

/**
 * Per-target FIFO queues: one event in flight per target, so each target sees events in creation
 * order; a failed attempt is retried with exponential backoff before the next event goes out.
 */
export class DeliveryQueue {
  private readonly queues = new Map<string, Job[]>();
  private readonly busy = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private waiters: (() => void)[] = [];
  private paused = false;
  private closed = false;
  private faults: DeliveryFaults | null = null;
  private random: () => number = Math.random;
  readonly log: DeliveryLogEntry[] = [];
  faultStats = { duplicated: 0, shuffled: 0, delayed: 0 };

  constructor(
    private readonly deliver: DeliverFn,
    public policy: RetryPolicy,
    private readonly logLine: (line: string) => void,
    private readonly onDelivered: (eventId: string) => void,
  ) {}

  enqueue(targetId: string, eventId: string, eventType: string): void {
    const q = this.queues.get(targetId) ?? [];
    q.push({ eventId, eventType, attempts: 0 });
    this.queues.set(targetId, q);
  }

  /** Starts work on every idle target (called after the API response went out). */
  kick(): void {
    for (const target of this.queues.keys()) this.pump(target);
    this.settle();
  }

  /** Sets (null: clears) the delivery faults; their counts start again. */
  setFaults(faults: DeliveryFaults | null): void {
    for (const [name, rate] of [
      ['duplicateRate', faults?.duplicateRate ?? 0],
      ['shuffleRate', faults?.shuffleRate ?? 0],
    ] as const) {
      if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be between 0 and 1`);
    }
    this.faults = faults;
    this.random = seededRandom(faults?.seed ?? 1);
    this.faultStats = { duplicated: 0, shuffled: 0, delayed: 0 };
  }

  get deliveryFaults(): DeliveryFaults | null {
    return this.faults;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  pendingCount(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  /** Resolves when nothing deliverable is left (queued work stays queued while paused). */
  flush(): Promise<void> {
    this.kick();
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.settle();
    });
  }

  clear(): void {
    this.queues.clear();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.settle();
  }

  close(): void {
    this.closed = true;
    this.clear();
    this.busy.clear();
    this.settle(true);
  }

  private idle(): boolean {
    if (this.busy.size > 0 || this.timers.size > 0) return false;
    return this.paused || this.closed || this.pendingCount() === 0;
  }

  private settle(force = false): void {
    if (!force && !this.idle()) return;
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }

  private pump(target: string): void {
    if (this.paused || this.closed || this.busy.has(target)) return;
    const q = this.queues.get(target);
    let job = q?.[0];
    if (!q || !job) {
      this.queues.delete(target);
      return;
    }
    const f = this.faults;
    if (f && job.attempts === 0) {
      if (!job.placed && q.length > 1 && this.random() < f.shuffleRate) {
        const i = 1 + Math.floor(this.random() * (q.length - 1));
        [q[0], q[i]] = [q[i]!, q[0]!];
        job = q[0]!;
        this.faultStats.shuffled += 1;
      }
      job.placed = true;
      if (f.maxDelayMs > 0 && !job.delayed) {
        job.delayed = true;
        this.faultStats.delayed += 1;
        const t = setTimeout(
          () => {
            this.timers.delete(t);
            this.pump(target);
            this.settle();
          },
          Math.floor(this.random() * f.maxDelayMs),
        );
        this.timers.add(t);
        return;
      }
    }
    const sending = job;
    this.busy.add(target);
    sending.attempts += 1;
    const started = Date.now();
    this.deliver(target, sending.eventId).then(
      () => this.finish(target, sending, true, undefined, started),
      (err: unknown) => this.finish(target, sending, false, err, started),
    );
  }

  private finish(target: string, job: Job, ok: boolean, err: unknown, started: number): void {
    if (this.closed) return;
    this.busy.delete(target);
    const status = err instanceof DeliveryError ? err.status : undefined;
    const reason = err instanceof Error ? err.message : err === undefined ? undefined : String(err);
    this.log.push({
      at: new Date().toISOString(),
      eventId: job.eventId,
      eventType: job.eventType,
      target,
      attempt: job.attempts,
      ok,
      ...(status !== undefined ? { status } : {}),
      ...(reason !== undefined ? { error: reason } : {}),
    });
    if (this.log.length > 1000) this.log.splice(0, this.log.length - 1000);
    const q = this.queues.get(target) ?? [];
    const ms = Date.now() - started;
    if (ok) {
      this.logLine(`webhook ${job.eventType} ${job.eventId} -> ${target}: delivered (attempt ${job.attempts}, ${ms} ms)`);
      q.shift();
      if (!job.duplicate) this.onDelivered(job.eventId);
      if (this.faults && !job.duplicate && this.random() < this.faults.duplicateRate) {
        q.push({ eventId: job.eventId, eventType: job.eventType, attempts: 0, duplicate: true });
        this.faultStats.duplicated += 1;
      }
      this.pump(target);
    } else if (job.attempts >= this.policy.maxAttempts) {
      this.logLine(`webhook ${job.eventType} ${job.eventId} -> ${target}: gave up after ${job.attempts} attempts (${reason})`);
      q.shift();
      this.pump(target);
    } else {
      const delay = this.policy.initialDelayMs * 2 ** (job.attempts - 1);
      this.logLine(`webhook ${job.eventType} ${job.eventId} -> ${target}: failed (${reason}), retry in ${delay} ms`);
      const t = setTimeout(() => {
        this.timers.delete(t);
        this.pump(target);
        this.settle();
      }, delay);
      this.timers.add(t);
    }
    this.settle();
  }
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Stripe's signature header: `t=<unix>,v1=<hex hmac-sha256 of "t.payload">`. */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** POSTs a JSON payload; resolves on 2xx. */
export function postJson(url: string, payload: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      reject(new DeliveryError(`invalid url ${url}`));
      return;
    }
    const send = u.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      u,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(payload)),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'cache-control': 'no-cache',
          ...headers,
        },
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve();
          else reject(new DeliveryError(`HTTP ${status}`, status));
        });
        res.on('error', (e) => reject(new DeliveryError(e.message)));
      },
    );
    req.on('timeout', () => req.destroy(new DeliveryError(`timeout after ${timeoutMs} ms`)));
    req.on('error', (e) => reject(e instanceof DeliveryError ? e : new DeliveryError(e.message)));
    req.end(payload);
  });
}
