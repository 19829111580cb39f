/**
 * Webhooks of the money leaving the platform: transfers (platform events) and payouts (connected-account events,
 * delivered to the `connect: true` endpoint with `event.account`). Each handler re-fetches the object and returns
 * the writes that bring our records in line with Stripe's current state, so duplicates and any order converge. A
 * transfer of no booking here, or a payout of an account that is no provider's, is unusable (recorded as ignored).
 */
import type Stripe from 'stripe';
import { ledgerAccounts, ledgerLineId, ledgerLineItems } from '../data/ledger-writer';
import type { TransactionRecord } from '../data/records';
import { getItem, repo } from '../data/repository';
import type { TxItem } from '../data/transact';
import type { Deps } from '../ports';
import type { EventHandlerMap, EventOf } from './event-handler-types';
import { payoutRecordEffects } from './payout-records';
import { transferEffects } from './payout-transfers';
import { refetch, unusable } from './unusable-event';

type TransferEvent = EventOf<'transfer.created' | 'transfer.updated' | 'transfer.reversed'>;
type PayoutEvent = EventOf<'payout.created' | 'payout.updated' | 'payout.paid' | 'payout.failed' | 'payout.canceled'>;

/**
 * A booking's transfer: if the payout run has not recorded it yet (it died after Stripe answered), record it now
 * (COMPLETED → PAID_OUT, TRANSFER line); every reversal gets its TRANSFER_REVERSAL line, once.
 */
export async function transferChangedEffects(deps: Deps, transferId: string): Promise<TxItem[]> {
  const transfer = await refetch(`Transfer ${transferId}`, () => deps.stripe.transfers.retrieve(transferId));
  const bookingId = transfer.metadata?.bookingId ?? transfer.transfer_group ?? undefined;
  if (!bookingId) unusable(`Transfer ${transferId} names no booking.`);
  const booking = await repo.booking(deps, bookingId);
  if (!booking) unusable(`Transfer ${transferId} is for booking ${bookingId}, which does not exist here.`);
  const items: TxItem[] = [];
  if (booking.status === 'COMPLETED' && transfer.amount === booking.providerEarningsCents)
    items.push(...transferEffects(deps, booking, transfer, undefined, 'STRIPE'));
  const reversals = transfer.reversals?.has_more
    ? (await deps.stripe.transfers.listReversals(transfer.id, { limit: 100 })).data
    : (transfer.reversals?.data ?? []);
  const now = deps.clock.now();
  const account = ledgerAccounts.booking(bookingId);
  for (const r of reversals) {
    if (await getItem<TransactionRecord>(deps, 'Transaction', ledgerLineId(account, 'TRANSFER_REVERSAL', r.id))) continue;
    items.push(
      ...ledgerLineItems(
        deps,
        [
          {
            account,
            type: 'TRANSFER_REVERSAL',
            reference: r.id,
            providerId: booking.providerId,
            amountCents: r.amount,
            currency: booking.currency,
            stripeObjectId: r.id,
            description: 'Part of the provider transfer reversed',
          },
        ],
        now,
      ),
    );
  }
  return items;
}

const onTransferChanged = async (deps: Deps, event: TransferEvent) => transferChangedEffects(deps, event.data.object.id);

/** A payout on a connected account: our Payout record follows Stripe's payout (failed: reason shown, money back). */
async function payoutChangedEffects(deps: Deps, stripeAccount: string, payoutId: string): Promise<TxItem[]> {
  const profiles = await repo.profilesByStripeAccount(deps, stripeAccount);
  const providerId = profiles[0]?.id;
  if (!providerId) unusable(`Payout ${payoutId} is of connected account ${stripeAccount}, which is none of our providers'.`);
  const payout: Stripe.Payout = await refetch(`Payout ${payoutId} of ${stripeAccount}`, () =>
    deps.stripe.payouts.retrieve(payoutId, {}, { stripeAccount }),
  );
  const batch = payout.metadata?.batch;
  const fee = payout.metadata?.feeCents ? Number(payout.metadata.feeCents) : undefined;
  return payoutRecordEffects(
    deps,
    providerId,
    stripeAccount,
    payout,
    { ...(batch ? { batch } : {}), ...(fee !== undefined && Number.isSafeInteger(fee) ? { feeCents: fee } : {}) },
    'STRIPE',
  );
}

const onPayoutChanged = async (deps: Deps, event: PayoutEvent) => {
  if (!event.account) unusable(`Payout ${event.data.object.id} is of the platform's own balance, not a provider's.`);
  return payoutChangedEffects(deps, event.account, event.data.object.id);
};

export const payoutEventHandlers: EventHandlerMap = {
  'transfer.created': onTransferChanged,
  'transfer.updated': onTransferChanged,
  'transfer.reversed': onTransferChanged,
  'payout.created': onPayoutChanged,
  'payout.updated': onPayoutChanged,
  'payout.paid': onPayoutChanged,
  'payout.failed': onPayoutChanged,
  'payout.canceled': onPayoutChanged,
};
