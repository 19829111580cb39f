/**
 * The money scenarios of the chaos runs, through the production handlers as the browser and Stripe.js drive them:
 * bookings paid, partly and fully refunded, cancelled, completed, transferred, paid out, refunded after the payout and
 * disputed — while the emulator fails a share of Stripe calls, or delivers webhooks duplicated, shuffled, delayed and
 * with the answer lost after the commit. Callers retry as people do (same request ids); nothing here repairs state.
 */
import { repo } from '../../lib/data/repository';
import { runScheduledWork } from '../../lib/services/payouts';
import type { ChaosStack } from './stack';

type Fn = ChaosStack['functions']['booking-processor'];
interface Answer {
  status: number;
  body: Record<string, unknown>;
}

export interface MoneyRunStats {
  bookings: number;
  /** 5xx answers to valid requests while Stripe failed (expected: the caller retries), and requests given up. */
  providerErrors: number;
  gaveUp: number;
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A request repeated as a person would: again after a 5xx or a 429, up to `tries` times. */
async function persist(stats: MoneyRunStats, send: () => Promise<Answer>, tries = 8): Promise<Answer> {
  let last: Answer = { status: 0, body: {} };
  for (let i = 0; i < tries; i++) {
    last = await send();
    if (last.status < 500 && last.status !== 429) return last;
    stats.providerErrors += 1;
    await sleep(10 * (i + 1));
  }
  stats.gaveUp += 1;
  return last;
}

async function invoke(fn: Fn, action: string, payload: object, token: string): Promise<Answer> {
  const res = await fn({ action, payload, token });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}

/** What Stripe.js does: a card PaymentMethod, then confirm with the client secret; asks Stripe again after a failure. */
async function payLikeStripeJs(stack: ChaosStack, clientSecret: string, card: string): Promise<boolean> {
  const piId = clientSecret.split('_secret_')[0]!;
  const call = async (method: 'GET' | 'POST', path: string, form: Record<string, string>) => {
    const body = new URLSearchParams(form).toString();
    try {
      const res = await fetch(`${stack.emulator.url}${path}${method === 'GET' ? `?${body}` : ''}`, {
        method,
        headers: { authorization: 'Bearer pk_test_chaos', 'content-type': 'application/x-www-form-urlencoded' },
        ...(method === 'POST' ? { body } : {}),
        signal: AbortSignal.timeout(1_500),
      });
      return (await res.json()) as { id?: string; status?: string };
    } catch {
      return {};
    }
  };
  for (let i = 0; i < 10; i++) {
    const pm = await call('POST', '/v1/payment_methods', {
      type: 'card',
      'card[number]': card,
      'card[exp_month]': '12',
      'card[exp_year]': '2035',
      'card[cvc]': '123',
    });
    if (pm.id) {
      const confirmed = await call('POST', `/v1/payment_intents/${piId}/confirm`, { client_secret: clientSecret, payment_method: pm.id });
      if (confirmed.status === 'succeeded') return true;
    }
    const now = await call('GET', `/v1/payment_intents/${piId}`, { client_secret: clientSecret });
    if (now.status === 'succeeded') return true;
    await sleep(10 * (i + 1));
  }
  return false;
}

/** Free one-hour slots of the portrait service over the booking window, as many as asked (31 days per query). */
async function freeSlots(stack: ChaosStack, count: number) {
  const slots: { startDateTime: string; endDateTime: string }[] = [];
  for (let window = 0; slots.length < count && window < 6; window++) {
    const from = new Date(Date.now() + window * 30 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + (window * 30 + 29) * 86_400_000).toISOString().slice(0, 10);
    const res = await invoke(
      stack.functions['booking-processor'],
      'CHECK_AVAILABILITY',
      { serviceId: 'svc_demo_portrait', from, to },
      stack.tokens.customer,
    );
    slots.push(...((res.body.slots as typeof slots | undefined) ?? []));
  }
  return slots.slice(0, count);
}

export type BookingPlan = 'refunds' | 'cancel' | 'payout' | 'dispute' | 'refund-after-payout';
const PLANS: BookingPlan[] = ['refunds', 'cancel', 'payout', 'dispute', 'refund-after-payout'];

export interface MoneyScenarioOptions {
  bookings: number;
  /** false: payments are confirmed by webhooks alone (no CONFIRM_BOOKING call). */
  confirmByRequest: boolean;
  say?: (line: string) => void;
}

/** Drives `bookings` bookings through their plans (round robin over PLANS). Returns the stats and the booking ids. */
export async function runMoneyScenario(stack: ChaosStack, options: MoneyScenarioOptions) {
  const say = options.say ?? (() => undefined);
  const stats: MoneyRunStats = { bookings: 0, providerErrors: 0, gaveUp: 0 };
  const bp = stack.functions['booking-processor'];
  const rp = stack.functions['refund-processor'];
  const pm = stack.functions['payout-manager'];
  const { customer, admin, provider } = stack.tokens;
  const slots = await freeSlots(stack, options.bookings);
  const planned: { bookingId: string; plan: BookingPlan; end: string }[] = [];
  let done = 0;
  await inPool([...slots.entries()], 4, async ([i, slot]) => {
    const plan = PLANS[i % PLANS.length]!;
    const created = await persist(stats, () =>
      invoke(bp, 'CREATE_BOOKING', { serviceId: 'svc_demo_portrait', ...slot, groupSize: 1 }, customer),
    );
    if (created.status !== 200) return;
    const bookingId = String(created.body.bookingId);
    stats.bookings += 1;
    const paid = await payLikeStripeJs(
      stack,
      String(created.body.clientSecret),
      plan === 'dispute' ? '4000000000000259' : '4000000000000077',
    );
    if (!paid) stats.gaveUp += 1;
    if (options.confirmByRequest) await persist(stats, () => invoke(bp, 'CONFIRM_BOOKING', { bookingId }, customer));
    planned.push({ bookingId, plan, end: slot.endDateTime });
    if (++done % 25 === 0) say(`  ${done}/${slots.length} booked and paid`);
  });
  await stack.emulator.flushWebhooks();
  const refund = (bookingId: string, requestId: string, refundAmount?: number, token = admin) =>
    persist(stats, () =>
      invoke(rp, 'PROCESS_REFUND', { bookingId, requestId, ...(refundAmount ? { refundAmount, reason: 'chaos run refund' } : {}) }, token),
    );
  say('partial refunds and cancellations…');
  await inPool(planned, 4, async (p) => {
    if (p.plan === 'refunds') await refund(p.bookingId, `chaos-${p.bookingId}-part`, 3_000);
    if (p.plan === 'cancel') await refund(p.bookingId, `chaos-${p.bookingId}-cancel`, undefined, customer);
  });
  await stack.emulator.flushWebhooks();

  say('completion, transfers and payouts (the scheduled run, then the provider asks)…');
  const lastEnd = Math.max(...planned.map((p) => Date.parse(p.end)), Date.now());
  stack.setClockOffset(lastEnd + 3 * 3_600_000 - Date.now());
  for (let run = 0; run < 3; run++) await runScheduledWork(stack.deps, { steps: ['completion', 'payouts'] });
  await persist(stats, () => invoke(pm, 'SCHEDULE_PAYOUT', {}, provider));
  await stack.emulator.flushWebhooks();

  say('refunds after the payout…');
  await inPool(planned, 4, async (p) => {
    if (p.plan === 'refund-after-payout') await refund(p.bookingId, `chaos-${p.bookingId}-after`, 5_000);
    if (p.plan === 'refunds') {
      const booking = await repo.booking(stack.deps, p.bookingId);
      const rest = (booking?.totalAmountCents ?? 0) - (booking?.refundedCents ?? 0);
      if (rest > 0) await refund(p.bookingId, `chaos-${p.bookingId}-rest`, rest);
    }
  });
  await stack.emulator.flushWebhooks();
  return { stats, planned };
}

/** Stripe healthy again: deliveries finish, the scheduled run and a payout request pick up what the faults left. */
export async function settle(stack: ChaosStack): Promise<void> {
  stack.emulator.faults.clear();
  stack.emulator.emulator.queue.setFaults(null);
  stack.setKillRate(0);
  await stack.emulator.flushWebhooks();
  await runScheduledWork(stack.deps, { steps: ['expiry', 'completion', 'payouts', 'escalation'] });
  await stack.functions['payout-manager']({ action: 'SCHEDULE_PAYOUT', payload: {}, token: stack.tokens.provider });
  await stack.emulator.flushWebhooks();
}
