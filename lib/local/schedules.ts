/**
 * The schedules of `npm run dev` (AWS: EventBridge Scheduler invokes payout-manager daily): every minute the expiry
 * sweep (with the retries of failed PaymentIntent cancels), every 10 minutes completion, transfers and payouts, and the
 * escalation of refund disputes open too long, every minute the notifications step (reminders now due, retries of
 * failed sends; hourly in AWS, more often here so a retry's one-minute backoff is seen), and once a day the
 * reconciliation with Stripe. One log line per run with its counts. A run never overlaps the previous
 * one of its kind. Returns the function that stops the timers.
 */
import { expireHolds } from '../services/booking-lifecycle';
import type { Deps } from '../ports';
import { runScheduledWork } from '../services/payouts';
import { scheduledReconciliation } from '../services/reconciliation';

interface LocalScheduleOptions {
  expiryEveryMs?: number;
  payoutsEveryMs?: number;
  notificationsEveryMs?: number;
  reconcileEveryMs?: number;
  log?: (line: string) => void;
}

export function startLocalSchedules(deps: Deps, options: LocalScheduleOptions = {}): () => void {
  const log = options.log ?? ((line: string) => console.log(`[schedules] ${line}`));
  const guard = (name: string, run: () => Promise<string>) => {
    let running = false;
    return () => {
      if (running) return;
      running = true;
      const started = Date.now();
      run()
        .then((counts) => log(`${name}: ${counts} (${Date.now() - started} ms)`))
        .catch((err: unknown) => log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`))
        .finally(() => {
          running = false;
        });
    };
  };
  const expiry = guard('expiry sweep', async () => {
    const r = await expireHolds(deps);
    const c = r.cancelRetries;
    const retries = c ? `, cancel retries: canceled ${c.canceled + c.paidAndRefunded}, later ${c.retryLater}, gave up ${c.gaveUp}` : '';
    return `expired ${r.expired}, confirmed ${r.confirmed}, cancel failed ${r.cancelFailed}${retries}, errors ${r.failed + (c?.errors ?? 0)}`;
  });
  const payouts = guard('completion + payouts + escalation', async () => {
    const r = await runScheduledWork(deps, { steps: ['completion', 'payouts', 'escalation'] });
    const p = r.payouts;
    return `completed ${r.completion.completed}, providers ${p.providers}, transfers ${p.transferred} (${p.transferredCents}), payouts ${p.payouts} (${p.payoutCents}), refund disputes escalated ${r.escalation.escalated}, errors ${r.completion.failed + p.errors + p.transferFailures + r.escalation.failed}`;
  });
  const notifications = guard('notifications', async () => {
    const n = (await runScheduledWork(deps, { steps: ['notifications'] })).notifications;
    return `reminders queued ${n.reminders}, sent ${n.sent}, to retry ${n.retry}, failed ${n.failed}, dead ${n.dead}`;
  });
  const reconcile = guard('reconciliation', async () => {
    const r = await scheduledReconciliation(deps, `local-${Date.now()}`, () => undefined);
    return `bookings ${r.bookingsChecked}, providers ${r.providersChecked}, credit balances ${r.creditAccountsChecked}, mismatches ${r.found}, resolved ${r.resolved}, unchecked ${r.unchecked}`;
  });
  const timers = [
    setInterval(expiry, options.expiryEveryMs ?? 60_000),
    setInterval(payouts, options.payoutsEveryMs ?? 10 * 60_000),
    setInterval(notifications, options.notificationsEveryMs ?? 60_000),
    setInterval(reconcile, options.reconcileEveryMs ?? 24 * 60 * 60_000),
  ];
  for (const t of timers) t.unref();
  return () => {
    for (const t of timers) clearInterval(t);
  };
}
