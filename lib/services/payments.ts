/**
 * The Payment model: one record per PaymentIntent the platform creates (bookings, credit packages, membership
 * invoices), id = the PaymentIntent id, kept current from Stripe's state (re-fetched, never the event payload).
 * Writes are guarded by the record version read (optimistic lock) and a payment that reached a final state
 * (succeeded, canceled) is never moved back, so late and reordered events cannot regress it.
 */
import type Stripe from 'stripe';
import type { Identity } from '../auth/identity';
import { decidePaymentFailureMessage } from '../domain/booking-status';
import type { Currency } from '../domain/money';
import { modelFields } from '../data/items';
import { getPayment, paymentRecordItems, paymentsOfUser } from '../data/payment-writes';
import type { PaymentKind, PaymentRecord, PaymentStatus } from '../data/records';
import { commitWithRetry, type TxItem } from '../data/transact';
import type { PaymentView } from '../http/stripe-connect';
import { userIdOfStripeCustomer } from './customers';
import type { Deps } from '../ports';

const FINAL: PaymentStatus[] = ['succeeded', 'canceled'];

function paymentStatusOf(pi: Stripe.PaymentIntent): PaymentStatus {
  if (pi.status === 'succeeded') return 'succeeded';
  if (pi.status === 'canceled') return 'canceled';
  if (pi.status === 'requires_payment_method' && pi.last_payment_error) return 'failed';
  return 'pending';
}

/** Whose payment, and what for: from the metadata our code sets, else (Stripe-made invoice PIs) the customer. */
export async function paymentOwnerOf(deps: Deps, pi: Stripe.PaymentIntent): Promise<{ userId: string; kind: PaymentKind } | undefined> {
  const md = pi.metadata ?? {};
  if (md.bookingId && md.customerId) return { userId: md.customerId, kind: 'BOOKING' };
  if (md.kind === 'CREDIT_PURCHASE' && md.userId) return { userId: md.userId, kind: 'CREDIT_PURCHASE' };
  const invoice = (pi as unknown as { invoice?: string | { id: string } | null }).invoice;
  if (invoice) {
    const customer = typeof pi.customer === 'string' ? pi.customer : pi.customer?.id;
    const userId = await userIdOfStripeCustomer(deps, customer);
    if (userId) return { userId, kind: 'MEMBERSHIP' };
  }
  return undefined;
}

function receiptUrlOf(pi: Stripe.PaymentIntent): string | undefined {
  const charge = pi.latest_charge;
  return charge && typeof charge !== 'string' ? (charge.receipt_url ?? undefined) : undefined;
}

/**
 * The write that brings the Payment record of `pi` (retrieved with `expand: ['latest_charge']`) in line with it,
 * or nothing when it is not one of ours, already current, or final.
 */
export async function paymentRecordEffects(deps: Deps, pi: Stripe.PaymentIntent): Promise<TxItem[]> {
  const owner = await paymentOwnerOf(deps, pi);
  if (!owner) return [];
  const existing = await getPayment(deps, pi.id);
  const status = paymentStatusOf(pi);
  const receiptUrl = receiptUrlOf(pi) ?? existing?.receiptUrl;
  if (existing && FINAL.includes(existing.status) && existing.status !== status) return [];
  if (existing && existing.status === status && existing.receiptUrl === receiptUrl && existing.amountCents === pi.amount) return [];
  const now = deps.clock.now();
  const md = pi.metadata ?? {};
  const invoice = (pi as unknown as { invoice?: string | { id: string } | null }).invoice;
  const invoiceId = typeof invoice === 'string' ? invoice : invoice?.id;
  const customer = typeof pi.customer === 'string' ? pi.customer : pi.customer?.id;
  const failure =
    status === 'failed' && pi.last_payment_error
      ? decidePaymentFailureMessage(pi.last_payment_error.code, pi.last_payment_error.decline_code, pi.last_payment_error.message)
      : undefined;
  const record: PaymentRecord = {
    ...modelFields('Payment', pi.id, now),
    ...(existing ? { createdAt: existing.createdAt } : { createdAt: new Date(pi.created * 1000).toISOString() }),
    owner: owner.userId,
    userId: owner.userId,
    kind: owner.kind,
    stripePaymentIntentId: pi.id,
    ...(customer ? { stripeCustomerId: customer } : {}),
    amountCents: pi.amount,
    currency: pi.currency as Currency,
    status,
    description: pi.description ?? describe(owner.kind),
    ...(md.bookingId ? { bookingId: md.bookingId } : {}),
    ...(md.creditPurchaseId ? { creditPurchaseId: md.creditPurchaseId } : {}),
    ...(invoiceId ? { invoiceId } : {}),
    ...(receiptUrl ? { receiptUrl } : {}),
    ...(failure ? { failureMessage: failure } : {}),
  };
  return paymentRecordItems(deps, record, existing?.updatedAt);
}

function describe(kind: PaymentKind): string {
  if (kind === 'CREDIT_PURCHASE') return 'Credit package';
  if (kind === 'MEMBERSHIP') return 'Membership';
  return 'Booking';
}

/** The PaymentIntent as Stripe has it now, with its charge (for the receipt URL). */
export function fetchPaymentIntent(deps: Deps, id: string): Promise<Stripe.PaymentIntent> {
  return deps.stripe.paymentIntents.retrieve(id, { expand: ['latest_charge'] });
}

/** The receipt of a PaymentIntent's charge: from its Payment record, else (not recorded yet) from Stripe. */
export async function receiptUrlOfPayment(deps: Deps, paymentIntentId: string): Promise<string | undefined> {
  const recorded = (await getPayment(deps, paymentIntentId))?.receiptUrl;
  return recorded ?? receiptUrlOf(await fetchPaymentIntent(deps, paymentIntentId));
}

/** Records a PaymentIntent our code just created or changed (the webhook does the same later; both converge). */
export async function recordPayment(deps: Deps, paymentIntentId: string): Promise<void> {
  await commitWithRetry(deps, async () => paymentRecordEffects(deps, await fetchPaymentIntent(deps, paymentIntentId)), { attempts: 3 });
}

export async function listMyPayments(deps: Deps, caller: Identity): Promise<{ payments: PaymentView[] }> {
  const records = await paymentsOfUser(deps, caller.userId, 100);
  return {
    payments: records.map((p) => ({
      id: p.id,
      kind: p.kind,
      description: p.description,
      amountCents: p.amountCents,
      currency: p.currency,
      status: p.status,
      ...(p.receiptUrl ? { receiptUrl: p.receiptUrl } : {}),
      ...(p.failureMessage ? { failureMessage: p.failureMessage } : {}),
      ...(p.bookingId ? { bookingId: p.bookingId } : {}),
      createdAt: p.createdAt,
    })),
  };
}
