import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest } from '../errors';
import { paginate } from '../list';
import type { ApplicationFee, FeeRefund } from '../objects/connect';
import type { Charge } from '../objects/payments';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId, PLATFORM_ACCOUNT } from '../store';
import { addBalanceTransaction } from './balance';

function availableOnOf(ctx: RequestContext, charge: Charge): number {
  const bt = charge.balance_transaction ? ctx.em.store.find('balance_transaction', charge.balance_transaction) : undefined;
  return Math.max(ctx.em.now(), bt?.available_on ?? 0);
}

/** A destination charge's application fee: taken from the connected account back to the platform. */
export function collectApplicationFee(ctx: RequestContext, charge: Charge, connected: string, amount: number): ApplicationFee {
  const em = ctx.em;
  const id = newId('fee');
  const availableOn = availableOnOf(ctx, charge);
  const bt = addBalanceTransaction(em, ctx.account, {
    amount,
    currency: charge.currency,
    type: 'application_fee',
    source: id,
    availableOn,
  });
  addBalanceTransaction(em, connected, { amount: -amount, currency: charge.currency, type: 'application_fee', source: id, availableOn });
  const fee: ApplicationFee = {
    id,
    object: 'application_fee',
    account: connected,
    amount,
    amount_refunded: 0,
    application: 'ca_emulator',
    balance_transaction: bt.id,
    charge: charge.id,
    created: em.now(),
    currency: charge.currency,
    livemode: false,
    originating_transaction: null,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: `/v1/application_fees/${id}/refunds` },
  };
  em.store.insert('application_fee', ctx.account, fee);
  em.emit(originOf(ctx), ctx.account, 'application_fee.created', fee);
  return fee;
}

/** Gives (part of) an application fee back to the connected account. */
export function refundApplicationFee(ctx: RequestContext, fee: ApplicationFee, amount: number): FeeRefund {
  const em = ctx.em;
  const id = newId('fr');
  const bt = addBalanceTransaction(em, ctx.account, {
    amount: -amount,
    currency: fee.currency,
    type: 'application_fee_refund',
    source: id,
  });
  addBalanceTransaction(em, fee.account, { amount, currency: fee.currency, type: 'application_fee_refund', source: id });
  const refund: FeeRefund = {
    id,
    object: 'fee_refund',
    amount,
    balance_transaction: bt.id,
    created: em.now(),
    currency: fee.currency,
    fee: fee.id,
    metadata: {},
  };
  em.store.insert('fee_refund', ctx.account, refund);
  const previous = { amount_refunded: fee.amount_refunded, refunded: fee.refunded };
  fee.amount_refunded += amount;
  fee.refunded = fee.amount_refunded === fee.amount;
  fee.refunds.data.unshift(refund);
  em.emit(originOf(ctx), ctx.account, 'application_fee.refunded', fee, previous);
  return refund;
}

const list = (ctx: RequestContext) =>
  listOwned(ctx, 'application_fee', '/v1/application_fees', { matching: ['charge'], account: PLATFORM_ACCOUNT });

const createRefund = (ctx: RequestContext) => {
  const fee = fromPath(ctx, 'application_fee', PLATFORM_ACCOUNT);
  const remaining = fee.amount - fee.amount_refunded;
  const amount = ctx.params.int('amount') ?? remaining;
  if (remaining === 0) throw invalidRequest(`Application fee ${fee.id} has already been refunded.`, { code: 'charge_already_refunded' });
  if (amount <= 0 || amount > remaining) {
    throw invalidRequest(`Refund amount (${amount}) is greater than the unrefunded amount of the fee (${remaining}).`, {
      param: 'amount',
      code: 'amount_too_large',
    });
  }
  const refund = refundApplicationFee(ctx, fee, amount);
  refund.metadata = ctx.params.metadata();
  return refund;
};

const listRefunds = (ctx: RequestContext) => {
  const fee = fromPath(ctx, 'application_fee', PLATFORM_ACCOUNT);
  return paginate(
    ctx,
    ctx.em.store.all('fee_refund', PLATFORM_ACCOUNT).filter((r) => r.fee === fee.id),
    `/v1/application_fees/${fee.id}/refunds`,
  );
};

const retrieveRefund = (ctx: RequestContext) => {
  const refund = ctx.em.store.get('fee_refund', ctx.pathParams.rid ?? '', PLATFORM_ACCOUNT);
  if (refund.fee !== ctx.pathParams.id)
    throw invalidRequest(`No such fee refund: '${refund.id}'`, { status: 404, code: 'resource_missing', param: 'id' });
  return refund;
};

export const applicationFeeRoutes: Route[] = [
  { method: 'GET', path: '/v1/application_fees', handler: list },
  { method: 'GET', path: '/v1/application_fees/:id', handler: (ctx) => retrieveFromPath(ctx, 'application_fee', PLATFORM_ACCOUNT) },
  { method: 'POST', path: '/v1/application_fees/:id/refunds', handler: createRefund },
  { method: 'GET', path: '/v1/application_fees/:id/refunds', handler: listRefunds },
  { method: 'GET', path: '/v1/application_fees/:id/refunds/:rid', handler: retrieveRefund },
];
