import { cardFor, type Decline } from '../cards';
import { originOf, type RequestContext, type Route } from '../context';
import type { Charge, PaymentIntent, PaymentMethod } from '../objects/payments';
import { updateMetadataAndDescription } from '../params';
import { fromPath, listOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { addBalanceTransaction, stripeFee } from './balance';
import { openDispute } from './disputes';
import { collectApplicationFee } from './application-fees';
import { createTransfer } from './transfers';

/** Creates the Charge of a PaymentIntent's confirmation attempt (succeeded or failed). */
export function createChargeForIntent(
  ctx: RequestContext,
  pi: PaymentIntent,
  pm: PaymentMethod,
  decline: Decline | null,
  capture: boolean,
): Charge {
  const succeeded = decline === null;
  const charge: Charge = {
    id: newId('ch'),
    object: 'charge',
    amount: pi.amount,
    amount_captured: 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: pi.application_fee_amount,
    balance_transaction: null,
    billing_details: pm.billing_details,
    calculated_statement_descriptor: 'EMULATOR',
    captured: false,
    created: ctx.em.now(),
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    invoice: pi.invoice,
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: pi.on_behalf_of,
    outcome: succeeded
      ? {
          network_status: 'approved_by_network',
          reason: null,
          risk_level: 'normal',
          seller_message: 'Payment complete.',
          type: 'authorized',
        }
      : {
          network_status: 'declined_by_network',
          reason: decline.decline_code ?? decline.code,
          risk_level: 'normal',
          seller_message: 'The bank did not return any further details with this decline.',
          type: 'issuer_declined',
        },
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: {
      type: 'card',
      card: {
        brand: pm.card.brand,
        country: pm.card.country,
        exp_month: pm.card.exp_month,
        exp_year: pm.card.exp_year,
        fingerprint: pm.card.fingerprint,
        funding: pm.card.funding,
        last4: pm.card.last4,
        network: pm.card.brand,
      },
    },
    receipt_email: pi.receipt_email,
    receipt_url: `${ctx.em.baseUrl}/_emulator/receipts/${pi.id}`,
    refunded: false,
    refunds: { object: 'list', data: [], has_more: false, url: '' },
    review: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    status: succeeded ? 'succeeded' : 'failed',
    transfer_data: pi.transfer_data ? { destination: pi.transfer_data.destination, amount: pi.transfer_data.amount ?? null } : null,
    transfer_group: pi.transfer_group,
  };
  charge.refunds.url = `/v1/charges/${charge.id}/refunds`;
  ctx.em.store.insert('charge', ctx.account, charge);
  if (succeeded && capture) captureCharge(ctx, charge, pi.amount);
  ctx.em.emit(originOf(ctx), ctx.account, succeeded ? 'charge.succeeded' : 'charge.failed', charge);
  return charge;
}

/**
 * Captures `amount` of an authorized charge: balance transaction with Stripe's fee, the destination
 * transfer and application fee of a destination charge, and the dispute of card 4000000000000259.
 * Any uncaptured remainder is released (shown as refunded, as Stripe does).
 */
export function captureCharge(ctx: RequestContext, charge: Charge, amount: number): void {
  const em = ctx.em;
  const number = charge.payment_method ? em.store.state.cardNumbers[charge.payment_method] : undefined;
  const behavior = number ? cardFor(number)?.behavior.kind : undefined;
  charge.captured = true;
  charge.amount_captured = amount;
  charge.amount_refunded = charge.amount - amount;
  const now = em.now();
  const bt = addBalanceTransaction(em, ctx.account, {
    amount,
    currency: charge.currency,
    type: 'charge',
    source: charge.id,
    fee: stripeFee(amount),
    description: charge.description,
    availableOn: behavior === 'available_immediately' ? now : now + em.config.availabilityDelaySeconds,
  });
  charge.balance_transaction = bt.id;
  if (charge.transfer_data) {
    const transferAmount = charge.transfer_data.amount ?? amount;
    const transfer = createTransfer(ctx, {
      amount: Math.min(transferAmount, amount),
      currency: charge.currency,
      destination: charge.transfer_data.destination,
      sourceTransaction: charge.id,
      transferGroup: charge.transfer_group,
      description: null,
      metadata: {},
    });
    charge.transfer = transfer.id;
    if (charge.application_fee_amount) {
      charge.application_fee = collectApplicationFee(ctx, charge, transfer.destination, charge.application_fee_amount).id;
    }
  }
  if (behavior === 'dispute') openDispute(ctx, charge);
}

const list = (ctx: RequestContext) =>
  listOwned(ctx, 'charge', '/v1/charges', { matching: ['payment_intent', 'customer', 'transfer_group'] });

const update = (ctx: RequestContext) => {
  const charge = fromPath(ctx, 'charge');
  const previous = { metadata: charge.metadata, description: charge.description };
  updateMetadataAndDescription(ctx.params, charge);
  const group = ctx.params.str('transfer_group');
  if (group !== undefined) charge.transfer_group = group;
  ctx.em.emit(originOf(ctx), ctx.account, 'charge.updated', charge, previous);
  return charge;
};

export const chargeRoutes: Route[] = [
  { method: 'GET', path: '/v1/charges', handler: list },
  { method: 'GET', path: '/v1/charges/:id', handler: (ctx) => retrieveFromPath(ctx, 'charge') },
  { method: 'POST', path: '/v1/charges/:id', handler: update },
];
