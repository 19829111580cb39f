import { createHash } from 'node:crypto';
import type { Reply } from './context';
import type { Emulator } from './emulator';
import { escapeHtml, formatAmount, page } from './html';
import type { Charge } from './objects/payments';
import { PLATFORM_ACCOUNT } from './store';

const BRANDS: Record<string, string> = { visa: 'Visa', mastercard: 'Mastercard', amex: 'American Express', discover: 'Discover' };

/** A stable receipt number per charge, shaped like Stripe's (`1234-5678`). */
function receiptNumber(chargeId: string): string {
  const digits = BigInt(`0x${createHash('sha256').update(chargeId).digest('hex').slice(0, 12)}`)
    .toString()
    .padStart(8, '0')
    .slice(-8);
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
}

/** The refunded part of what was captured (a partial capture's released rest also counts as refunded on the charge). */
function refundedOf(c: Charge): number {
  return c.captured ? c.amount_refunded - (c.amount - c.amount_captured) : 0;
}

function statusLabel(c: Charge): string {
  if (c.status === 'failed') return 'Failed';
  if (!c.captured) return c.refunded ? 'Canceled' : 'Authorized, not yet captured';
  const refunded = refundedOf(c);
  if (refunded >= c.amount_captured) return 'Refunded';
  if (refunded > 0) return 'Partially refunded';
  return c.disputed ? 'Paid (disputed)' : 'Paid';
}

function merchantOf(em: Emulator, c: Charge): string {
  const owner = em.store.ownerOf(c.id);
  const account = owner && owner !== PLATFORM_ACCOUNT ? em.store.find('account', owner) : undefined;
  return account?.business_profile.name ?? c.statement_descriptor ?? c.calculated_statement_descriptor;
}

/**
 * The page behind a charge's `receipt_url` (`/_emulator/receipts/<PaymentIntent id>`): merchant,
 * amount, date, card, status and refunds of the PaymentIntent's latest charge. Unknown: 404.
 */
export function receiptPage(em: Emulator, paymentIntentId: string): Reply {
  const pi = em.store.find('payment_intent', paymentIntentId);
  const charge = pi?.latest_charge ? em.store.find('charge', pi.latest_charge) : undefined;
  if (!charge)
    return { status: 404, html: page('Receipt not found', `<p>There is no receipt for <code>${escapeHtml(paymentIntentId)}</code>.</p>`) };
  const merchant = merchantOf(em, charge);
  const card = charge.payment_method_details.card;
  const paid = charge.captured ? charge.amount_captured : charge.amount;
  const refunded = refundedOf(charge);
  const date = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(
    new Date(charge.created * 1000),
  );
  const rows: [string, string, string][] = [
    ['merchant', 'Merchant', merchant],
    ['receipt-number', 'Receipt number', receiptNumber(charge.id)],
    ['amount', charge.captured ? 'Amount paid' : 'Amount', formatAmount(paid, charge.currency)],
    ...(refunded > 0 ? [['refunded', 'Refunded', formatAmount(refunded, charge.currency)] as [string, string, string]] : []),
    ['date', 'Date', `${date} UTC`],
    ['payment-method', 'Payment method', `${BRANDS[card.brand] ?? card.brand} ending in ${card.last4}`],
    ['status', 'Status', statusLabel(charge)],
    ...(charge.description ? [['description', 'Description', charge.description] as [string, string, string]] : []),
  ];
  const list = rows.map(([key, label, value]) => `<dt>${escapeHtml(label)}</dt><dd data-field="${key}">${escapeHtml(value)}</dd>`).join('');
  const body = `<dl>${list}</dl><p><small>Issued by the local Stripe emulator for <code>${escapeHtml(charge.id)}</code>.</small></p>`;
  return { html: page(`Receipt from ${merchant}`, body) };
}
