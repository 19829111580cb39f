/**
 * The transfer of each completed booking's provider share to the connected account, once however many runs overlap.
 *
 * Exactly-once transfers: each booking is claimed by a conditional write before Stripe is called (held bookings and
 * fully refunded shares are never claimed); the transfer's idempotency key is derived from the booking
 * (`booking:<id>:transfer`), so a run that crashed after Stripe answered gets the same transfer back when the claim
 * goes stale and another run retries; the booking's PAY_OUT (COMPLETED → PAID_OUT) and its TRANSFER ledger line are
 * one transaction conditional on the booking still being COMPLETED. The provider's debt is netted from the share.
 */
import type Stripe from 'stripe';
import type { BookingActor } from '../domain/booking-status';
import { transferableProviderCents } from '../domain/earnings';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import { bookingPaidOutItems, claimBookingForPayout, releasePayoutClaim } from '../data/payout-writes';
import type { BookingRecord, UserProfileRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import { idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { debtNettingItems, fixDebtNetting } from './provider-debt';

/** A claim older than this is taken to belong to a run that died; another run may take the booking over. */
const PAYOUT_CLAIM_STALE_MS = 10 * 60_000;

type TransferOutcome = 'transferred' | 'claimed-elsewhere' | 'failed';

/**
 * The writes recording a booking's payout: PAY_OUT and its TRANSFER line, once. When the booking nets the provider's
 * earlier debt (providerDebtRecoveredCents, fixed before the transfer), the transfer is short by that much (none at
 * all when the debt takes the whole share) and the same transaction writes the PROVIDER_DEBT −line and decrements the
 * profile's debt from `profileDebtCents`, the value just read (lib/services/provider-debt.ts).
 */
export function transferEffects(
  deps: Deps,
  booking: BookingRecord,
  transfer: Stripe.Transfer | undefined,
  profileDebtCents?: number,
  actor: BookingActor = 'SYSTEM',
): TxItem[] {
  const recovered = booking.providerDebtRecoveredCents ?? 0;
  const expected = transferableProviderCents(booking) - recovered;
  if (transfer ? transfer.amount !== expected || transfer.currency !== booking.currency : expected !== 0) {
    const what = transfer ? `transfer ${transfer.id} of ${transfer.amount} ${transfer.currency}` : 'no transfer';
    throw new Error(`${what} does not match booking ${booking.id} (${expected} ${booking.currency} after ${recovered} of debt netted)`);
  }
  if (recovered > 0 && profileDebtCents === undefined)
    throw new Error(`booking ${booking.id} nets debt: the provider's debt must be read first`);
  const now = deps.clock.now();
  return [
    ...bookingPaidOutItems(deps, booking.id, { ...(transfer ? { transferId: transfer.id } : {}), actor, now }),
    ...(transfer
      ? [
          ...ledgerLineItems(
            deps,
            [
              {
                account: ledgerAccounts.booking(booking.id),
                type: 'TRANSFER',
                providerId: booking.providerId,
                amountCents: transfer.amount,
                currency: booking.currency,
                stripeObjectId: transfer.id,
                description: 'Provider share transferred to the connected account',
              },
            ],
            now,
            { role: actor },
          ),
        ]
      : []),
    ...debtNettingItems(deps, booking, profileDebtCents ?? 0, now),
  ];
}

/**
 * Transfers one COMPLETED booking's provider share: claim, fix the debt it nets, Stripe (idempotent), record.
 * The transfer is the share less the provider's outstanding debt (never below 0; no Stripe transfer at 0).
 */
export async function transferBooking(
  deps: Deps,
  stripeAccount: string,
  bookingId: string,
  runId: string,
): Promise<{ outcome: TransferOutcome; transferId?: string; amountCents?: number; debtRecoveredCents?: number; error?: string }> {
  const now = deps.clock.now();
  // The share is fixed when the booking is paid; the claim's condition compares what was refunded of it.
  const read = await repo.booking(deps, bookingId);
  if (!read) return { outcome: 'claimed-elsewhere' };
  const booking = await claimBookingForPayout(deps, {
    bookingId,
    providerEarningsCents: read.providerEarningsCents,
    runId,
    now,
    staleBefore: new Date(now.getTime() - PAYOUT_CLAIM_STALE_MS),
  });
  if (!booking) return { outcome: 'claimed-elsewhere' };
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
          metadata: {
            bookingId: booking.id,
            providerId: booking.providerId,
            ...(recovered > 0 ? { debtRecoveredCents: String(recovered) } : {}),
          },
        },
        { idempotencyKey: idempotencyKeys.bookingTransfer(booking.id) },
      );
    }
  } catch (err) {
    // The debt netting stays fixed on the booking (and the slot held): the next run transfers the same amount.
    await releasePayoutClaim(deps, booking.id, runId);
    return { outcome: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
  const made = transfer;
  await commitWithRetry(deps, async () => {
    const [current, profile] = await Promise.all([
      repo.booking(deps, booking.id),
      recovered > 0 ? getItem<UserProfileRecord>(deps, 'UserProfile', booking.providerId) : undefined,
    ]);
    if (!current || current.status !== 'COMPLETED') return []; // recorded already (the transfer.created webhook, or another run)
    return transferEffects(deps, current, made, profile?.providerDebtCents ?? 0);
  });
  return {
    outcome: 'transferred',
    ...(made ? { transferId: made.id } : {}),
    amountCents: amount,
    ...(recovered > 0 ? { debtRecoveredCents: recovered } : {}),
  };
}

function destinationId(t: Stripe.Transfer): string | undefined {
  return typeof t.destination === 'string' ? t.destination : t.destination?.id;
}
