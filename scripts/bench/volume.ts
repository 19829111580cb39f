/**
 * The rows that grow the tables around a query: CALCULATE_EARNINGS with 0 and with many unrelated bookings, and the
 * admin dashboard (ADMIN_METRICS, 14 days) with an empty ledger and with up to 1 000 000 more lines (both fills
 * batch-written and time-bounded; the row names what was actually written).
 */
import { timeCalls, writeLedgerVolume } from '../bench-dashboard';
import { ms, pct, say } from '../bench-stats';
import { writeUnrelatedBookings } from '../bench-unrelated-bookings';
import { ratioGoal, ratioText, type BenchRow } from './table';
import type { BenchStack } from './stack';

const p50p99 = (t: number[]) => `${ms(pct(t, 50))} / ${ms(pct(t, 99))}`;

export async function earningsRows(stack: BenchStack, unrelated: number, budgetMs: number, samples: number): Promise<BenchRow[]> {
  const earnings = (label: string) =>
    timeCalls(
      samples,
      () => stack.call(stack.payouts, 'CALCULATE_EARNINGS', {}, stack.tokens.provider),
      (t) => say(`  CALCULATE_EARNINGS (${label}): p50 ${ms(pct(t, 50))}`),
    );
  const empty = await earnings('0 unrelated');
  say(`writing ${unrelated} unrelated bookings (BatchWrite × 25, 16 at a time, budget ${budgetMs / 1000} s)…`);
  const written = await writeUnrelatedBookings(stack.deps.db, stack.tables.Booking, { count: unrelated, budgetMs, say });
  const full = await earnings(`${written} unrelated`);
  return [
    { measure: 'CALCULATE_EARNINGS, 0 unrelated bookings, p50 / p99', app: p50p99(empty) },
    {
      measure: `CALCULATE_EARNINGS, ${written.toLocaleString('en-US')} unrelated bookings, p50 / p99`,
      app: p50p99(full),
      ratio: ratioText(pct(full, 50), pct(empty, 50), 'of 0 (p50)'),
    },
  ];
}

export async function dashboardRows(stack: BenchStack, lines: number, budgetMs: number, samples: number): Promise<BenchRow[]> {
  const dashboard = (label: string) =>
    timeCalls(
      samples,
      () => stack.call(stack.refunds, 'ADMIN_METRICS', { days: 14 }, stack.tokens.admin),
      (t) => say(`  ADMIN_METRICS (${label}): p50 ${ms(pct(t, 50))}`),
    );
  // Unmeasured calls first: the empty run would otherwise carry the first call's module loading.
  await timeCalls(
    3,
    () => stack.call(stack.refunds, 'ADMIN_METRICS', { days: 14 }, stack.tokens.admin),
    () => undefined,
  );
  const empty = await dashboard('empty ledger');
  say(`writing ${lines} ledger lines over 14 days (budget ${budgetMs / 1000} s)…`);
  const written = await writeLedgerVolume(stack.deps.db, stack.tables, { lines, budgetMs, days: 14, say });
  const full = await dashboard(`${written} ledger lines`);
  return [
    { measure: 'admin dashboard (ADMIN_METRICS, 14 days), empty ledger, p50 / p99', app: p50p99(empty) },
    {
      measure: `admin dashboard, ${written.toLocaleString('en-US')} more ledger lines, p50 / p99`,
      app: p50p99(full),
      floor: `${ms(pct(empty, 50))} (empty, p50)`,
      ratio: ratioText(pct(full, 50), pct(empty, 50), 'of empty (p50)'),
      goal: ratioGoal(pct(full, 50), pct(empty, 50), 1.2, 'empty'),
    },
  ];
}
