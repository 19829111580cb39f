import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest, parameterMissing } from '../errors';
import { expand } from '../expand';
import type { JsonObject } from '../objects/base';
import type { Charge, Refund } from '../objects/payments';
import { fromPath, pageOfOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { refundApplicationFee } from './application-fees';
import { addBalanceTransaction, proportion } from './balance';
import { reverseTransfer } from './transfers';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

function chargeToRefund(ctx: RequestContext): Charge {
  const p = ctx.params;
  const chargeId = p.str('charge');
  const piId = p.str('payment_intent');
  if (!chargeId && !piId) throw parameterMissing('charge');
  if (chargeId) return ctx.em.store.get('charge', chargeId, ctx.account, 'charge');
  const pi = ctx.em.store.get('payment_intent', piId ?? '', ctx.account, 'payment_intent');
  if (pi.status !== 'succeeded' || !pi.latest_charge) {
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, {
      code: 'charge_not_refundable',
      param: 'payment_intent',
    });
  }
  return ctx.em.store.get('charge', pi.latest_charge, ctx.account, 'payment_intent');
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const charge = chargeToRefund(ctx);
  if (charge.disputed)
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  if (!charge.captured || charge.status !== 'succeeded') {
    throw invalidRequest(`Charge ${charge.id} has not been captured or did not succeed.`, { code: 'charge_not_refundable' });
  }
  const refundable = charge.amount_captured - (charge.amount_refunded - (charge.amount - charge.amount_captured));
  if (refundable <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = p.int('amount') ?? refundable;
  if (amount <= 0) throw invalidRequest('Refund amount must be positive.', { param: 'amount', code: 'parameter_invalid_integer' });
  if (amount > refundable) {
    throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`, {
      param: 'amount',
      code: 'amount_too_large',
    });
  }
  const reverse = p.bool('reverse_transfer') ?? false;
  const refundFee = p.bool('refund_application_fee') ?? false;
  const transfer = charge.transfer ? ctx.em.store.get('transfer', charge.transfer, ctx.account) : undefined;
  if (reverse && !transfer)
    throw invalidRequest('reverse_transfer can only be used with charges that have a destination (transfer_data).', {
      param: 'reverse_transfer',
    });
  const fee = charge.application_fee ? ctx.em.store.get('application_fee', charge.application_fee, ctx.account) : undefined;
  if (refundFee && !fee)
    throw invalidRequest('refund_application_fee can only be used with charges that have an application fee.', {
      param: 'refund_application_fee',
    });

  const id = newId('re');
  const bt = addBalanceTransaction(ctx.em, ctx.account, {
    amount: -amount,
    currency: charge.currency,
    type: 'refund',
    source: id,
    description: 'REFUND FOR CHARGE',
  });
  const last = amount === refundable;
  let reversalId: string | null = null;
  if (reverse && transfer) {
    // Proportional to the refund; the last refund reverses whatever remains.
    const remaining = transfer.amount - transfer.amount_reversed;
    const share = last ? remaining : Math.min(remaining, proportion(transfer.amount, amount, charge.amount_captured));
    if (share > 0) reversalId = reverseTransfer(ctx, transfer, share, {}, id).id;
  }
  if (refundFee && fee) {
    const remaining = fee.amount - fee.amount_refunded;
    const share = last ? remaining : Math.min(remaining, proportion(fee.amount, amount, charge.amount_captured));
    if (share > 0) refundApplicationFee(ctx, fee, share);
  }
  const refund: Refund = {
    id,
    object: 'refund',
    amount,
    balance_transaction: bt.id,
    charge: charge.id,
    created: ctx.em.now(),
    currency: charge.currency,
    metadata: p.metadata(),
    payment_intent: charge.payment_intent,
    reason: p.oneOf('reason', REASONS) ?? null,
    status: 'succeeded',
    source_transfer_reversal: null,
    transfer_reversal: reversalId,
  };
  ctx.em.store.insert('refund', ctx.account, refund);
  const previous: JsonObject = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  charge.refunds.data.unshift(refund);
  ctx.em.emit(originOf(ctx), ctx.account, 'refund.created', refund);
  ctx.em.emit(originOf(ctx), ctx.account, 'charge.refunded', charge, previous);
  return expand(ctx.em, refund, p.expand());
};

const list = (ctx: RequestContext) => pageOfOwned(ctx, 'refund', '/v1/refunds', { matching: ['charge', 'payment_intent'] });

const update = (ctx: RequestContext) => {
  const r = fromPath(ctx, 'refund');
  r.metadata = ctx.params.metadata(r.metadata);
  ctx.em.emit(originOf(ctx), ctx.account, 'refund.updated', r);
  return r;
};

const cancel = (ctx: RequestContext) => {
  const r = fromPath(ctx, 'refund');
  throw invalidRequest(
    `Refund ${r.id} cannot be canceled because it has a status of ${r.status}. Only refunds with a status of requires_action can be canceled.`,
    {
      code: 'refund_not_cancelable',
    },
  );
};

export const refundRoutes: Route[] = [
  { method: 'POST', path: '/v1/refunds', handler: create },
  { method: 'GET', path: '/v1/refunds', handler: list },
  { method: 'GET', path: '/v1/refunds/:id', handler: (ctx) => retrieveFromPath(ctx, 'refund') },
  { method: 'POST', path: '/v1/refunds/:id', handler: update },
  { method: 'POST', path: '/v1/refunds/:id/cancel', handler: cancel },
];
