/**
 * payout-manager's use cases: a provider's earnings, the transfer of each completed booking's provider share to the
 * connected account (once, however many runs overlap), payouts from the connected account to the bank (scheduled or
 * instant), the payout history, and the scheduled run that ties the lifecycle together.
 *
 * Exactly-once transfers: each booking is claimed by a conditional write before Stripe is called; the transfer's
 * idempotency key is derived from the booking (`booking:<id>:transfer`), so a run that crashed after Stripe answered
 * gets the same transfer back when the claim goes stale and another run retries; the booking → PAID_OUT write and
 * its TRANSFER ledger line are one transaction conditional on the booking still being COMPLETED.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import Stripe from 'stripe';
import { hasGroup, type Identity } from '../auth/identity';
import { assertTransition } from '../domain/booking-status';
import { earningsByWeek, mainCurrency, summarizeEarnings, transferableProviderCents } from '../domain/earnings';
import { SUPPORTED_CURRENCIES, type Currency } from '../domain/money';
import {
  decideScheduledPayout,
  INSTANT_PAYOUT_FEE_BPS,
  minimumPayoutCents,
  payableAfterDebt,
  payoutStatusRank,
  quoteInstantPayout,
  scheduledPayoutBatch,
} from '../domain/payout';
import { isConditionalCheckFailed, modelFields, transactionCancellationReasons } from '../data/items';
import type { BookingRecord, PayoutRecord, PayoutStatus, TransactionRecord, UserProfileRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import { transactWrite, type TxItem } from '../data/transact';
import type { CalculateEarningsResponse, InstantPayoutResponse, PayoutHistoryResponse, PayoutView, SchedulePayoutResponse } from '../http/lifecycle-contract';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { idempotencyKeys } from '../stripe/idempotency';
import { completeDueBookings, expireHolds, type CompletionSweepResult, type ExpirySweepResult } from './booking-lifecycle';
import type { Deps } from './deps';
import { debtNettingItems, fixDebtNetting } from './provider-debt';

/** A claim older than this is taken to belong to a run that died; another run may take the booking over. */
export const PAYOUT_CLAIM_STALE_MS = 10 * 60_000;
/** Providers whose transfers were made this recently are checked for a balance to pay out. */
const RECENT_TRANSFER_DAYS = 30;

// ---- who -------------------------------------------------------------------------------------------

/** PROVIDER: only their own (another providerId is 403); ADMIN: anyone's; the scheduled run (no caller) names it. */
export function resolveProviderId(caller: Identity | undefined, providerId?: string): string {
  if (!caller) {
    if (!providerId) throw new AppError('VALIDATION_FAILED', 'providerId is required');
    return providerId;
  }
  if (hasGroup(caller, 'ADMIN')) return providerId ?? caller.userId;
  if (!hasGroup(caller, 'PROVIDER')) throw new AppError('FORBIDDEN', 'This action needs the PROVIDER role');
  if (providerId && providerId !== caller.userId) throw new AppError('FORBIDDEN', "You can only see your own earnings and payouts", { providerId });
  return caller.userId;
}

async function requireProviderAccount(deps: Deps, providerId: string): Promise<UserProfileRecord & { stripeAccountId: string }> {
  const profile = await repo.userProfile(deps, providerId);
  if (!profile?.stripeAccountId || profile.stripeAccountStatus !== 'ACTIVE') {
    throw new AppError('PROVIDER_NOT_READY', 'Provider payment processing not set up', { providerId });
  }
  return profile as UserProfileRecord & { stripeAccountId: string };
}

// ---- CALCULATE_EARNINGS ----------------------------------------------------------------------------

export async function calculateEarnings(deps: Deps, providerId: string, currency?: Currency): Promise<CalculateEarningsResponse> {
  // REFUNDED (after the payout) still counts: a provider compensated on a full refund keeps that part.
  const [confirmed, completed, paidOut, refunded, profile] = await Promise.all([
    repo.bookingsOfProviderInStatus(deps, providerId, 'CONFIRMED'),
    repo.bookingsOfProviderInStatus(deps, providerId, 'COMPLETED'),
    repo.bookingsOfProviderInStatus(deps, providerId, 'PAID_OUT'),
    repo.bookingsOfProviderInStatus(deps, providerId, 'REFUNDED'),
    repo.userProfile(deps, providerId),
  ]);
  const all = [...confirmed, ...completed, ...paidOut, ...refunded];
  const cur = currency ?? mainCurrency(all);
  const summary = summarizeEarnings(all, cur);
  const balance = profile?.stripeAccountId ? await connectedBalance(deps, profile.stripeAccountId, cur).catch(() => undefined) : undefined;
  return {
    providerId,
    totalEarningsCents: summary.totalEarningsCents,
    bookingCount: summary.bookingCount,
    eligibleBookings: summary.eligibleBookings,
    currency: cur,
    pendingCents: summary.pendingCents,
    ...(balance ? { availableCents: balance.availableCents, stripeBalance: balance } : {}),
    paidOutCents: summary.transferredCents,
    lifetimeCents: summary.lifetimeCents,
    minimumPayoutCents: minimumPayoutCents(cur),
    instantPayoutFeeBps: INSTANT_PAYOUT_FEE_BPS,
    payoutSchedule: profile?.payoutSchedule ?? 'DAILY',
    earningsByWeek: earningsByWeek(all, cur, deps.clock.now()),
    outstandingDebtCents: profile?.providerDebtCents ?? 0,
  };
}

async function connectedBalance(deps: Deps, stripeAccount: string, currency: Currency) {
  const balance = await deps.stripe.balance.retrieve({}, { stripeAccount });
  const sum = (rows: { amount: number; currency: string }[] | undefined) =>
    (rows ?? []).filter((r) => r.currency === currency).reduce((s, r) => s + r.amount, 0);
  return {
    availableCents: sum(balance.available),
    pendingCents: sum(balance.pending),
    instantAvailableCents: sum(balance.instant_available),
  };
}

// ---- transfers -------------------------------------------------------------------------------------

export type TransferOutcome = 'transferred' | 'claimed-elsewhere' | 'failed';

/**
 * The writes recording a booking's payout: COMPLETED → PAID_OUT and its TRANSFER line, once. When the booking nets
 * the provider's earlier debt (providerDebtRecoveredCents, fixed before the transfer), the transfer is short by that
 * much (none at all when the debt takes the whole share) and the same transaction writes the PROVIDER_DEBT −line and
 * decrements the profile's debt from `profileDebtCents`, the value just read (lib/services/provider-debt.ts).
 */
export function transferEffects(deps: Deps, booking: BookingRecord, transfer: Stripe.Transfer | undefined, profileDebtCents?: number): TxItem[] {
  assertTransition('COMPLETED', 'PAID_OUT', 'SYSTEM');
  const recovered = booking.providerDebtRecoveredCents ?? 0;
  const expected = transferableProviderCents(booking) - recovered;
  if (transfer ? transfer.amount !== expected || transfer.currency !== booking.currency : expected !== 0) {
    const what = transfer ? `transfer ${transfer.id} of ${transfer.amount} ${transfer.currency}` : 'no transfer';
    throw new Error(`${what} does not match booking ${booking.id} (${expected} ${booking.currency} after ${recovered} of debt netted)`);
  }
  if (recovered > 0 && profileDebtCents === undefined) throw new Error(`booking ${booking.id} nets debt: the provider's debt must be read first`);
  const now = deps.clock.now();
  return [
    {
      Update: {
        TableName: deps.tables.Booking,
        Key: { id: booking.id },
        ConditionExpression: '#status = :completed',
        UpdateExpression: `SET #status = :paidOut, ${transfer ? 'transferId = :tr, ' : ''}paidOutAt = :now, updatedAt = :now REMOVE payoutClaimId, payoutClaimedAt`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'COMPLETED', ':paidOut': 'PAID_OUT', ...(transfer ? { ':tr': transfer.id } : {}), ':now': now.toISOString() },
      },
    },
    ...(transfer
      ? [
          {
            Put: {
              TableName: deps.tables.Transaction,
              Item: {
                ...modelFields('Transaction', `${booking.id}#TRANSFER`, now),
                bookingId: booking.id,
                providerId: booking.providerId,
                type: 'TRANSFER',
                amountCents: transfer.amount,
                currency: booking.currency,
                stripeObjectId: transfer.id,
                description: 'Provider share transferred to the connected account',
              } satisfies TransactionRecord,
              ConditionExpression: 'attribute_not_exists(id)',
            },
          },
        ]
      : []),
    ...debtNettingItems(deps, booking, profileDebtCents ?? 0, now),
  ];
}

/**
 * Transfers one COMPLETED booking's provider share: claim, fix the debt it nets, Stripe (idempotent), record.
 * The transfer is the share less the provider's outstanding debt (never below 0; no Stripe transfer at 0).
 */
export async function transferBooking(deps: Deps, stripeAccount: string, bookingId: string, runId: string): Promise<{ outcome: TransferOutcome; transferId?: string; amountCents?: number; debtRecoveredCents?: number; error?: string }> {
  const now = deps.clock.now();
  let booking: BookingRecord;
  try {
    const out = await deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Booking,
        Key: { id: bookingId },
        // Held bookings (contested refund, chargeback) and fully refunded shares are not paid out.
        ConditionExpression:
          '#status = :completed AND (attribute_not_exists(payoutClaimId) OR payoutClaimedAt < :stale) AND (attribute_not_exists(payoutHold) OR payoutHold = :false) AND (attribute_not_exists(providerRefundedCents) OR providerRefundedCents < providerEarningsCents)',
        UpdateExpression: 'SET payoutClaimId = :run, payoutClaimedAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':completed': 'COMPLETED',
          ':run': runId,
          ':now': now.toISOString(),
          ':stale': new Date(now.getTime() - PAYOUT_CLAIM_STALE_MS).toISOString(),
          ':false': false,
        },
        ReturnValues: 'ALL_OLD',
      }),
    );
    booking = out.Attributes as BookingRecord;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return { outcome: 'claimed-elsewhere' };
    throw err;
  }
  const tookOverStaleClaim = Boolean(booking.payoutClaimId);
  const transferable = transferableProviderCents(booking);
  const recovered = await fixDebtNetting(deps, booking, runId, transferable, { tookOverStaleClaim });
  if (recovered === undefined) return { outcome: 'claimed-elsewhere' };
  const amount = transferable - recovered;
  let transfer: Stripe.Transfer | undefined;
  try {
    if (amount < 0) throw new Error(`booking ${booking.id}: its share (${transferable}) is now below the debt it nets (${recovered})`);
    // Tie the transfer to the booking's charge when the card paid it all; a booking paid (partly) with credits
    // is funded from the platform balance, where the credit purchases landed.
    const paidWithCredits = (booking.creditsAppliedCents ?? 0) > 0;
    if (!booking.chargeId && !paidWithCredits) throw new Error(`booking ${booking.id} has no charge to transfer from`);
    if (tookOverStaleClaim && amount > 0) {
      // A run died mid-way: its transfer may exist (and its idempotency key may have expired), so look first.
      const existing = await deps.stripe.transfers.list({ transfer_group: booking.id, limit: 10 });
      transfer = existing.data.find((t) => destinationId(t) === stripeAccount && t.amount === amount);
    }
    if (amount > 0) {
      transfer ??= await deps.stripe.transfers.create(
        {
          amount,
          currency: booking.currency,
          destination: stripeAccount,
          ...(booking.chargeId && !paidWithCredits ? { source_transaction: booking.chargeId } : {}),
          transfer_group: booking.id,
          description: `Provider share of booking ${booking.id}`,
          metadata: { bookingId: booking.id, providerId: booking.providerId, ...(recovered > 0 ? { debtRecoveredCents: String(recovered) } : {}) },
        },
        { idempotencyKey: idempotencyKeys.bookingTransfer(booking.id) },
      );
    }
  } catch (err) {
    // The debt netting stays fixed on the booking (and the slot held): the next run transfers the same amount.
    await releaseClaim(deps, booking.id, runId);
    return { outcome: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
  const made = transfer;
  await commitWithRetry(deps, async () => {
    const [current, profile] = await Promise.all([repo.booking(deps, booking.id), recovered > 0 ? getItem<UserProfileRecord>(deps, 'UserProfile', booking.providerId) : undefined]);
    if (!current || current.status !== 'COMPLETED') return []; // recorded already (the transfer.created webhook, or another run)
    return transferEffects(deps, current, made, profile?.providerDebtCents ?? 0);
  });
  return { outcome: 'transferred', ...(made ? { transferId: made.id } : {}), amountCents: amount, ...(recovered > 0 ? { debtRecoveredCents: recovered } : {}) };
}

function destinationId(t: Stripe.Transfer): string | undefined {
  return typeof t.destination === 'string' ? t.destination : t.destination?.id;
}

async function releaseClaim(deps: Deps, bookingId: string, runId: string): Promise<void> {
  await deps.db
    .send(
      new UpdateCommand({
        TableName: deps.tables.Booking,
        Key: { id: bookingId },
        ConditionExpression: 'payoutClaimId = :run',
        UpdateExpression: 'REMOVE payoutClaimId, payoutClaimedAt',
        ExpressionAttributeValues: { ':run': runId },
      }),
    )
    .catch((err: unknown) => {
      if (!isConditionalCheckFailed(err)) throw err;
    });
}

/** Builds and commits a transaction, rebuilding from fresh reads when a concurrent writer got there first. */
export async function commitWithRetry(deps: Deps, build: () => Promise<TxItem[]>, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const items = await build();
    try {
      await transactWrite(deps, items);
      return;
    } catch (err) {
      if (!transactionCancellationReasons(err) || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

// ---- payouts ---------------------------------------------------------------------------------------

/**
 * The writes bringing our Payout record in line with Stripe's payout (created if absent, with its PAYOUT ledger line);
 * a failed payout adds a PAYOUT_FAILED line (the money is back on the connected account's available balance).
 * Conditions make every write happen once; an older state never overwrites a newer one.
 */
export async function payoutRecordEffects(
  deps: Deps,
  providerId: string,
  stripeAccountId: string,
  payout: Stripe.Payout,
  extra: { feeCents?: number; batch?: string } = {},
): Promise<TxItem[]> {
  const now = deps.clock.now();
  const status = payout.status as PayoutStatus;
  const rank = payoutStatusRank(status);
  const account = `provider:${providerId}`;
  const currency = payout.currency as Currency;
  const existing = await repo.payout(deps, payout.id);
  // A failed payout's money comes back to the connected account's available balance.
  const failedLine = (): TxItem => ({
    Put: {
      TableName: deps.tables.Transaction,
      Item: {
        ...modelFields('Transaction', `${payout.id}#PAYOUT_FAILED`, now),
        bookingId: account,
        providerId,
        type: 'PAYOUT_FAILED',
        amountCents: payout.amount,
        currency,
        stripeObjectId: payout.id,
        description: `Payout failed (${payout.failure_code ?? 'unknown'}): the money is back on the provider's available balance`,
      } satisfies TransactionRecord,
      ConditionExpression: 'attribute_not_exists(id)',
    },
  });
  const failure = {
    ...(payout.failure_code ? { failureCode: payout.failure_code } : {}),
    ...(payout.failure_message ? { failureMessage: payout.failure_message } : {}),
  };
  if (!existing) {
    const createdAt = new Date(payout.created * 1000).toISOString();
    const record: PayoutRecord = {
      ...modelFields('Payout', payout.id, now),
      createdAt,
      owner: providerId,
      providerId,
      stripeAccountId,
      amountCents: payout.amount,
      currency,
      method: (payout.method === 'instant' ? 'instant' : 'standard'),
      status,
      statusRank: rank,
      arrivalDate: new Date(payout.arrival_date * 1000).toISOString(),
      ...(extra.feeCents !== undefined ? { feeCents: extra.feeCents } : {}),
      ...(extra.batch ? { batch: extra.batch } : {}),
      ...failure,
    };
    return [
      { Put: { TableName: deps.tables.Payout, Item: record, ConditionExpression: 'attribute_not_exists(id)' } },
      {
        Put: {
          TableName: deps.tables.Transaction,
          Item: {
            ...modelFields('Transaction', `${payout.id}#PAYOUT`, now),
            bookingId: account,
            providerId,
            type: 'PAYOUT',
            amountCents: payout.amount,
            currency,
            stripeObjectId: payout.id,
            description: `${payout.method === 'instant' ? 'Instant payout' : 'Payout'} to the provider's bank account`,
          } satisfies TransactionRecord,
          ConditionExpression: 'attribute_not_exists(id)',
        },
      },
      ...(status === 'failed' ? [failedLine()] : []),
    ];
  }
  const missingExtra = (extra.feeCents !== undefined && existing.feeCents === undefined) || (extra.batch && !existing.batch);
  if (existing.statusRank > rank || (existing.status === status && !missingExtra)) return [];
  const values: Record<string, unknown> = { ':status': status, ':rank': rank, ':now': now.toISOString(), ':old': existing.status };
  let set = '#status = :status, statusRank = :rank, updatedAt = :now';
  if (failure.failureCode) {
    set += ', failureCode = :code';
    values[':code'] = failure.failureCode;
  }
  if (failure.failureMessage) {
    set += ', failureMessage = :message';
    values[':message'] = failure.failureMessage;
  }
  if (extra.feeCents !== undefined && existing.feeCents === undefined) {
    set += ', feeCents = :fee';
    values[':fee'] = extra.feeCents;
  }
  if (extra.batch && !existing.batch) {
    set += ', batch = :batch';
    values[':batch'] = extra.batch;
  }
  return [
    {
      Update: {
        TableName: deps.tables.Payout,
        Key: { id: payout.id },
        // Only from the state we read: a concurrent change makes the caller rebuild from fresh reads.
        ConditionExpression: '#status = :old AND statusRank <= :rank',
        UpdateExpression: `SET ${set}`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    ...(status === 'failed' && existing.status !== 'failed' ? [failedLine()] : []),
  ];
}

async function createPayout(
  deps: Deps,
  providerId: string,
  stripeAccount: string,
  params: { amountCents: number; currency: Currency; method: 'standard' | 'instant'; batch: string; feeCents?: number },
): Promise<Stripe.Payout> {
  let payout: Stripe.Payout;
  try {
    payout = await deps.stripe.payouts.create(
      {
        amount: params.amountCents,
        currency: params.currency,
        method: params.method,
        description: params.method === 'instant' ? 'Instant payout' : 'Marketplace earnings',
        metadata: { providerId, batch: params.batch, ...(params.feeCents !== undefined ? { feeCents: String(params.feeCents) } : {}) },
      },
      { stripeAccount, idempotencyKey: idempotencyKeys.providerPayout(providerId, params.batch) },
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeIdempotencyError) {
      throw new AppError('CONFLICT', 'This payout was already requested with other details. Please refresh and try again.');
    }
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'balance_insufficient') {
      throw new AppError('INSUFFICIENT_EARNINGS', 'Insufficient earnings', { requested: params.amountCents, currency: params.currency });
    }
    return callStripe(() => Promise.reject(err));
  }
  const extra = { batch: params.batch, ...(params.feeCents !== undefined ? { feeCents: params.feeCents } : {}) };
  await commitWithRetry(deps, () => payoutRecordEffects(deps, providerId, stripeAccount, payout, extra));
  return payout;
}

// ---- SCHEDULE_PAYOUT -------------------------------------------------------------------------------

/**
 * Transfers every eligible booking of the provider, then pays out the connected account's available balance
 * (per the provider's schedule when `respectSchedule`, else now) if it reaches the minimum.
 */
export async function schedulePayout(
  deps: Deps,
  providerId: string,
  options: { runId: string; respectSchedule: boolean },
): Promise<SchedulePayoutResponse> {
  const profile = await requireProviderAccount(deps, providerId);
  const eligible = await repo.bookingsOfProviderInStatus(deps, providerId, 'COMPLETED');
  const transfers: SchedulePayoutResponse['transfers'] = [];
  for (const b of eligible) {
    const r = await transferBooking(deps, profile.stripeAccountId, b.id, options.runId);
    transfers.push({
      bookingId: b.id,
      outcome: r.outcome,
      ...(r.transferId ? { transferId: r.transferId } : {}),
      ...(r.amountCents !== undefined ? { amountCents: r.amountCents } : {}),
      ...(r.debtRecoveredCents ? { debtRecoveredCents: r.debtRecoveredCents } : {}),
      ...(r.error ? { error: r.error } : {}),
    });
  }
  const payouts: PayoutView[] = [];
  const skipped: SchedulePayoutResponse['skipped'] = [];
  const now = deps.clock.now();
  const [balance, after] = await Promise.all([
    callStripe(() => deps.stripe.balance.retrieve({}, { stripeAccount: profile.stripeAccountId })),
    repo.userProfile(deps, providerId),
  ]);
  // Debt the transfers could not net (no earnings left, or another run netting) stays on the account.
  let debtLeft = after?.providerDebtCents ?? 0;
  for (const row of balance.available) {
    const currency = row.currency as Currency;
    if (!SUPPORTED_CURRENCIES.includes(currency) || row.amount <= 0) continue;
    const { payableCents, withheldCents } = payableAfterDebt(row.amount, debtLeft);
    debtLeft -= withheldCents;
    if (payableCents <= 0) {
      skipped.push({ currency, availableCents: row.amount, reason: 'DEBT_OUTSTANDING' });
      continue;
    }
    const decision = decideScheduledPayout(options.respectSchedule ? profile.payoutSchedule : 'DAILY', now, payableCents, currency);
    if (!decision.payout) {
      skipped.push({ currency, availableCents: row.amount, reason: decision.reason });
      continue;
    }
    try {
      const payout = await createPayout(deps, providerId, profile.stripeAccountId, {
        amountCents: decision.amountCents,
        currency,
        method: 'standard',
        batch: scheduledPayoutBatch(now, currency, decision.amountCents),
      });
      payouts.push(toPayoutView(payout));
    } catch (err) {
      if (err instanceof AppError && err.code === 'INSUFFICIENT_EARNINGS') {
        skipped.push({ currency, availableCents: row.amount, reason: 'BALANCE_CHANGED' });
        continue;
      }
      throw err;
    }
  }
  for (const row of balance.pending) {
    if (row.amount > 0) skipped.push({ currency: row.currency as Currency, availableCents: 0, pendingCents: row.amount, reason: 'FUNDS_PENDING' });
  }
  return { providerId, transfers, payouts, skipped };
}

// ---- INSTANT_PAYOUT --------------------------------------------------------------------------------

export async function instantPayout(
  deps: Deps,
  providerId: string,
  input: { preview?: boolean; requestId?: string; currency?: Currency; acceptedFeeCents?: number },
): Promise<InstantPayoutResponse> {
  const profile = await requireProviderAccount(deps, providerId);
  const currency = input.currency ?? 'usd';
  const [account, balance] = await Promise.all([
    callStripe(() => deps.stripe.accounts.retrieve(profile.stripeAccountId)),
    connectedBalance(deps, profile.stripeAccountId, currency),
  ]);
  // What the provider owes stays on their account (netted from their next transfers), so it is not paid out.
  const quote = quoteInstantPayout(balance.instantAvailableCents, currency, account.payouts_enabled ?? false, profile.providerDebtCents ?? 0);
  if (input.preview) return { preview: true, method: 'instant', quote };
  if (!input.requestId) throw new AppError('VALIDATION_FAILED', 'requestId is required to make an instant payout');
  const batch = `instant-${input.requestId}`;
  // The same request again (a double click, a retry): its payout, not a second one.
  const replay = async () => {
    const made = await findPayoutByBatch(deps, profile.stripeAccountId, batch);
    if (!made) return undefined;
    await commitWithRetry(deps, () => payoutRecordEffects(deps, providerId, profile.stripeAccountId, made, { batch, ...feeOf(made) }));
    const result: InstantPayoutResponse = { preview: false, method: 'instant', quote, payout: { ...toPayoutView(made), ...feeOf(made) } };
    return result;
  };
  if (!quote.eligible) {
    const earlier = await replay();
    if (earlier) return earlier;
    const numbers = { available: quote.netCents, requested: quote.minimumCents, currency };
    throw new AppError('INSUFFICIENT_EARNINGS', 'Insufficient earnings', { ...numbers, reason: quote.reason }, numbers);
  }
  if (input.acceptedFeeCents !== undefined && input.acceptedFeeCents !== quote.feeCents) {
    throw new AppError('CONFLICT', 'The instant payout fee changed since you saw it. Please review the new amount.', { feeCents: quote.feeCents, netCents: quote.netCents });
  }
  let payout: Stripe.Payout;
  try {
    payout = await createPayout(deps, providerId, profile.stripeAccountId, { amountCents: quote.netCents, currency, method: 'instant', batch, feeCents: quote.feeCents });
  } catch (err) {
    const earlier = err instanceof AppError ? await replay() : undefined;
    if (earlier) return earlier;
    throw err;
  }
  return { preview: false, method: 'instant', quote, payout: { ...toPayoutView(payout), feeCents: quote.feeCents } };
}

/** A recent payout of the connected account made under this batch (metadata.batch), if any. */
async function findPayoutByBatch(deps: Deps, stripeAccount: string, batch: string): Promise<Stripe.Payout | undefined> {
  const recent = await callStripe(() => deps.stripe.payouts.list({ limit: 20 }, { stripeAccount }));
  return recent.data.find((p) => p.metadata?.batch === batch);
}

function feeOf(p: Stripe.Payout): { feeCents?: number } {
  const fee = Number(p.metadata?.feeCents);
  return p.metadata?.feeCents && Number.isSafeInteger(fee) ? { feeCents: fee } : {};
}

// ---- GET_PAYOUT_HISTORY ----------------------------------------------------------------------------

export async function payoutHistory(deps: Deps, providerId: string, limit: number, cursor?: string): Promise<PayoutHistoryResponse> {
  let start: Record<string, unknown> | undefined;
  if (cursor) {
    try {
      start = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
    }
    if (start?.providerId !== providerId) throw new AppError('VALIDATION_FAILED', 'Invalid cursor');
  }
  const page = await repo.payoutsOfProviderPage(deps, providerId, limit, start);
  return {
    payouts: page.items.map(recordToView),
    ...(page.nextCursor ? { nextCursor: Buffer.from(JSON.stringify(page.nextCursor)).toString('base64url') } : {}),
  };
}

function recordToView(r: PayoutRecord): PayoutView {
  return {
    id: r.id,
    amountCents: r.amountCents,
    currency: r.currency,
    method: r.method,
    status: r.status,
    arrivalDate: r.arrivalDate,
    createdAt: r.createdAt,
    ...(r.feeCents !== undefined ? { feeCents: r.feeCents } : {}),
    ...(r.failureCode ? { failureCode: r.failureCode } : {}),
    ...(r.failureMessage ? { failureMessage: r.failureMessage } : {}),
  };
}

function toPayoutView(p: Stripe.Payout): PayoutView {
  return {
    id: p.id,
    amountCents: p.amount,
    currency: p.currency as Currency,
    method: p.method === 'instant' ? 'instant' : 'standard',
    status: p.status as PayoutStatus,
    arrivalDate: new Date(p.arrival_date * 1000).toISOString(),
    createdAt: new Date(p.created * 1000).toISOString(),
    ...(p.failure_code ? { failureCode: p.failure_code } : {}),
    ...(p.failure_message ? { failureMessage: p.failure_message } : {}),
  };
}

// ---- the scheduled run -----------------------------------------------------------------------------

export interface PayoutSweepResult {
  providers: number;
  transferred: number;
  transferredCents: number;
  transferFailures: number;
  payouts: number;
  payoutCents: number;
  errors: number;
}

/** Every provider with eligible bookings, or with transfers in the last 30 days (their funds may be available now). */
export async function payoutSweep(deps: Deps, runId: string): Promise<PayoutSweepResult> {
  const since = new Date(deps.clock.now().getTime() - RECENT_TRANSFER_DAYS * 86_400_000).toISOString();
  const [completed, recent] = await Promise.all([
    repo.bookingsInStatusEndedBy(deps, 'COMPLETED'),
    repo.bookingsInStatusEndedSince(deps, 'PAID_OUT', since),
  ]);
  const providers = [...new Set([...completed, ...recent].map((b) => b.providerId))].sort();
  const result: PayoutSweepResult = { providers: providers.length, transferred: 0, transferredCents: 0, transferFailures: 0, payouts: 0, payoutCents: 0, errors: 0 };
  for (const providerId of providers) {
    try {
      const r = await schedulePayout(deps, providerId, { runId, respectSchedule: true });
      for (const t of r.transfers) {
        if (t.outcome === 'transferred') {
          result.transferred++;
          result.transferredCents += t.amountCents ?? 0;
        } else if (t.outcome === 'failed') result.transferFailures++;
      }
      result.payouts += r.payouts.length;
      result.payoutCents += r.payouts.reduce((s, p) => s + p.amountCents, 0);
    } catch (err) {
      result.errors++;
      console.error(JSON.stringify({ level: 'error', msg: 'payout-sweep', providerId, error: err instanceof Error ? err.message : String(err) }));
    }
  }
  return result;
}

export interface ScheduledRunSummary {
  runId: string;
  expiry: ExpirySweepResult;
  completion: CompletionSweepResult;
  payouts: PayoutSweepResult;
}

/** The whole scheduled run: expire unpaid holds, complete ended bookings, transfer and pay out. */
export async function runScheduledWork(
  deps: Deps,
  options: { runId?: string; progress?: (line: string) => void; steps?: readonly ('expiry' | 'completion' | 'payouts')[] } = {},
): Promise<ScheduledRunSummary> {
  const runId = options.runId ?? deps.ids.newId('run');
  const steps = options.steps ?? ['expiry', 'completion', 'payouts'];
  const say = options.progress ?? (() => undefined);
  const none = { expired: 0, confirmed: 0, cancelFailed: 0, failed: 0 };
  say('expiring unpaid holds…');
  const expiry = steps.includes('expiry') ? await expireHolds(deps) : none;
  say(`  expired ${expiry.expired}, confirmed (paid in time) ${expiry.confirmed}, failed ${expiry.failed}`);
  say('completing bookings past their end…');
  const completion = steps.includes('completion') ? await completeDueBookings(deps) : { completed: 0, failed: 0 };
  say(`  completed ${completion.completed}, failed ${completion.failed}`);
  say('transferring earnings and paying out…');
  const payouts = steps.includes('payouts')
    ? await payoutSweep(deps, runId)
    : { providers: 0, transferred: 0, transferredCents: 0, transferFailures: 0, payouts: 0, payoutCents: 0, errors: 0 };
  say(`  providers ${payouts.providers}, transfers ${payouts.transferred} (${payouts.transferredCents} minor units), payouts ${payouts.payouts} (${payouts.payoutCents}), errors ${payouts.errors + payouts.transferFailures}`);
  return { runId, expiry, completion, payouts };
}
