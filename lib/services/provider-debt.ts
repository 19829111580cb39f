/**
 * Taking a provider's share back after it was transferred (a refund, a lost chargeback), in ONE place.
 *
 * The provider's share comes back by reversing as much of the booking's transfer as the connected account's
 * available balance covers; what it cannot cover becomes the provider's DEBT, netted from their next payouts
 * (lib/services/payouts.ts). A debt is recorded on the booking and the profile (providerDebtCents) and as a
 * PROVIDER_DEBT ledger line (+amount on the booking it arose on; −amount on the booking whose payout recovered it).
 *
 * Exported (stable; other services import these):
 *   bookingTransfers(deps, bookingId)                 the booking's transfers, read from Stripe (transfer_group)
 *   planShareRecovery(deps, { amountCents, currency, transfer? })
 *                                                     how much to reverse now vs. record as debt (no writes)
 *   reverseProviderShare(deps, { bookingId, reference, plan, metadata? })
 *                                                     the Stripe reversal (key booking:<id>:transfer-reversal:<reference>);
 *                                                     a balance that fell short since the plan turns into debt
 *   providerDebtItems(deps, { booking, debtCents, reference, now, description?, bookingUpdate?, actor? })
 *                                                     the DynamoDB transaction items recording a debt
 *
 * Netting a debt from payouts (used by lib/services/payout-transfers.ts):
 *   fixDebtNetting(deps, claimedBooking, runId, transferableCents, { tookOverStaleClaim })
 *                                                     fixes what the booking's transfer recovers, before the transfer
 *   debtNettingItems(deps, booking, profileDebtCents, now)
 *                                                     the −line and the profile's decrement, with the PAID_OUT update
 */
import Stripe from 'stripe';
import { transactionCancellationReasons } from '../data/items';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import {
  bookingDebtItem,
  fixBookingDebtRecoveryItem,
  profileDebtItems,
  settleNettedDebtItems,
  takeNettingSlotItem,
} from '../data/provider-debt-writes';
import type { BookingRecord, UserProfileRecord } from '../data/records';
import { getItem } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import type { EventActor } from '../domain/events';
import { netEarningsAfterDebt, splitReversal } from '../domain/refunds';
import type { Currency } from '../domain/money';
import { callStripe, toAppError } from '../stripe/errors';
import { refundIdempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';

export interface TransferInfo {
  transferId: string;
  destination: string;
  /** Still reversible on this transfer. */
  remainingCents: number;
}

/** The booking's transfers, from Stripe itself (transfer_group = booking id), whoever created them. */
export async function bookingTransfers(
  deps: Deps,
  bookingId: string,
): Promise<{ netTransferredCents: number; transfer?: TransferInfo; all: Stripe.Transfer[] }> {
  const list = await callStripe(() => deps.stripe.transfers.list({ transfer_group: bookingId, limit: 100 }));
  const all = list.data;
  let best: TransferInfo | undefined;
  let net = 0;
  for (const t of all) {
    const remaining = t.amount - t.amount_reversed;
    net += remaining;
    const destination = typeof t.destination === 'string' ? t.destination : t.destination?.id;
    if (destination && remaining > 0 && (!best || remaining > best.remainingCents))
      best = { transferId: t.id, destination, remainingCents: remaining };
  }
  return { netTransferredCents: net, ...(best ? { transfer: best } : {}), all };
}

/** What one recovery does: reverse `reverseCents` of `transferId` now, record `debtCents` as debt. */
interface ShareRecoveryPlan {
  reverseCents: number;
  debtCents: number;
  transferId?: string;
  stripeAccountId?: string;
}

async function availableBalance(deps: Deps, stripeAccount: string, currency: Currency): Promise<number> {
  const balance = await callStripe(() => deps.stripe.balance.retrieve({}, { stripeAccount }));
  return balance.available.filter((b) => b.currency === currency).reduce((s, b) => s + b.amount, 0);
}

/** Splits `amountCents` into what the connected balance (and the transfer) covers now and the shortfall (debt). */
export async function planShareRecovery(
  deps: Deps,
  input: { amountCents: number; currency: Currency; transfer?: TransferInfo | undefined },
): Promise<ShareRecoveryPlan> {
  const { amountCents, currency, transfer } = input;
  if (amountCents <= 0) return { reverseCents: 0, debtCents: 0 };
  if (!transfer) return { reverseCents: 0, debtCents: amountCents };
  const available = await availableBalance(deps, transfer.destination, currency);
  const split = splitReversal(amountCents, Math.min(available, transfer.remainingCents));
  return { ...split, ...(split.reverseCents > 0 ? { transferId: transfer.transferId, stripeAccountId: transfer.destination } : {}) };
}

/**
 * Reverses the plan's part at Stripe under the key booking:<bookingId>:transfer-reversal:<reference> (a retry gets
 * the same reversal back). If the balance fell short since the plan, the whole part becomes debt instead.
 */
export async function reverseProviderShare(
  deps: Deps,
  input: { bookingId: string; reference: string; plan: ShareRecoveryPlan; metadata?: Record<string, string> },
): Promise<{ reverseCents: number; debtCents: number; transferReversalId?: string }> {
  const { plan } = input;
  if (plan.reverseCents <= 0 || !plan.transferId) return { reverseCents: 0, debtCents: plan.debtCents + Math.max(0, plan.reverseCents) };
  try {
    const reversal = await deps.stripe.transfers.createReversal(
      plan.transferId,
      { amount: plan.reverseCents, ...(input.metadata ? { metadata: input.metadata } : {}) },
      { idempotencyKey: refundIdempotencyKeys.transferReversal(input.bookingId, input.reference) },
    );
    return { reverseCents: plan.reverseCents, debtCents: plan.debtCents, transferReversalId: reversal.id };
  } catch (err) {
    if (
      err instanceof Stripe.errors.StripeInvalidRequestError &&
      (err.code === 'balance_insufficient' || err.code === 'insufficient_funds')
    ) {
      return { reverseCents: 0, debtCents: plan.debtCents + plan.reverseCents };
    }
    throw toAppError(err);
  }
}

// ---- recording a debt -------------------------------------------------------------------------------

interface ProviderDebtInput {
  booking: Pick<BookingRecord, 'id' | 'providerId' | 'currency'>;
  debtCents: number;
  /** What the debt belongs to (a refund request id, a dispute id): makes the ledger line's id deterministic. */
  reference: string;
  now: Date;
  description?: string;
  /** 'merge': the caller's own booking update carries the debt (refund-writes.ts); no booking item here. */
  bookingUpdate?: 'item' | 'merge';
  /** Who caused the debt (an admin's refund, Stripe's lost chargeback); default the system. */
  actor?: EventActor;
}

/**
 * The writes recording a debt: booking.providerDebtCents += debt, UserProfile.providerDebtCents += debt, and the
 * PROVIDER_DEBT +debt line (written once: a repeat of the same reference cancels the whole transaction). No items
 * for a debt of 0.
 */
export function providerDebtItems(deps: Pick<Deps, 'tables'>, input: ProviderDebtInput): TxItem[] {
  const { booking, debtCents, reference, now } = input;
  if (debtCents <= 0) return [];
  return [
    ...(input.bookingUpdate !== 'merge' ? [bookingDebtItem(deps, booking.id, debtCents, now)] : []),
    ...profileDebtItems(deps, {
      providerId: booking.providerId,
      bookingId: booking.id,
      debtCents,
      now,
      ...(input.actor ? { actor: input.actor } : {}),
    }),
    ...ledgerLineItems(
      deps,
      [
        {
          account: ledgerAccounts.booking(booking.id),
          type: 'PROVIDER_DEBT',
          reference,
          providerId: booking.providerId,
          amountCents: debtCents,
          currency: booking.currency,
          description: input.description ?? "Provider's share the connected balance could not cover: owed, netted from the next payouts",
        },
      ],
      now,
      input.actor,
    ),
  ];
}

// ---- netting a debt from a payout (lib/services/payout-transfers.ts) ---------------------------------

/** The reference of the PROVIDER_DEBT −line a booking's payout writes when it recovers debt (one per booking). */
const DEBT_NETTING_REFERENCE = 'payout-netting';

/**
 * Fixes, BEFORE the Stripe transfer, how much of the provider's outstanding debt this claimed COMPLETED booking's
 * transfer recovers (netEarningsAfterDebt), on the booking (providerDebtRecoveredCents), so a run that takes over a
 * stale claim transfers exactly the same amount under the same idempotency key. The profile's netting slot
 * (providerDebtNettingBookingId) is taken in the same transaction, conditioned on the debt value read: one booking
 * nets at a time, so concurrent payout runs never recover the same debt twice; a booking transferred while another
 * holds the slot nets nothing (the debt waits for the next payout). The slot is released, and the debt decremented,
 * in the transaction that records this booking's payout (debtNettingItems).
 * Returns the amount fixed, or undefined when this run no longer holds the booking's claim.
 */
export async function fixDebtNetting(
  deps: Deps,
  claimed: BookingRecord,
  runId: string,
  transferableCents: number,
  options: { tookOverStaleClaim: boolean },
): Promise<number | undefined> {
  if (claimed.providerDebtRecoveredCents !== undefined) return claimed.providerDebtRecoveredCents;
  // Set when a rebuild finds the booking decided by someone else: nothing left to write.
  let decided: { recovered: number | undefined } | undefined;
  let fixed = 0;
  try {
    await commitWithRetry(deps, async (attempt) => {
      if (attempt > 1) {
        // Refused: another run took the claim over or fixed the amount first, or the profile (debt, slot) changed.
        const current = await getItem<BookingRecord>(deps, 'Booking', claimed.id);
        if (current?.payoutClaimId !== runId) return ((decided = { recovered: undefined }), []);
        if (current.providerDebtRecoveredCents !== undefined) return ((decided = { recovered: current.providerDebtRecoveredCents }), []);
      }
      // A dead run may have made a full transfer already: a taken-over claim never starts netting.
      const plan = options.tookOverStaleClaim ? { recovered: 0 } : await planNetting(deps, claimed, transferableCents);
      fixed = plan.recovered;
      return [
        fixBookingDebtRecoveryItem(deps, claimed.id, runId, plan.recovered),
        ...(plan.recovered > 0 && 'debtRead' in plan
          ? [
              takeNettingSlotItem(deps, {
                providerId: claimed.providerId,
                bookingId: claimed.id,
                debtRead: plan.debtRead,
                holderRead: plan.slotHolder,
              }),
            ]
          : []),
      ];
    });
  } catch (err) {
    if (!transactionCancellationReasons(err)) throw err;
    throw new Error(`booking ${claimed.id}: could not fix its debt netting (the provider's debt keeps changing)`);
  }
  return decided ? decided.recovered : fixed;
}

type NettingPlan = { recovered: 0 } | { recovered: number; debtRead: number; slotHolder?: string };

async function planNetting(deps: Deps, booking: BookingRecord, transferableCents: number): Promise<NettingPlan> {
  const profile = await getItem<UserProfileRecord>(deps, 'UserProfile', booking.providerId);
  const debt = profile?.providerDebtCents ?? 0;
  if (debt <= 0 || transferableCents <= 0) return { recovered: 0 };
  const holder = profile?.providerDebtNettingBookingId;
  if (holder && holder !== booking.id) {
    // Another booking's payout is netting (or will net, once retried): leave the debt to it, unless the slot was
    // left behind by a booking that can no longer be paid out.
    const other = await getItem<BookingRecord>(deps, 'Booking', holder);
    const inFlight = other?.status === 'COMPLETED' && (other.providerDebtRecoveredCents ?? 0) > 0;
    if (inFlight) return { recovered: 0 };
  }
  const { debtRecoveredCents } = netEarningsAfterDebt(transferableCents, debt);
  return { recovered: debtRecoveredCents, debtRead: debt, ...(holder ? { slotHolder: holder } : {}) };
}

/**
 * The writes recording the debt a booking's payout netted (with its COMPLETED → PAID_OUT update, same transaction):
 * the PROVIDER_DEBT −line, and the profile's debt decremented from the value read (`profileDebtCents`) with the
 * netting slot released. No items when the booking netted nothing.
 */
export function debtNettingItems(
  deps: Pick<Deps, 'tables'>,
  booking: Pick<BookingRecord, 'id' | 'providerId' | 'currency' | 'providerDebtRecoveredCents'>,
  profileDebtCents: number,
  now: Date,
): TxItem[] {
  const recovered = booking.providerDebtRecoveredCents ?? 0;
  if (recovered <= 0) return [];
  if (profileDebtCents < recovered) {
    throw new Error(
      `booking ${booking.id}: nets ${recovered} of a debt of ${profileDebtCents}; the provider's debt went down while its netting slot was held`,
    );
  }
  return [
    ...settleNettedDebtItems(deps, {
      providerId: booking.providerId,
      bookingId: booking.id,
      debtRead: profileDebtCents,
      debtAfter: profileDebtCents - recovered,
      now,
    }),
    ...ledgerLineItems(
      deps,
      [
        {
          account: ledgerAccounts.booking(booking.id),
          type: 'PROVIDER_DEBT',
          reference: DEBT_NETTING_REFERENCE,
          providerId: booking.providerId,
          amountCents: -recovered,
          currency: booking.currency,
          description: "Provider's earlier debt netted from this booking's payout",
        },
      ],
      now,
    ),
  ];
}
