import { originOf, type RequestContext, type Route } from '../context';
import type { Emulator } from '../emulator';
import { invalidRequest } from '../errors';
import { expand } from '../expand';
import type { Payout } from '../objects/connect';
import { fromPath, pageOfOwned, retrieveFromPath } from '../reads';
import { newId, PLATFORM_ACCOUNT } from '../store';
import { addBalanceTransaction, availableAmount } from './balance';

const FAILURE_MESSAGES: Record<string, string> = {
  account_closed: 'The bank account has been closed.',
  no_account: 'The bank account details on file are probably incorrect. No bank account could be located with those details.',
  account_frozen: 'The bank account has been frozen.',
  could_not_process: 'The bank could not process this payout.',
  insufficient_funds: 'Your Stripe account has insufficient funds to cover the payout.',
};

/** On the clock: payouts whose arrival date passed are paid, or fail if a failure was set for the account. */
export function settlePayouts(em: Emulator): void {
  const now = em.now();
  for (const entry of em.store.entriesOf('payout')) {
    const payout = entry.data;
    if ((payout.status !== 'pending' && payout.status !== 'in_transit') || payout.arrival_date > now) continue;
    const origin = { requestId: null, idempotencyKey: null };
    const previous = { status: payout.status };
    const failure = em.store.state.payoutFailures[entry.account];
    if (failure) {
      const bt = addBalanceTransaction(em, entry.account, {
        amount: payout.amount,
        currency: payout.currency,
        type: 'payout_failure',
        source: payout.id,
      });
      payout.status = 'failed';
      payout.failure_code = failure;
      payout.failure_message = FAILURE_MESSAGES[failure] ?? 'The payout failed.';
      payout.failure_balance_transaction = bt.id;
      em.emit(origin, entry.account, 'payout.failed', payout, previous);
    } else {
      payout.status = 'paid';
      em.emit(origin, entry.account, 'payout.paid', payout, previous);
    }
  }
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const amount = p.reqInt('amount');
  const currency = p.reqStr('currency').toLowerCase();
  const method = p.oneOf('method', ['standard', 'instant'] as const) ?? 'standard';
  if (amount <= 0) throw invalidRequest('Amount must be greater than 0.', { param: 'amount', code: 'parameter_invalid_integer' });
  let destination: string | null = null;
  if (ctx.account !== PLATFORM_ACCOUNT) {
    const account = ctx.em.store.get('account', ctx.account, undefined, 'account');
    if (!account.payouts_enabled) {
      throw invalidRequest('Payouts are not enabled for this account. The account needs to complete onboarding first.', {
        code: 'payouts_not_allowed',
      });
    }
    destination = account.external_accounts.data[0]?.id ?? null;
  }
  if (availableAmount(ctx.em, ctx.account, currency) < amount) {
    throw invalidRequest(
      'You have insufficient funds in your Stripe account for this transfer. Your card balance is too low.  You can use the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).',
      { code: 'balance_insufficient', param: 'amount' },
    );
  }
  const id = newId('po');
  const now = ctx.em.now();
  const bt = addBalanceTransaction(ctx.em, ctx.account, {
    amount: -amount,
    currency,
    type: 'payout',
    source: id,
    description: p.str('description') ?? 'STRIPE PAYOUT',
  });
  const payout: Payout = {
    id,
    object: 'payout',
    amount,
    arrival_date: method === 'instant' ? now : now + ctx.em.config.payoutDelaySeconds,
    automatic: false,
    balance_transaction: bt.id,
    created: now,
    currency,
    description: p.str('description') ?? 'STRIPE PAYOUT',
    destination,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: p.metadata(),
    method,
    original_payout: null,
    reconciliation_status: 'not_applicable',
    reversed_by: null,
    source_type: 'card',
    statement_descriptor: p.str('statement_descriptor') ?? null,
    status: 'pending',
    type: 'bank_account',
  };
  ctx.em.store.insert('payout', ctx.account, payout);
  ctx.em.emit(originOf(ctx), ctx.account, 'payout.created', payout);
  return expand(ctx.em, payout, p.expand());
};

const list = (ctx: RequestContext) => pageOfOwned(ctx, 'payout', '/v1/payouts', { matching: ['status'] });

const update = (ctx: RequestContext) => {
  const po = fromPath(ctx, 'payout');
  const previous = { metadata: po.metadata };
  po.metadata = ctx.params.metadata(po.metadata);
  ctx.em.emit(originOf(ctx), ctx.account, 'payout.updated', po, previous);
  return po;
};

const cancel = (ctx: RequestContext) => {
  const po = fromPath(ctx, 'payout');
  if (po.status !== 'pending' || po.method === 'instant') {
    throw invalidRequest(`Payouts can only be canceled while they are pending and not instant (status ${po.status}).`, {
      code: 'payout_not_cancelable',
    });
  }
  addBalanceTransaction(ctx.em, ctx.account, { amount: po.amount, currency: po.currency, type: 'payout_cancel', source: po.id });
  const previous = { status: po.status };
  po.status = 'canceled';
  ctx.em.emit(originOf(ctx), ctx.account, 'payout.canceled', po, previous);
  return po;
};

export const payoutRoutes: Route[] = [
  { method: 'POST', path: '/v1/payouts', handler: create },
  { method: 'GET', path: '/v1/payouts', handler: list },
  { method: 'GET', path: '/v1/payouts/:id', handler: (ctx) => retrieveFromPath(ctx, 'payout') },
  { method: 'POST', path: '/v1/payouts/:id', handler: update },
  { method: 'POST', path: '/v1/payouts/:id/cancel', handler: cancel },
];
