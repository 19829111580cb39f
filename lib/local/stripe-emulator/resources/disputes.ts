import { originOf, type RequestContext, type Route } from '../context';
import { invalidRequest } from '../errors';
import type { Charge, Dispute } from '../objects/payments';
import { fromPath, pageOfOwned, retrieveFromPath } from '../reads';
import { newId } from '../store';
import { addBalanceTransaction } from './balance';

const DISPUTE_FEE = 1500;

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'product_description',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'uncategorized_text',
] as const;

/** Card 4000000000000259: the charge is disputed; its amount plus Stripe's dispute fee leave the balance. */
export function openDispute(ctx: RequestContext, charge: Charge): Dispute {
  const em = ctx.em;
  const id = newId('dp');
  const bt = addBalanceTransaction(em, ctx.account, {
    amount: -charge.amount_captured,
    currency: charge.currency,
    type: 'adjustment',
    reportingCategory: 'dispute',
    source: id,
    fee: DISPUTE_FEE,
    feeDescription: 'Dispute fee',
    description: `Chargeback withdrawal for ${charge.id}`,
  });
  const dispute: Dispute = {
    id,
    object: 'dispute',
    amount: charge.amount_captured,
    balance_transactions: [bt],
    charge: charge.id,
    created: em.now(),
    currency: charge.currency,
    evidence: Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])),
    evidence_details: { due_by: em.now() + 7 * 86400, has_evidence: false, past_due: false, submission_count: 0 },
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    reason: 'fraudulent',
    status: 'needs_response',
  };
  charge.disputed = true;
  em.store.insert('dispute', ctx.account, dispute);
  em.emit(originOf(ctx), ctx.account, 'charge.dispute.created', dispute);
  return dispute;
}

function assertOpen(d: Dispute): void {
  if (d.status === 'won' || d.status === 'lost') {
    throw invalidRequest(`This dispute is already closed (${d.status}).`, { code: 'charge_dispute_closed' });
  }
}

/** Evidence `winning_evidence` / `losing_evidence` in uncategorized_text decides the outcome, as in Stripe's test mode. */
function resolve(ctx: RequestContext, d: Dispute, outcome: 'won' | 'lost'): void {
  const previous = { status: d.status };
  d.status = outcome;
  if (outcome === 'won') {
    const bt = addBalanceTransaction(ctx.em, ctx.account, {
      amount: d.amount,
      currency: d.currency,
      type: 'adjustment',
      reportingCategory: 'dispute_reversal',
      source: d.id,
      description: `Chargeback reversal for ${d.charge}`,
    });
    d.balance_transactions.push(bt);
  }
  ctx.em.emit(originOf(ctx), ctx.account, 'charge.dispute.closed', d, previous);
}

const list = (ctx: RequestContext) => pageOfOwned(ctx, 'dispute', '/v1/disputes', { matching: ['charge', 'payment_intent'] });

const update = (ctx: RequestContext) => {
  const d = fromPath(ctx, 'dispute');
  assertOpen(d);
  const previous = { status: d.status, evidence: { ...d.evidence } };
  const evidence = ctx.params.map('evidence');
  for (const f of EVIDENCE_FIELDS) {
    const v = evidence?.str(f);
    if (v !== undefined) d.evidence[f] = v;
  }
  d.metadata = ctx.params.metadata(d.metadata);
  d.evidence_details.has_evidence = Object.values(d.evidence).some((v) => v !== null);
  const submit = ctx.params.bool('submit') ?? true;
  if (!submit) {
    ctx.em.emit(originOf(ctx), ctx.account, 'charge.dispute.updated', d, previous);
    return d;
  }
  d.evidence_details.submission_count += 1;
  d.status = 'under_review';
  ctx.em.emit(originOf(ctx), ctx.account, 'charge.dispute.updated', d, previous);
  const text = d.evidence.uncategorized_text;
  if (text === 'winning_evidence') resolve(ctx, d, 'won');
  else if (text === 'losing_evidence') resolve(ctx, d, 'lost');
  return d;
};

const close = (ctx: RequestContext) => {
  const d = fromPath(ctx, 'dispute');
  assertOpen(d);
  resolve(ctx, d, 'lost');
  return d;
};

export const disputeRoutes: Route[] = [
  { method: 'GET', path: '/v1/disputes', handler: list },
  { method: 'GET', path: '/v1/disputes/:id', handler: (ctx) => retrieveFromPath(ctx, 'dispute') },
  { method: 'POST', path: '/v1/disputes/:id', handler: update },
  { method: 'POST', path: '/v1/disputes/:id/close', handler: close },
];
