/**
 * The transfer of each completed booking's provider share to the connected account, once however many runs overlap.
 *
 * Exactly-once transfers: each booking is claimed by a conditional write before Stripe is called (held bookings and
 * fully refunded shares are never claimed); the transfer's idempotency key is derived from the booking
 * (`booking:<id>:transfer`), so a run that crashed after Stripe answered gets the same transfer back when the claim
 * goes stale and another run retries; the booking's PAY_OUT (COMPLETED → PAID_OUT) and its TRANSFER ledger line are
 * one transaction conditional on the booking still being COMPLETED. The provider's debt is netted from the share.
 *
 * A customer's open refund case holds only its amount (lib/domain/refund-dispute-rules.ts): the run transfers the rest
 * as a part transfer (`booking:<id>:transfer:held-back-part`, its amount fixed with the claim; TRANSFER line
 * held-back-part) and the booking stays COMPLETED; once the case is resolved, a later run transfers what is still owed
 * and pays the booking out as usual. Debt is netted only from that last transfer.
 */
import type Stripe from 'stripe';
import type { BookingActor } from '../domain/booking-status';
import { remainingTransferCents } from '../domain/earnings';
import { heldOnTransfer, transferPlan } from '../domain/refund-dispute-rules';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import { bookingPaidOutItems, claimBookingForPayout, fixPayoutPart, partTransferItems, releasePayoutClaim } from '../data/payout-writes';
import type { BookingRecord, UserProfileRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import { commitWithRetry, type TxItem } from '../data/transact';
import { idempotencyKeys } from '../stripe/idempotency';
import type { Deps } from '../ports';
import { debtNettingItems, fixDebtNetting } from './provider-debt';

/** A claim older than this is taken to belong to a run that died; another run may take the booking over. */
const PAYOUT_CLAIM_STALE_MS = 10 * 60_000;

/** held: a refund case holds everything still owed (or a part already went): nothing transferred until it is resolved. */
type TransferOutcome = 'transferred' | 'claimed-elsewhere' | 'failed' | 'held';

interface TransferResult {
  outcome: TransferOutcome;
  transferId?: string;
  amountCents?: number;
  debtRecoveredCents?: number;
  /** What an open refund case kept back of this booking's share. */
  heldCents?: number;
  error?: string;
}

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
  const expected = remainingTransferCents(booking) - recovered;
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
 * The transfer is the share less the provider's outstanding debt (never below 0; no Stripe transfer at 0). While a
 * customer's refund case holds part of it, only the rest goes (once) and the booking waits for the case.
 */
export async function transferBooking(deps: Deps, stripeAccount: string, bookingId: string, runId: string): Promise<TransferResult> {
  const now = deps.clock.now();
  // The share is fixed when the booking is paid; the claim's condition compares what was refunded of it.
  const read = await repo.booking(deps, bookingId);
  if (!read) return { outcome: 'claimed-elsewhere' };
  const booking = await claimBookingForPayout(deps, {
    bookingId,
    providerEarningsCents: read.providerEarningsCents,
    refundCase: read.refundDispute,
    runId,
    now,
    staleBefore: new Date(now.getTime() - PAYOUT_CLAIM_STALE_MS),
  });
  if (!booking) return { outcome: 'claimed-elsewhere' };
  const tookOverStaleClaim = Boolean(booking.payoutClaimId);
  const owed = remainingTransferCents(booking);
  // A part fixed by an earlier attempt goes as it was fixed, whatever the case is now (same key, same amount).
  let part = booking.payoutPartCents;
  if (part === undefined) {
    const heldCents = heldOnTransfer(booking.refundDispute, owed);
    const plan = transferPlan(owed, heldCents, Boolean(booking.partialTransferId));
    if (plan.kind === 'wait') {
      await releasePayoutClaim(deps, booking.id, runId);
      return { outcome: 'held', heldCents };
    }
    if (plan.kind === 'part') {
      if (!(await fixPayoutPart(deps, booking.id, runId, plan.amountCents))) return { outcome: 'claimed-elsewhere' };
      part = plan.amountCents;
    }
  }
  if (part !== undefined)
    return transferPart(deps, { stripeAccount, booking, runId, amountCents: part, owedCents: owed, tookOverStaleClaim });
  return transferRest(deps, { stripeAccount, booking, runId, owedCents: owed, tookOverStaleClaim });
}

interface TransferJob {
  stripeAccount: string;
  /** The booking as claimed. */
  booking: BookingRecord;
  runId: string;
  /** What is still owed of the share (less a part already transferred). */
  owedCents: number;
  tookOverStaleClaim: boolean;
}

/** The charge the transfer is tied to when the card paid it all; a booking paid (partly) with credits has none. */
function sourceOf(booking: BookingRecord): { source_transaction?: string } {
  // A booking paid (partly) with credits is funded from the platform balance, where the credit purchases landed.
  const paidWithCredits = (booking.creditsAppliedCents ?? 0) > 0;
  if (!booking.chargeId && !paidWithCredits) throw new Error(`booking ${booking.id} has no charge to transfer from`);
  // A reschedule top-up raised the share above what the first charge took: funded from the platform balance too.
  const toppedUp = (booking.topUps?.length ?? 0) > 0;
  return booking.chargeId && !paidWithCredits && !toppedUp ? { source_transaction: booking.chargeId } : {};
}

/** What is still owed after a part (or all of it): debt netted, transferred, and the booking paid out. */
async function transferRest(deps: Deps, job: TransferJob): Promise<TransferResult> {
  const { booking, runId, stripeAccount } = job;
  const recovered = await fixDebtNetting(deps, booking, runId, job.owedCents, { tookOverStaleClaim: job.tookOverStaleClaim });
  if (recovered === undefined) return { outcome: 'claimed-elsewhere' };
  const amount = job.owedCents - recovered;
  let transfer: Stripe.Transfer | undefined;
  try {
    if (amount < 0) throw new Error(`booking ${booking.id}: its share (${job.owedCents}) is now below the debt it nets (${recovered})`);
    const source = sourceOf(booking);
    if (job.tookOverStaleClaim && amount > 0) {
      // A run died mid-way: its transfer may exist (and its idempotency key may have expired), so look first.
      const existing = await deps.stripe.transfers.list({ transfer_group: booking.id, limit: 10 });
      transfer = existing.data.find(
        (t) => destinationId(t) === stripeAccount && t.amount === amount && t.id !== booking.partialTransferId && !isPartTransfer(t),
      );
    }
    if (amount > 0) {
      transfer ??= await deps.stripe.transfers.create(
        {
          amount,
          currency: booking.currency,
          destination: stripeAccount,
          ...source,
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

const PART_METADATA = 'held-back-part';
const isPartTransfer = (t: Stripe.Transfer) => t.metadata?.part === PART_METADATA;

/** The part of a held booking's share that is not in dispute: transferred once; the booking stays COMPLETED. */
async function transferPart(deps: Deps, job: TransferJob & { amountCents: number }): Promise<TransferResult> {
  const { booking, runId, stripeAccount, amountCents } = job;
  const heldCents = Math.max(0, job.owedCents - amountCents);
  let transfer: Stripe.Transfer | undefined;
  try {
    const source = sourceOf(booking);
    if (job.tookOverStaleClaim) {
      const existing = await deps.stripe.transfers.list({ transfer_group: booking.id, limit: 10 });
      transfer = existing.data.find((t) => isPartTransfer(t) && destinationId(t) === stripeAccount && t.amount === amountCents);
    }
    transfer ??= await deps.stripe.transfers.create(
      {
        amount: amountCents,
        currency: booking.currency,
        destination: stripeAccount,
        ...source,
        transfer_group: booking.id,
        description: `Provider share of booking ${booking.id}, less what an open refund dispute holds`,
        metadata: { bookingId: booking.id, providerId: booking.providerId, part: PART_METADATA, heldCents: String(heldCents) },
      },
      { idempotencyKey: idempotencyKeys.bookingTransferPart(booking.id) },
    );
  } catch (err) {
    // The part stays fixed on the booking: the next run transfers the same amount under the same key.
    await releasePayoutClaim(deps, booking.id, runId);
    return { outcome: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
  const made = transfer;
  await commitWithRetry(deps, async () => {
    const current = await repo.booking(deps, booking.id);
    if (!current || current.status !== 'COMPLETED' || current.partialTransferId) return []; // recorded already
    return partTransferItems(deps, current, { id: made.id, amountCents: made.amount }, deps.clock.now());
  });
  return { outcome: 'transferred', transferId: made.id, amountCents: made.amount, heldCents };
}

function destinationId(t: Stripe.Transfer): string | undefined {
  return typeof t.destination === 'string' ? t.destination : t.destination?.id;
}
