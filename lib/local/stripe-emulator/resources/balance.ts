import type { RequestContext, Route } from '../context';
import type { Emulator } from '../emulator';
import type { BalanceTransaction } from '../objects/connect';
import { listOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';

/** Stripe's card fee: 2.9% (rounded half up, in integer math) + 30 minor units. */
export function stripeFee(amount: number): number {
  return Math.floor((amount * 29 + 500) / 1000) + 30;
}

/** `part × numerator / denominator` rounded half up, integer math only. */
export function proportion(part: number, numerator: number, denominator: number): number {
  if (denominator === 0) return 0;
  return Math.floor((2 * part * numerator + denominator) / (2 * denominator));
}

interface BalanceTransactionInit {
  amount: number;
  currency: string;
  type: string;
  source: string | null;
  fee?: number;
  feeDescription?: string;
  description?: string | null;
  availableOn?: number;
  reportingCategory?: string;
}

export function addBalanceTransaction(em: Emulator, account: string, init: BalanceTransactionInit): BalanceTransaction {
  const now = em.now();
  const fee = init.fee ?? 0;
  const availableOn = init.availableOn ?? now;
  const bt: BalanceTransaction = {
    id: newId('txn'),
    object: 'balance_transaction',
    amount: init.amount,
    available_on: availableOn,
    created: now,
    currency: init.currency,
    description: init.description ?? null,
    exchange_rate: null,
    fee,
    fee_details:
      fee === 0
        ? []
        : [
            {
              amount: fee,
              application: null,
              currency: init.currency,
              description: init.feeDescription ?? 'Stripe processing fees',
              type: 'stripe_fee',
            },
          ],
    net: init.amount - fee,
    reporting_category: init.reportingCategory ?? init.type,
    source: init.source,
    status: availableOn <= now ? 'available' : 'pending',
    type: init.type,
  };
  return em.store.insert('balance_transaction', account, bt);
}

interface Amounts {
  available: Map<string, number>;
  pending: Map<string, number>;
}

function balanceAmounts(em: Emulator, account: string): Amounts {
  const out: Amounts = { available: new Map(), pending: new Map() };
  for (const bt of em.store.all('balance_transaction', account)) {
    const bucket = bt.status === 'available' ? out.available : out.pending;
    bucket.set(bt.currency, (bucket.get(bt.currency) ?? 0) + bt.net);
    const other = bt.status === 'available' ? out.pending : out.available;
    if (!other.has(bt.currency)) other.set(bt.currency, 0);
  }
  return out;
}

export function availableAmount(em: Emulator, account: string, currency: string): number {
  return balanceAmounts(em, account).available.get(currency) ?? 0;
}

/** Moves balance transactions whose `available_on` passed to `available`; emits balance.available. */
export function promoteAvailableFunds(em: Emulator): void {
  const now = em.now();
  const touched = new Set<string>();
  for (const entry of em.store.entriesOf('balance_transaction')) {
    const bt = entry.data;
    if (bt.status === 'pending' && bt.available_on <= now) {
      bt.status = 'available';
      touched.add(entry.account);
    }
  }
  for (const account of touched)
    em.emit({ requestId: null, idempotencyKey: null }, account, 'balance.available', balanceObject(em, account));
}

function balanceObject(em: Emulator, account: string) {
  const amounts = balanceAmounts(em, account);
  const rows = (m: Map<string, number>) =>
    [...(m.size ? m : new Map([['usd', 0]])).entries()].map(([currency, amount]) => ({ amount, currency, source_types: { card: amount } }));
  return {
    object: 'balance' as const,
    available: rows(amounts.available),
    connect_reserved: [{ amount: 0, currency: 'usd' }],
    instant_available: rows(amounts.available),
    livemode: false,
    pending: rows(amounts.pending),
  };
}

const retrieveBalance = (ctx: RequestContext) => balanceObject(ctx.em, ctx.account);

const listTransactions = (ctx: RequestContext) => {
  const payout = ctx.params.str('payout');
  return listOwned(ctx, 'balance_transaction', '/v1/balance_transactions', {
    matching: ['type', 'source', 'currency'],
    keep: (bt) => payout === undefined || bt.source === payout,
  });
};

export const balanceRoutes: Route[] = [
  { method: 'GET', path: '/v1/balance', handler: retrieveBalance },
  { method: 'GET', path: '/v1/balance_transactions', handler: listTransactions },
  { method: 'GET', path: '/v1/balance_transactions/:id', handler: (ctx) => retrieveFromPath(ctx, 'balance_transaction') },
];
