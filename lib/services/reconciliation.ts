/**
 * The reconciliation run (`npm run reconcile`, payout-manager's daily `reconcile` step): every booking's ledger
 * against Stripe's objects for it, every provider's payout lines against their connected account's payouts, every
 * credit balance against its credit ledger (the comparison: lib/domain/reconciliation.ts). Stripe is only read (GET
 * requests, safe to retry; the SDK retries network errors and 5xx/429). A booking or account whose objects could not
 * be read is counted `unchecked` and keeps its earlier mismatches as they were: a Stripe outage resolves nothing.
 */
import type Stripe from 'stripe';
import type { LedgerEntryType } from '../domain/ledger';
import {
  reconcileBooking,
  reconcileCreditBalance,
  reconcileProviderPayouts,
  resolvedMismatchKeys,
  RECONCILIATION_METRICS,
  type BookingStripeObjects,
  type Mismatch,
  type ReconciledLine,
} from '../domain/reconciliation';
import type { ReconciliationMismatchView } from '../http/reconciliation';
import {
  mismatchesPage,
  openMismatches,
  reconciliationInputs,
  resolveMismatch,
  saveMismatch,
  type BookingToReconcile,
  type LedgerLineToReconcile,
} from '../data/reconciliation-records';
import { ledgerAccounts } from '../data/ledger-writer';
import type { Deps } from '../ports';
import { decodePageCursor, encodePageCursor } from './page-cursor';

export interface ReconciliationSummary {
  runId: string;
  bookingsChecked: number;
  providersChecked: number;
  creditAccountsChecked: number;
  /** Bookings and accounts whose Stripe objects could not be read this run. */
  unchecked: number;
  /** Mismatches found by this run (each stored under its key). */
  found: number;
  resolved: number;
  byCategory: Partial<Record<Mismatch['category'], number>>;
}

const PAGE = { limit: 100 } as const;
const CREDIT_ACCOUNT_PREFIX = 'credits:';
const ALL = { limit: 10_000 } as const;

/** Stripe's objects of one booking, read through the SDK (lists paged to the end). */
export async function bookingStripeObjects(deps: Deps, booking: BookingToReconcile): Promise<BookingStripeObjects> {
  const s = deps.stripe;
  const pi = booking.paymentIntentId;
  const [charges, refunds, disputes, transfers] = await Promise.all([
    pi ? s.charges.list({ ...PAGE, payment_intent: pi }).autoPagingToArray(ALL) : Promise.resolve([] as Stripe.Charge[]),
    pi ? s.refunds.list({ ...PAGE, payment_intent: pi }).autoPagingToArray(ALL) : Promise.resolve([] as Stripe.Refund[]),
    pi ? s.disputes.list({ ...PAGE, payment_intent: pi }).autoPagingToArray(ALL) : Promise.resolve([] as Stripe.Dispute[]),
    s.transfers.list({ ...PAGE, transfer_group: booking.id }).autoPagingToArray(ALL),
  ]);
  const captured = charges.filter((c) => c.status === 'succeeded' && c.captured);
  const feeIds = captured.flatMap((c) =>
    c.application_fee ? [typeof c.application_fee === 'string' ? c.application_fee : c.application_fee.id] : [],
  );
  const [feeRefunds, reversals] = await Promise.all([
    Promise.all(feeIds.map((id) => s.applicationFees.listRefunds(id, PAGE).autoPagingToArray(ALL))),
    Promise.all(transfers.filter((t) => t.amount_reversed > 0).map((t) => s.transfers.listReversals(t.id, PAGE).autoPagingToArray(ALL))),
  ]);
  const idOf = (x: string | { id: string } | null) => (typeof x === 'string' ? x : x?.id);
  return {
    charges: captured.map((c) => ({ id: c.id, amount: c.amount_captured, currency: c.currency, paymentIntentId: idOf(c.payment_intent) })),
    refunds: refunds
      .filter((r) => r.status !== 'failed' && r.status !== 'canceled')
      .map((r) => ({ id: r.id, amount: r.amount, currency: r.currency })),
    applicationFeeRefunds: feeRefunds.flat().map((r) => ({ id: r.id, amount: r.amount, currency: r.currency })),
    transfers: transfers.map((t) => ({ id: t.id, amount: t.amount, currency: t.currency })),
    transferReversals: reversals.flat().map((r) => ({ id: r.id, amount: r.amount, currency: r.currency })),
    disputes: disputes.map((d) => ({ id: d.id, amount: d.amount, currency: d.currency, status: d.status })),
  };
}

const asLine = (l: LedgerLineToReconcile): ReconciledLine => ({
  id: l.id,
  type: l.type as LedgerEntryType,
  amountCents: l.amountCents,
  currency: l.currency,
  stripeObjectId: l.stripeObjectId,
});

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

export interface ReconcileOptions {
  runId?: string;
  progress?: (line: string) => void;
  /** Stripe reads in flight at once (default 4). */
  concurrency?: number;
}

export async function reconcileWithStripe(deps: Deps, options: ReconcileOptions = {}): Promise<ReconciliationSummary> {
  const runId = options.runId ?? deps.ids.newId('recon');
  const say = options.progress ?? (() => undefined);
  const concurrency = options.concurrency ?? 4;
  const inputs = await reconciliationInputs(deps);
  const linesOf = new Map<string, ReconciledLine[]>();
  for (const l of inputs.lines) {
    const list = linesOf.get(l.bookingId) ?? [];
    list.push(asLine(l));
    linesOf.set(l.bookingId, list);
  }
  const found: Mismatch[] = [];
  const checked = new Set<string>();
  let unchecked = 0;
  const failed = (what: string, err: unknown) => {
    unchecked++;
    say(`  could not read Stripe for ${what}: ${err instanceof Error ? err.message : String(err)}`);
  };

  // Only bookings that moved money have anything to compare.
  const bookings = inputs.bookings.filter((b) => b.paymentIntentId || linesOf.has(b.id));
  say(`checking ${bookings.length} bookings against Stripe…`);
  let done = 0;
  await inPool(bookings, concurrency, async (b) => {
    try {
      const objects = await bookingStripeObjects(deps, b);
      found.push(...reconcileBooking(b.id, linesOf.get(b.id) ?? [], objects));
      checked.add(b.id);
    } catch (err) {
      failed(`booking ${b.id}`, err);
    }
    if (++done % 50 === 0) say(`  ${done}/${bookings.length} bookings`);
  });

  say(`checking the payouts of ${inputs.providers.length} connected accounts…`);
  await inPool(inputs.providers, concurrency, async (p) => {
    const account = ledgerAccounts.provider(p.id);
    try {
      const payouts = await deps.stripe.payouts.list(PAGE, { stripeAccount: p.stripeAccountId }).autoPagingToArray(ALL);
      const objects = payouts.map((x) => ({ id: x.id, amount: x.amount, currency: x.currency, status: x.status }));
      found.push(...reconcileProviderPayouts(account, linesOf.get(account) ?? [], objects));
      checked.add(account);
    } catch (err) {
      failed(`payouts of ${p.id}`, err);
    }
  });

  const creditLinesOf = new Map<string, { id: string; credits: number }[]>();
  for (const c of inputs.creditLines) creditLinesOf.set(c.userId, [...(creditLinesOf.get(c.userId) ?? []), c]);
  const balances = new Map(inputs.customers.map((c) => [c.id, c.creditBalance ?? 0]));
  // Every customer, every user with credit lines, and every user with an open credit mismatch (a balance put right
  // may have lost its attribute): the credit check needs no Stripe call, so it always covers them all.
  const earlier = (await openMismatches(deps)).map((r) => ({ key: r.id, account: r.account }));
  const creditUsers = new Set([
    ...creditLinesOf.keys(),
    ...inputs.customers.map((c) => c.id),
    ...earlier.flatMap((m) => (m.account.startsWith(CREDIT_ACCOUNT_PREFIX) ? [m.account.slice(CREDIT_ACCOUNT_PREFIX.length)] : [])),
  ]);
  say(`checking ${creditUsers.size} credit balances…`);
  for (const userId of creditUsers) {
    found.push(...reconcileCreditBalance(userId, balances.get(userId) ?? 0, creditLinesOf.get(userId) ?? []));
    checked.add(`${CREDIT_ACCOUNT_PREFIX}${userId}`);
  }

  const now = deps.clock.now();
  await inPool(found, concurrency, (m) => saveMismatch(deps, m, runId, now));
  const resolved = resolvedMismatchKeys(earlier, found, checked);
  await inPool(resolved, concurrency, (key) => resolveMismatch(deps, key, runId, now));
  const byCategory: ReconciliationSummary['byCategory'] = {};
  for (const m of found) byCategory[m.category] = (byCategory[m.category] ?? 0) + 1;
  const summary: ReconciliationSummary = {
    runId,
    bookingsChecked: bookings.filter((b) => checked.has(b.id)).length,
    providersChecked: inputs.providers.filter((p) => checked.has(ledgerAccounts.provider(p.id))).length,
    creditAccountsChecked: creditUsers.size,
    unchecked,
    found: found.length,
    resolved: resolved.length,
    byCategory,
  };
  say(`found ${summary.found} mismatches (${JSON.stringify(byCategory)}), resolved ${summary.resolved}, unchecked ${unchecked}`);
  return summary;
}

/**
 * The run's figures as a CloudWatch embedded-metric-format log line (a Lambda's stdout becomes the metrics; the
 * backend alarms on Mismatches > 0 and on Unchecked > 0, amplify/reconciliation.ts).
 */
export function reconciliationMetricLine(summary: ReconciliationSummary, now: Date): string {
  return JSON.stringify({
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: RECONCILIATION_METRICS.namespace,
          Dimensions: [[]],
          Metrics: [
            { Name: RECONCILIATION_METRICS.mismatches, Unit: 'Count' },
            { Name: RECONCILIATION_METRICS.unchecked, Unit: 'Count' },
          ],
        },
      ],
    },
    [RECONCILIATION_METRICS.mismatches]: summary.found,
    [RECONCILIATION_METRICS.unchecked]: summary.unchecked,
    runId: summary.runId,
    msg: 'reconciliation',
  });
}

/**
 * The scheduled run's `reconcile` step: the run, its metric line on stdout (the alarm's source), never a throw — a
 * failed reconciliation must not undo the run's payouts; it is reported as one unchecked unit, which alarms too.
 */
export async function scheduledReconciliation(
  deps: Deps,
  runId: string,
  log: (line: string) => void = (line) => console.log(line),
): Promise<ReconciliationSummary> {
  let summary: ReconciliationSummary;
  try {
    summary = await reconcileWithStripe(deps, { runId: `${runId}-reconcile` });
  } catch (err) {
    console.error(JSON.stringify({ level: 'error', msg: 'reconciliation', error: err instanceof Error ? err.message : String(err) }));
    summary = {
      runId: `${runId}-reconcile`,
      bookingsChecked: 0,
      providersChecked: 0,
      creditAccountsChecked: 0,
      unchecked: 1,
      found: 0,
      resolved: 0,
      byCategory: {},
    };
  }
  log(reconciliationMetricLine(summary, deps.clock.now()));
  return summary;
}

/** The admin page's list: one page of one status's mismatches by lastSeenAt; the cursor is scoped to status and order. */
export async function adminListMismatches(
  deps: Deps,
  q: { status: 'OPEN' | 'RESOLVED'; order?: 'newest' | 'oldest' | undefined; limit: number; cursor?: string | undefined },
): Promise<{ mismatches: ReconciliationMismatchView[]; nextCursor?: string }> {
  const newestFirst = q.order !== 'oldest';
  const scope = `reconciliation-mismatches:${q.status}:${newestFirst ? 'newest' : 'oldest'}`;
  const page = await mismatchesPage(deps, { status: q.status, newestFirst, limit: q.limit }, decodePageCursor(scope, q.cursor));
  const nextCursor = encodePageCursor(scope, page.nextCursor);
  return {
    ...(nextCursor ? { nextCursor } : {}),
    mismatches: page.items.map((r) => ({
      key: r.id,
      category: r.category,
      kind: r.kind,
      account: r.account,
      ...(r.stripeObjectId ? { stripeObjectId: r.stripeObjectId } : {}),
      ledgerLineIds: r.ledgerLineIds,
      ledger: r.ledgerCurrency !== undefined ? { amountMinor: r.ledgerAmountMinor ?? 0, currency: r.ledgerCurrency } : null,
      actual: r.actualCurrency !== undefined ? { amountMinor: r.actualAmountMinor ?? 0, currency: r.actualCurrency } : null,
      status: r.status,
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
      ...(r.resolvedAt ? { resolvedAt: r.resolvedAt } : {}),
    })),
  };
}
