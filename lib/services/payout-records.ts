/**
 * Our Payout records follow Stripe's payouts: created once (with the PAYOUT ledger line), then moved only forward by
 * PAYOUT_MACHINE's transitions (a failed payout adds a PAYOUT_FAILED line: the money is back on the connected
 * account's available balance). Used by the payout service (our own call's answer) and the payout webhooks.
 */
import type Stripe from 'stripe';
import { payoutStatusRank } from '../domain/payout';
import { PAYOUT_MACHINE, payoutTransitionBetween, type PayoutActor } from '../domain/payout-status';
import type { Currency } from '../domain/money';
import { modelFields } from '../data/items';
import { ledgerAccounts, ledgerLineItems } from '../data/ledger-writer';
import { newPayoutItems, payoutTransitionItems } from '../data/payout-writes';
import type { PayoutRecord, PayoutStatus } from '../data/records';
import { repo } from '../data/repository';
import type { TxItem } from '../data/transact';
import type { PayoutView } from '../http/payout-manager';
import type { Deps } from '../ports';

/** What we know of a payout beyond Stripe's object: the instant fee we quoted, the batch it was made under. */
interface PayoutExtra {
  feeCents?: number;
  batch?: string;
}

/**
 * The writes bringing our Payout record in line with Stripe's payout. Every write happens once (the record and the
 * lines are new-only; a transition is conditional on the status read), and a status Stripe reports that the machine
 * does not reach from the stored one (an older event) writes nothing.
 */
export async function payoutRecordEffects(
  deps: Deps,
  providerId: string,
  stripeAccountId: string,
  payout: Stripe.Payout,
  extra: PayoutExtra = {},
  actor: PayoutActor = 'SYSTEM',
): Promise<TxItem[]> {
  const now = deps.clock.now();
  const status = payout.status as PayoutStatus;
  const currency = payout.currency as Currency;
  const existing = await repo.payout(deps, payout.id);
  const line = (type: 'PAYOUT' | 'PAYOUT_FAILED', description: string) =>
    ledgerLineItems(
      deps,
      [
        {
          account: ledgerAccounts.provider(providerId),
          type,
          reference: payout.id,
          providerId,
          amountCents: payout.amount,
          currency,
          stripeObjectId: payout.id,
          description,
        },
      ],
      now,
      { role: actor },
    );
  // A failed payout's money comes back to the connected account's available balance.
  const failedLine = () =>
    line('PAYOUT_FAILED', `Payout failed (${payout.failure_code ?? 'unknown'}): the money is back on the provider's available balance`);
  const failure = {
    ...(payout.failure_code ? { failureCode: payout.failure_code } : {}),
    ...(payout.failure_message ? { failureMessage: payout.failure_message } : {}),
  };
  if (!existing) {
    const record: PayoutRecord = {
      ...modelFields('Payout', payout.id, now),
      createdAt: new Date(payout.created * 1000).toISOString(),
      owner: providerId,
      providerId,
      stripeAccountId,
      amountCents: payout.amount,
      currency,
      method: payout.method === 'instant' ? 'instant' : 'standard',
      status,
      statusRank: payoutStatusRank(status),
      arrivalDate: new Date(payout.arrival_date * 1000).toISOString(),
      ...(extra.feeCents !== undefined ? { feeCents: extra.feeCents } : {}),
      ...(extra.batch ? { batch: extra.batch } : {}),
      ...failure,
    };
    return [
      ...newPayoutItems(deps, record, actor, now),
      ...line('PAYOUT', `${payout.method === 'instant' ? 'Instant payout' : 'Payout'} to the provider's bank account`),
      ...(status === 'failed' ? failedLine() : []),
    ];
  }
  const details = {
    ...(extra.feeCents !== undefined && existing.feeCents === undefined ? { feeCents: extra.feeCents } : {}),
    ...(extra.batch && !existing.batch ? { batch: extra.batch } : {}),
  };
  const name =
    existing.status === status
      ? Object.keys(details).length
        ? 'ADD_DETAILS'
        : undefined
      : payoutTransitionBetween(existing.status, status);
  if (!name) return []; // nothing new, or an older state than the one stored
  const moves = name !== 'ADD_DETAILS';
  const items = payoutTransitionItems(deps, payout.id, {
    transition: name,
    actor,
    from: existing.status,
    change: { set: { ...details, ...(moves ? { ...failure, statusRank: payoutStatusRank(status) } : {}) } },
    now,
    ...(moves && payout.failure_code ? { details: { failureCode: payout.failure_code } } : {}),
  });
  return [...items, ...(PAYOUT_MACHINE.transitions[name].emits.ledger.includes('PAYOUT_FAILED') ? failedLine() : [])];
}

export function recordToView(r: PayoutRecord): PayoutView {
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

export function toPayoutView(p: Stripe.Payout): PayoutView {
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

/** The instant fee we quoted, as kept in the payout's metadata. */
export function feeOf(p: Stripe.Payout): { feeCents?: number } {
  const fee = Number(p.metadata?.feeCents);
  return p.metadata?.feeCents && Number.isSafeInteger(fee) ? { feeCents: fee } : {};
}
