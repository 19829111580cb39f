/**
 * The reconciliation against the emulator through the real SDK, on the file's own tables: real bookings paid,
 * refunded, transferred, reversed, paid out and disputed by the production handlers reconcile clean; then a mismatch of
 * each kind is planted — a wrong or extra ledger line written straight into the table, or a Stripe object made through
 * the SDK while webhooks are held so our books never learn of it — and each is found with its object id and amounts.
 * A re-run updates the same rows; fixed ones are marked resolved. Plants in our tables are undone before the file ends
 * (the after-file ledger and events checks read them).
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mismatchesByStatus, type MismatchRecord } from '../../../lib/data/reconciliation-records';
import type { BookingRecord } from '../../../lib/data/records';
import { RECONCILIATION_METRICS } from '../../../lib/domain/reconciliation';
import type { ReconciliationAdminResponses } from '../../../lib/http/reconciliation';
import { runScheduledWork } from '../../../lib/services/payouts';
import { reconcileWithStripe, scheduledReconciliation } from '../../../lib/services/reconciliation';
import { allPages } from '../admin/support';
import { paidBooking, PORTRAIT, providerAccount, refundCall, tokens, transferToProvider } from '../refunds/support';
import { confirmLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
let refunded: BookingRecord;
let transferred: BookingRecord;
let disputed: BookingRecord;
let account: string;

const item = async (table: string, id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: table, Key: { id }, ConsistentRead: true }))).Item;
const put = (table: string, value: Record<string, unknown>) => stack.deps.db.send(new PutCommand({ TableName: table, Item: value }));
const del = (table: string, id: string) => stack.deps.db.send(new DeleteCommand({ TableName: table, Key: { id } }));
const linesOf = async (bookingId: string) =>
  (
    await stack.deps.db.send(
      new QueryCommand({
        TableName: stack.tables.Transaction,
        IndexName: 'byBooking',
        KeyConditionExpression: 'bookingId = :b',
        ExpressionAttributeValues: { ':b': bookingId },
      }),
    )
  ).Items as Record<string, unknown>[];
const refund = async (booking: BookingRecord, amount: number, requestId: string) => {
  const res = await refundCall(
    stack,
    'PROCESS_REFUND',
    { bookingId: booking.id, refundAmount: amount, reason: 'reconciliation test', requestId },
    t.admin,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  await stack.emulator.flushWebhooks();
};
const open = () => mismatchesByStatus(stack.deps, 'OPEN');
type MismatchPage = ReconciliationAdminResponses['ADMIN_LIST_RECONCILIATION_MISMATCHES'];
const list = (fields: object) => refundCall<MismatchPage>(stack, 'ADMIN_LIST_RECONCILIATION_MISMATCHES', fields, t.admin);
const rowsOf = (page: MismatchPage) => page.mismatches.map((m) => ({ id: m.key }));
/** A booking paid with the card whose charge is disputed at once (the chargeback webhooks handled). */
async function disputedBooking(): Promise<BookingRecord> {
  const slot = await firstFreeSlot(stack, PORTRAIT, 7);
  const created = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: PORTRAIT, ...slot, groupSize: 1 },
    stack.customerToken,
  );
  expect(created.status).toBe(200);
  await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4000000000000259');
  await stack.emulator.flushWebhooks();
  return (await item(stack.tables.Booking, created.body.bookingId)) as BookingRecord;
}

beforeAll(async () => {
  stack = await startTestStack('reconcile');
  t = tokens(stack);
  account = await providerAccount(stack);
  refunded = await paidBooking(stack);
  await refund(refunded, 2_000, 'req-recon-refund');
  transferred = await paidBooking(stack);
  await transferToProvider(stack, transferred);
  await refund(transferred, 3_000, 'req-recon-after-transfer');
  disputed = await disputedBooking();
  const payout = await stack.functions['payout-manager']({
    action: 'INSTANT_PAYOUT',
    payload: { requestId: 'req-recon-payout' },
    token: t.provider,
  });
  expect(payout.statusCode, payout.body).toBe(200);
  await stack.emulator.flushWebhooks();
}, 60_000);
afterAll(async () => stack?.close());

describe('reconciliation against Stripe', () => {
  it('a clean run over refunds, a transfer and its reversal, a payout and a dispute finds no mismatch', async () => {
    const disputeLines = (await linesOf(disputed.id)).filter((l) => l.type === 'DISPUTE');
    expect(disputeLines.length).toBeGreaterThan(0);
    const reversals = (await linesOf(transferred.id)).filter((l) => l.type === 'TRANSFER_REVERSAL');
    expect(reversals.length).toBe(1);
    expect((await linesOf(`provider:${transferred.providerId}`)).some((l) => l.type === 'PAYOUT')).toBe(true);

    const summary = await reconcileWithStripe(stack.deps);
    expect(summary).toMatchObject({ found: 0, unchecked: 0, resolved: 0 });
    expect(summary.bookingsChecked).toBeGreaterThanOrEqual(3);
    expect(summary.providersChecked).toBeGreaterThanOrEqual(1);
    expect(await open()).toEqual([]);
  });

  let planted: { chargeLine: Record<string, unknown>; disputeLines: Record<string, unknown>[]; customer?: Record<string, unknown> };
  let first: MismatchRecord[];
  let feeBookingId: string;
  let sdk: { refund: string; transfer: string; reversal: string; payout: string; feeRefund: string };

  it('finds a planted mismatch of each kind, with the exact object ids and amounts', async () => {
    stack.emulator.emulator.queue.pause();
    // Our side: a wrong CHARGE amount, a REFUND line Stripe never made, a DISPUTE line lost, a credit balance off.
    const chargeLine = (await linesOf(refunded.id)).find((l) => l.type === 'CHARGE')!;
    await put(stack.tables.Transaction, { ...chargeLine, amountCents: 12_100 });
    await put(stack.tables.Transaction, {
      ...chargeLine,
      id: `${refunded.id}#REFUND#planted`,
      type: 'REFUND',
      amountCents: 500,
      stripeObjectId: 're_planted',
    });
    const disputeLines = (await linesOf(disputed.id)).filter((l) => l.type === 'DISPUTE');
    for (const l of disputeLines) await del(stack.tables.Transaction, l.id as string);
    const customer = await item(stack.tables.Customer, refunded.customerId);
    await put(stack.tables.Customer, { ...(customer ?? { id: refunded.customerId, __typename: 'Customer' }), creditBalance: 700 });
    planted = { chargeLine, disputeLines, ...(customer ? { customer } : {}) };

    // Stripe's side, made through the SDK while webhooks are held: objects our books never hear of.
    const s = stack.deps.stripe;
    const extraRefund = await s.refunds.create({ payment_intent: refunded.paymentIntentId!, amount: 700 });
    const transfer = await s.transfers.create({
      amount: 300,
      currency: 'usd',
      destination: account,
      source_transaction: refunded.chargeId!,
      transfer_group: refunded.id,
    });
    const reversal = await s.transfers.createReversal(transfer.id, { amount: 100 });
    const payout = await s.payouts.create({ amount: 150, currency: 'usd' }, { stripeAccount: account });
    const pi = await s.paymentIntents.create({
      amount: 5_000,
      currency: 'usd',
      payment_method: 'pm_card_bypassPending',
      confirm: true,
      application_fee_amount: 500,
      transfer_data: { destination: account },
    });
    const feeRefundOf = await s.refunds.create({ payment_intent: pi.id, amount: 1_000, refund_application_fee: true });
    const fees = await s.applicationFees.list({ charge: pi.latest_charge as string });
    const feeRefunds = await s.applicationFees.listRefunds(fees.data[0]!.id);
    feeBookingId = 'bk_recon_unknown_fee';
    await put(stack.tables.Booking, { id: feeBookingId, currency: 'usd', paymentIntentId: pi.id, status: 'CONFIRMED', testFixture: true });
    sdk = { refund: extraRefund.id, transfer: transfer.id, reversal: reversal.id, payout: payout.id, feeRefund: feeRefunds.data[0]!.id };
    expect(feeRefundOf.status).toBe('succeeded');

    const summary = await reconcileWithStripe(stack.deps);
    first = await open();
    const by = (key: string) => first.find((m) => m.id === key);
    expect(summary.found).toBe(first.length);
    expect(by(`CHARGE#${refunded.id}#${refunded.chargeId}`)).toMatchObject({
      kind: 'AMOUNT_DIFFERS',
      ledgerAmountMinor: 12_100,
      actualAmountMinor: 12_000,
      ledgerCurrency: 'usd',
      ledgerLineIds: [chargeLine.id],
    });
    expect(by(`REFUND#${refunded.id}#re_planted`)).toMatchObject({ kind: 'MISSING_IN_STRIPE', ledgerAmountMinor: 500 });
    expect(by(`REFUND#${refunded.id}#${sdk.refund}`)).toMatchObject({
      kind: 'MISSING_IN_LEDGER',
      actualAmountMinor: 700,
      actualCurrency: 'usd',
    });
    expect(by(`TRANSFER#${refunded.id}#${sdk.transfer}`)).toMatchObject({ kind: 'MISSING_IN_LEDGER', actualAmountMinor: 300 });
    expect(by(`TRANSFER_REVERSAL#${refunded.id}#${sdk.reversal}`)).toMatchObject({ kind: 'MISSING_IN_LEDGER', actualAmountMinor: 100 });
    expect(by(`PAYOUT#provider:${refunded.providerId}#${sdk.payout}`)).toMatchObject({ kind: 'MISSING_IN_LEDGER', actualAmountMinor: 150 });
    const dispute = first.find((m) => m.category === 'DISPUTE' && m.account === disputed.id);
    expect(dispute).toMatchObject({ kind: 'MISSING_IN_LEDGER', actualAmountMinor: disputed.totalAmountCents });
    expect(dispute?.stripeObjectId).toMatch(/^(dp|du)_/);
    expect(by(`APPLICATION_FEE_REFUND#${feeBookingId}#${sdk.feeRefund}`)).toMatchObject({
      kind: 'MISSING_IN_LEDGER',
      actualAmountMinor: 100,
    });
    expect(by(`CHARGE#${feeBookingId}#${pi.latest_charge as string}`)).toMatchObject({
      kind: 'MISSING_IN_LEDGER',
      actualAmountMinor: 5_000,
    });
    expect(by(`CREDIT_BALANCE#credits:${refunded.customerId}#-`)).toMatchObject({
      kind: 'AMOUNT_DIFFERS',
      actualAmountMinor: 700,
      actualCurrency: 'credits',
    });
    expect(first.every((m) => m.status === 'OPEN')).toBe(true);
  });

  it('a re-run finds the same mismatches and updates their rows, never duplicates them', async () => {
    const again = await reconcileWithStripe(stack.deps, { runId: 'recon_rerun' });
    const rows = await open();
    expect(again.found).toBe(first.length);
    expect(rows.map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    for (const r of rows) {
      expect(r.lastRunId).toBe('recon_rerun');
      expect(r.firstSeenAt).toBe(first.find((f) => f.id === r.id)!.firstSeenAt);
    }
  });

  it('the admin action lists them; only admins may', async () => {
    const res = await refundCall<ReconciliationAdminResponses['ADMIN_LIST_RECONCILIATION_MISMATCHES']>(
      stack,
      'ADMIN_LIST_RECONCILIATION_MISMATCHES',
      {},
      t.admin,
    );
    expect(res.status).toBe(200);
    expect(res.body.mismatches).toHaveLength(first.length);
    expect(res.body.mismatches.find((m) => m.key.startsWith('REFUND#') && m.stripeObjectId === 're_planted')).toMatchObject({
      ledger: { amountMinor: 500, currency: 'usd' },
      actual: null,
    });
    expect((await refundCall(stack, 'ADMIN_LIST_RECONCILIATION_MISMATCHES', {}, t.customer)).status).toBe(403);
    expect((await refundCall(stack, 'ADMIN_LIST_RECONCILIATION_MISMATCHES', { status: 'LOST' }, t.admin)).status).toBe(400);
    expect((await list({ limit: 101 })).status).toBe(400);
  });

  it('the admin list pages every mismatch once in either order by lastSeenAt; a cursor of another list or order is refused', async () => {
    const ids = first.map((m) => m.id).sort();
    const newest = await allPages(list, rowsOf, { limit: 3 });
    const oldest = await allPages(list, rowsOf, { limit: 3, order: 'oldest' });
    expect(newest.length).toBeGreaterThan(1);
    for (const pages of [newest, oldest]) expect(pages.flat().sort()).toEqual(ids);
    const seen = (pages: string[][]) => pages.flat().map((id) => first.find((m) => m.id === id)!.lastSeenAt);
    expect(seen(newest)).toEqual([...seen(newest)].sort().reverse());
    expect(seen(oldest)).toEqual([...seen(oldest)].sort());
    const cursor = (await list({ limit: 1 })).body.nextCursor!;
    expect((await list({ limit: 1, cursor })).status).toBe(200);
    for (const foreign of [{ order: 'oldest' }, { status: 'RESOLVED' }])
      expect((await list({ limit: 1, cursor, ...foreign })).status).toBe(400);
    expect((await list({ limit: 1, cursor: 'not-a-cursor' })).status).toBe(400);
  });

  it('fixed mismatches are marked resolved by the next run; the rest stay open', async () => {
    await put(stack.tables.Transaction, planted.chargeLine);
    await del(stack.tables.Transaction, `${refunded.id}#REFUND#planted`);
    for (const l of planted.disputeLines) await put(stack.tables.Transaction, l);
    if (planted.customer) await put(stack.tables.Customer, planted.customer);
    else await del(stack.tables.Customer, refunded.customerId);
    await del(stack.tables.Booking, feeBookingId);

    const summary = await reconcileWithStripe(stack.deps);
    const resolved = await mismatchesByStatus(stack.deps, 'RESOLVED');
    expect(resolved.map((r) => r.id).sort()).toEqual(
      [
        `CHARGE#${refunded.id}#${refunded.chargeId}`,
        `REFUND#${refunded.id}#re_planted`,
        `CREDIT_BALANCE#credits:${refunded.customerId}#-`,
        first.find((m) => m.category === 'DISPUTE')!.id,
      ].sort(),
    );
    expect(summary.resolved).toBe(4);
    expect(resolved.every((r) => r.resolvedAt)).toBe(true);
    // The status filter: the resolved ones page apart from the open ones.
    expect((await allPages(list, rowsOf, { status: 'RESOLVED', limit: 3 })).flat().sort()).toEqual(resolved.map((r) => r.id).sort());
    expect((await allPages(list, rowsOf, { limit: 3 })).flat().sort()).toEqual((await open()).map((r) => r.id).sort());
    // Stripe's own extra objects are still unknown to our books; the removed booking's rows are left as they were.
    const still = (await open()).map((r) => r.id);
    expect(still).toEqual(
      expect.arrayContaining([`REFUND#${refunded.id}#${sdk.refund}`, `PAYOUT#provider:${refunded.providerId}#${sdk.payout}`]),
    );
  });

  it('the scheduled run’s reconcile step emits the metric the backend alarms on', async () => {
    const lines: string[] = [];
    const summary = await scheduledReconciliation(stack.deps, 'run_metric', (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    const emf = JSON.parse(lines[0]!) as Record<string, unknown> & { _aws: { CloudWatchMetrics: { Namespace: string }[] } };
    expect(emf._aws.CloudWatchMetrics[0]!.Namespace).toBe(RECONCILIATION_METRICS.namespace);
    expect(emf[RECONCILIATION_METRICS.mismatches]).toBe(summary.found);
    expect(summary.found).toBeGreaterThan(0);
    const run = await runScheduledWork(stack.deps, { steps: ['reconcile'] });
    expect(run.reconciliation?.found).toBe(summary.found);
  });
});
