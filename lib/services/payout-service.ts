/**
 * THE payout path: every payout from a connected account to the provider's bank — the scheduled run, SCHEDULE_PAYOUT,
 * INSTANT_PAYOUT and CREATE_PAYOUT — is decided by `decidePayout` (lib/domain/payout.ts: the debt stays on the
 * account, the minimum payout, the instant fee, never more than is payable) from the balance and the provider's debt
 * read here, and made by `executePayout` (Stripe, idempotent per batch; our Payout record and PAYOUT line, once).
 * Money only reaches the connected account through transfers (lib/services/payout-transfers.ts), which skip held
 * bookings and net refunds and debt, so those rules hold for the balance whichever way a payout starts.
 */
import Stripe from 'stripe';
import { decidePayout, scheduledPayoutBatch, type PayoutDecision } from '../domain/payout';
import { SUPPORTED_CURRENCIES, type Currency } from '../domain/money';
import type { UserProfileRecord } from '../data/records';
import { repo } from '../data/repository';
import { commitWithRetry } from '../data/transact';
import type { InstantPayoutResponse, PayoutView, SchedulePayoutResponse } from '../http/payout-manager';
import { AppError } from '../http/errors';
import { callStripe } from '../stripe/errors';
import { idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { feeOf, payoutRecordEffects, toPayoutView } from './payout-records';
import { transferBooking } from './payout-transfers';

/** A provider's connected account, as a payout needs it. */
interface PayoutTarget {
  providerId: string;
  stripeAccount: string;
}

async function requireProviderAccount(deps: Deps, providerId: string): Promise<UserProfileRecord & { stripeAccountId: string }> {
  const profile = await repo.userProfile(deps, providerId);
  if (!profile?.stripeAccountId || profile.stripeAccountStatus !== 'ACTIVE') {
    throw new AppError('PROVIDER_NOT_READY', 'Provider payment processing not set up', { providerId });
  }
  return profile as UserProfileRecord & { stripeAccountId: string };
}

export async function connectedBalance(deps: Deps, stripeAccount: string, currency: Currency) {
  const balance = await deps.stripe.balance.retrieve({}, { stripeAccount });
  const sum = (rows: { amount: number; currency: string }[] | undefined) =>
    (rows ?? []).filter((r) => r.currency === currency).reduce((s, r) => s + r.amount, 0);
  return {
    availableCents: sum(balance.available),
    pendingCents: sum(balance.pending),
    instantAvailableCents: sum(balance.instant_available),
  };
}

/** What the provider owes now (read fresh: a transfer may just have netted part of it). */
async function outstandingDebt(deps: Deps, providerId: string): Promise<number> {
  return (await repo.userProfile(deps, providerId))?.providerDebtCents ?? 0;
}

/**
 * The "Insufficient earnings" error of a refused payout, with its numbers at the top level and in details
 * (INSTANT_PAYOUT's details also name the reason, as its contract always did; CREATE_PAYOUT's are exactly the numbers).
 */
function insufficientEarnings(decision: Extract<PayoutDecision, { payout: false }>, currency: Currency, withReason = false): AppError {
  const numbers = { available: decision.availableCents, requested: decision.requestedCents, currency };
  return new AppError(
    'INSUFFICIENT_EARNINGS',
    'Insufficient earnings',
    { ...numbers, ...(withReason ? { reason: decision.reason } : {}) },
    numbers,
  );
}

interface PayoutOrder {
  amountCents: number;
  currency: Currency;
  method: 'standard' | 'instant';
  /** Names the payout (metadata.batch): the same batch again is the same payout. */
  batch: string;
  feeCents?: number;
  /** Default: one key per provider and batch. */
  idempotencyKey?: string;
  metadata?: Record<string, string>;
}

/** Makes the payout at Stripe and records it (Payout record + PAYOUT line, once). */
async function executePayout(deps: Deps, target: PayoutTarget, order: PayoutOrder): Promise<Stripe.Payout> {
  let payout: Stripe.Payout;
  try {
    payout = await deps.stripe.payouts.create(
      {
        amount: order.amountCents,
        currency: order.currency,
        method: order.method,
        description: order.method === 'instant' ? 'Instant payout' : 'Marketplace earnings',
        metadata: {
          providerId: target.providerId,
          batch: order.batch,
          ...(order.feeCents !== undefined ? { feeCents: String(order.feeCents) } : {}),
          ...order.metadata,
        },
      },
      {
        stripeAccount: target.stripeAccount,
        idempotencyKey: order.idempotencyKey ?? idempotencyKeys.providerPayout(target.providerId, order.batch),
      },
    );
  } catch (err) {
    if (err instanceof Stripe.errors.StripeIdempotencyError) {
      throw new AppError('CONFLICT', 'This payout was already requested with other details. Please refresh and try again.');
    }
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.code === 'balance_insufficient') {
      throw new AppError('INSUFFICIENT_EARNINGS', 'Insufficient earnings', { requested: order.amountCents, currency: order.currency });
    }
    return callStripe(() => Promise.reject(err));
  }
  await recordPayout(deps, target, payout, { batch: order.batch, ...(order.feeCents !== undefined ? { feeCents: order.feeCents } : {}) });
  return payout;
}

function recordPayout(deps: Deps, target: PayoutTarget, payout: Stripe.Payout, extra: { batch: string; feeCents?: number }): Promise<void> {
  return commitWithRetry(deps, () => payoutRecordEffects(deps, target.providerId, target.stripeAccount, payout, extra));
}

/** A recent payout of the connected account made under this batch (metadata.batch), if any. */
async function findPayoutByBatch(deps: Deps, stripeAccount: string, batch: string): Promise<Stripe.Payout | undefined> {
  const recent = await callStripe(() => deps.stripe.payouts.list({ limit: 20 }, { stripeAccount }));
  return recent.data.find((p) => p.metadata?.batch === batch);
}

/**
 * A payout asked for by one request (a double click, a retry): if the request's payout exists already, it is the
 * answer (recorded, in case the first call died before recording it) — whatever the balance says now.
 */
async function earlierPayout(deps: Deps, target: PayoutTarget, batch: string): Promise<Stripe.Payout | undefined> {
  const made = await findPayoutByBatch(deps, target.stripeAccount, batch);
  if (made) await recordPayout(deps, target, made, { batch, ...feeOf(made) });
  return made;
}

// ---- SCHEDULE_PAYOUT and the scheduled run ---------------------------------------------------------------

/**
 * Transfers every eligible booking of the provider, then pays out the connected account's available balance
 * (per the provider's schedule when `respectSchedule`, else now) if what is payable reaches the minimum.
 */
export async function schedulePayout(
  deps: Deps,
  providerId: string,
  options: { runId: string; respectSchedule: boolean },
): Promise<SchedulePayoutResponse> {
  const profile = await requireProviderAccount(deps, providerId);
  const target = { providerId, stripeAccount: profile.stripeAccountId };
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
      ...(r.heldCents ? { heldCents: r.heldCents } : {}),
      ...(r.error ? { error: r.error } : {}),
    });
  }
  const payouts: PayoutView[] = [];
  const skipped: SchedulePayoutResponse['skipped'] = [];
  const now = deps.clock.now();
  const [balance, debt] = await Promise.all([
    callStripe(() => deps.stripe.balance.retrieve({}, { stripeAccount: profile.stripeAccountId })),
    outstandingDebt(deps, providerId),
  ]);
  // Debt the transfers could not net (no earnings left, or another run netting) stays on the account.
  let debtLeft = debt;
  const ask = { kind: 'scheduled' as const, schedule: options.respectSchedule ? profile.payoutSchedule : 'DAILY', now };
  for (const row of balance.available) {
    const currency = row.currency as Currency;
    if (!SUPPORTED_CURRENCIES.includes(currency) || row.amount <= 0) continue;
    const decision = decidePayout(ask, row.amount, debtLeft, currency);
    debtLeft -= decision.withheldForDebtCents;
    if (!decision.payout) {
      skipped.push({
        currency,
        availableCents: row.amount,
        reason: decision.reason as SchedulePayoutResponse['skipped'][number]['reason'],
      });
      continue;
    }
    try {
      const batch = scheduledPayoutBatch(now, currency, decision.amountCents);
      payouts.push(
        toPayoutView(await executePayout(deps, target, { amountCents: decision.amountCents, currency, method: 'standard', batch })),
      );
    } catch (err) {
      if (err instanceof AppError && err.code === 'INSUFFICIENT_EARNINGS') {
        skipped.push({ currency, availableCents: row.amount, reason: 'BALANCE_CHANGED' });
        continue;
      }
      throw err;
    }
  }
  for (const row of balance.pending) {
    if (row.amount > 0)
      skipped.push({ currency: row.currency as Currency, availableCents: 0, pendingCents: row.amount, reason: 'FUNDS_PENDING' });
  }
  return { providerId, transfers, payouts, skipped };
}

// ---- INSTANT_PAYOUT ------------------------------------------------------------------------------------

export async function instantPayout(
  deps: Deps,
  providerId: string,
  input: { preview?: boolean; requestId?: string; currency?: Currency; acceptedFeeCents?: number },
): Promise<InstantPayoutResponse> {
  const profile = await requireProviderAccount(deps, providerId);
  const target = { providerId, stripeAccount: profile.stripeAccountId };
  const currency = input.currency ?? 'usd';
  const [account, balance, debt] = await Promise.all([
    callStripe(() => deps.stripe.accounts.retrieve(profile.stripeAccountId)),
    connectedBalance(deps, profile.stripeAccountId, currency),
    outstandingDebt(deps, providerId),
  ]);
  const decision = decidePayout(
    { kind: 'instant', payoutsEnabled: account.payouts_enabled ?? false },
    balance.instantAvailableCents,
    debt,
    currency,
  );
  const quote = decision.quote!;
  if (input.preview) return { preview: true, method: 'instant', quote };
  if (!input.requestId) throw new AppError('VALIDATION_FAILED', 'requestId is required to make an instant payout');
  const batch = `instant-${input.requestId}`;
  const answer = (p: Stripe.Payout): InstantPayoutResponse => ({
    preview: false,
    method: 'instant',
    quote,
    payout: { ...toPayoutView(p), ...feeOf(p) },
  });
  if (!decision.payout) {
    const earlier = await earlierPayout(deps, target, batch);
    if (earlier) return answer(earlier);
    throw insufficientEarnings(decision, currency, true);
  }
  if (input.acceptedFeeCents !== undefined && input.acceptedFeeCents !== decision.feeCents) {
    throw new AppError('CONFLICT', 'The instant payout fee changed since you saw it. Please review the new amount.', {
      feeCents: quote.feeCents,
      netCents: quote.netCents,
    });
  }
  try {
    return answer(
      await executePayout(deps, target, {
        amountCents: decision.amountCents,
        currency,
        method: 'instant',
        batch,
        feeCents: decision.feeCents!,
      }),
    );
  } catch (err) {
    const earlier = err instanceof AppError ? await earlierPayout(deps, target, batch) : undefined;
    if (earlier) return answer(earlier);
    throw err;
  }
}

// ---- CREATE_PAYOUT ---------------------------------------------------------------------------------------

/**
 * An amount the provider chose, from their connected account: the same rules as every payout (the debt stays, the
 * minimum, an instant payout leaves its fee on the account), once per request id.
 */
export async function payOutAmount(
  deps: Deps,
  target: PayoutTarget,
  input: {
    amountCents: number;
    currency: Currency;
    method: 'standard' | 'instant';
    requestId: string;
    idempotencyKey: string;
    metadata?: Record<string, string>;
  },
): Promise<Stripe.Payout> {
  const batch = `request-${input.requestId}`;
  const [balance, debt] = await Promise.all([
    connectedBalance(deps, target.stripeAccount, input.currency),
    outstandingDebt(deps, target.providerId),
  ]);
  const pool = input.method === 'instant' ? balance.instantAvailableCents : balance.availableCents;
  const decision = decidePayout({ kind: 'amount', amountCents: input.amountCents, method: input.method }, pool, debt, input.currency);
  if (!decision.payout) {
    const earlier = await earlierPayout(deps, target, batch);
    if (earlier) return earlier;
    throw insufficientEarnings(decision, input.currency);
  }
  const order: PayoutOrder = {
    amountCents: decision.amountCents,
    currency: input.currency,
    method: input.method,
    batch,
    idempotencyKey: input.idempotencyKey,
    ...(decision.feeCents !== undefined ? { feeCents: decision.feeCents } : {}),
    ...(input.metadata ? { metadata: input.metadata } : {}),
  };
  try {
    return await executePayout(deps, target, order);
  } catch (err) {
    const earlier = err instanceof AppError ? await earlierPayout(deps, target, batch) : undefined;
    if (earlier) return earlier;
    throw err;
  }
}
