import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest } from '../errors';
import { expand } from '../expand';
import { paginate } from '../list';
import type { Metadata } from '../objects/base';
import type { Transfer, TransferReversal } from '../objects/connect';
import { updateMetadataAndDescription } from '../params';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { addBalanceTransaction, availableAmount } from './balance';

interface TransferInit {
  amount: number;
  currency: string;
  destination: string;
  sourceTransaction: string | null;
  transferGroup: string | null;
  description: string | null;
  metadata: Metadata;
}

function insufficientFunds() {
  return invalidRequest(
    'You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card. See: https://stripe.com/docs/testing#available-balance',
    { code: 'balance_insufficient' },
  );
}

/** When funds tied to a charge become available: the charge's own balance transaction date. */
function availabilityOf(ctx: RequestContext, chargeId: string | null): number {
  const now = ctx.em.now();
  if (!chargeId) return now;
  const charge = ctx.em.store.find('charge', chargeId);
  const bt = charge?.balance_transaction ? ctx.em.store.find('balance_transaction', charge.balance_transaction) : undefined;
  return Math.max(now, bt?.available_on ?? now);
}

/** Moves money from the requesting account to a connected account (a `py_` payment there). */
export function createTransfer(ctx: RequestContext, init: TransferInit): Transfer {
  const em = ctx.em;
  const id = newId('tr');
  const payment = newId('py');
  const availableOn = availabilityOf(ctx, init.sourceTransaction);
  const out = addBalanceTransaction(em, ctx.account, {
    amount: -init.amount,
    currency: init.currency,
    type: 'transfer',
    source: id,
    availableOn,
    description: init.description,
  });
  addBalanceTransaction(em, init.destination, {
    amount: init.amount,
    currency: init.currency,
    type: 'payment',
    source: payment,
    availableOn,
  });
  const transfer: Transfer = {
    id,
    object: 'transfer',
    amount: init.amount,
    amount_reversed: 0,
    balance_transaction: out.id,
    created: em.now(),
    currency: init.currency,
    description: init.description,
    destination: init.destination,
    destination_payment: payment,
    livemode: false,
    metadata: init.metadata,
    reversals: { object: 'list', data: [], has_more: false, url: `/v1/transfers/${id}/reversals` },
    reversed: false,
    source_transaction: init.sourceTransaction,
    source_type: 'card',
    transfer_group: init.transferGroup,
  };
  em.store.insert('transfer', ctx.account, transfer);
  em.emit(originOf(ctx), ctx.account, 'transfer.created', transfer);
  return transfer;
}

/** Reverses part of a transfer: the connected account gives the money back to the platform. */
export function reverseTransfer(
  ctx: RequestContext,
  transfer: Transfer,
  amount: number,
  metadata: Metadata,
  sourceRefund: string | null,
): TransferReversal {
  const em = ctx.em;
  const id = newId('trr');
  const refundOfPayment = newId('pyr');
  const previous = { amount_reversed: transfer.amount_reversed, reversed: transfer.reversed };
  const availableOn = availabilityOf(ctx, transfer.source_transaction);
  const bt = addBalanceTransaction(em, ctx.account, {
    amount,
    currency: transfer.currency,
    type: 'transfer_refund',
    source: id,
    availableOn,
  });
  addBalanceTransaction(em, transfer.destination, {
    amount: -amount,
    currency: transfer.currency,
    type: 'payment_refund',
    source: refundOfPayment,
    availableOn,
  });
  const reversal: TransferReversal = {
    id,
    object: 'transfer_reversal',
    amount,
    balance_transaction: bt.id,
    created: em.now(),
    currency: transfer.currency,
    destination_payment_refund: refundOfPayment,
    metadata,
    source_refund: sourceRefund,
    transfer: transfer.id,
  };
  em.store.insert('transfer_reversal', ctx.account, reversal);
  transfer.amount_reversed += amount;
  transfer.reversed = transfer.amount_reversed === transfer.amount;
  transfer.reversals.data.unshift(reversal);
  em.emit(originOf(ctx), ctx.account, 'transfer.reversed', transfer, previous);
  return reversal;
}

/** How much of a charge is still free to transfer (captured − refunded − transferred). */
function transferableFromCharge(ctx: RequestContext, chargeId: string): number {
  const charge = ctx.em.store.get('charge', chargeId, ctx.account, 'source_transaction');
  if (charge.status !== 'succeeded' || !charge.captured) {
    throw invalidRequest(`The source_transaction ${chargeId} has not succeeded or is not captured.`, { param: 'source_transaction' });
  }
  const transferred = ctx.em.store
    .all('transfer', ctx.account)
    .filter((t) => t.source_transaction === chargeId)
    .reduce((sum, t) => sum + t.amount - t.amount_reversed, 0);
  return charge.amount_captured - charge.amount_refunded - transferred;
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const amount = p.reqInt('amount');
  const currency = p.reqStr('currency').toLowerCase();
  const destination = p.reqStr('destination');
  const sourceTransaction = p.str('source_transaction') ?? null;
  if (amount <= 0) throw invalidRequest('Amount must be at least 1 cent', { param: 'amount', code: 'parameter_invalid_integer' });
  const account = ctx.em.store.get('account', destination, undefined, 'destination');
  if (account.capabilities.transfers !== 'active') {
    throw invalidRequest(
      `Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments`,
      { param: 'destination', code: 'insufficient_capabilities_for_transfer' },
    );
  }
  if (sourceTransaction) {
    const charge = ctx.em.store.get('charge', sourceTransaction, ctx.account, 'source_transaction');
    if (charge.currency !== currency)
      throw invalidRequest('The currency of source_transaction does not match the transfer currency.', { param: 'currency' });
    const free = transferableFromCharge(ctx, sourceTransaction);
    if (amount > free) {
      throw invalidRequest(`Transfer amount (${amount}) exceeds the remaining amount of the source_transaction (${free}).`, {
        param: 'amount',
        code: 'balance_insufficient',
      });
    }
  } else if (availableAmount(ctx.em, ctx.account, currency) < amount) {
    throw insufficientFunds();
  }
  const transfer = createTransfer(ctx, {
    amount,
    currency,
    destination,
    sourceTransaction,
    transferGroup: p.str('transfer_group') ?? null,
    description: p.str('description') ?? null,
    metadata: p.metadata(),
  });
  return expand(ctx.em, transfer, p.expand());
};

const update = (ctx: RequestContext) => {
  const t = fromPath(ctx, 'transfer');
  const previous = { metadata: t.metadata, description: t.description };
  updateMetadataAndDescription(ctx.params, t);
  ctx.em.emit(originOf(ctx), ctx.account, 'transfer.updated', t, previous);
  return t;
};

const list = (ctx: RequestContext) => listOwned(ctx, 'transfer', '/v1/transfers', { matching: ['destination', 'transfer_group'] });

const createReversal = (ctx: RequestContext) => {
  const t = fromPath(ctx, 'transfer');
  const remaining = t.amount - t.amount_reversed;
  const amount = ctx.params.int('amount') ?? remaining;
  if (remaining === 0) throw invalidRequest(`Transfer ${t.id} has already been fully reversed.`, { code: 'transfer_already_reversed' });
  if (amount <= 0 || amount > remaining) {
    throw invalidRequest(`The reversal amount (${amount}) is greater than the unreversed amount of the transfer (${remaining}).`, {
      param: 'amount',
    });
  }
  return reverseTransfer(ctx, t, amount, ctx.params.metadata(), null);
};

const listReversals = (ctx: RequestContext) => {
  const t = fromPath(ctx, 'transfer');
  const items = ctx.em.store.all('transfer_reversal', ctx.account).filter((r) => r.transfer === t.id);
  return paginate(ctx, items, `/v1/transfers/${t.id}/reversals`);
};

const retrieveReversal = (ctx: RequestContext) => {
  const r = ctx.em.store.get('transfer_reversal', ctx.pathParams.rid ?? '', ctx.account, 'id');
  if (r.transfer !== ctx.pathParams.id)
    throw invalidRequest(`No such transfer reversal: '${r.id}'`, { status: 404, code: 'resource_missing', param: 'id' });
  return r;
};

export const transferRoutes: Route[] = [
  { method: 'POST', path: '/v1/transfers', handler: create },
  { method: 'GET', path: '/v1/transfers', handler: list },
  { method: 'GET', path: '/v1/transfers/:id', handler: (ctx) => retrieveFromPath(ctx, 'transfer') },
  { method: 'POST', path: '/v1/transfers/:id', handler: update },
  { method: 'POST', path: '/v1/transfers/:id/reversals', handler: createReversal },
  { method: 'GET', path: '/v1/transfers/:id/reversals', handler: listReversals },
  { method: 'GET', path: '/v1/transfers/:id/reversals/:rid', handler: retrieveReversal },
];
