/**
 * The words of a customer's cancellation: which kind it is, and the refund preview (from CALCULATE_REFUND) shown
 * before confirming. Pure: the server computes the amounts; this only says them.
 */
import type { BookingView } from '../http/booking-processor';
import type { RefundCalculation } from '../http/refund-processor';
import { freeCancellationUntil } from '../domain/cancellation-preview';
import { cancellationPolicyText, formatDateTimeShort, money } from './format';

/** 'unpaid': CANCEL_BOOKING (nothing charged); 'paid': CANCEL_PAID_BOOKING with the policy's refund; null: not now. */
export type CancelKind = 'unpaid' | 'paid' | null;

export function cancelKind(booking: Pick<BookingView, 'status' | 'dateTime'>, nowMs: number): CancelKind {
  if (Date.parse(booking.dateTime.start) <= nowMs) return null;
  if (booking.status === 'PENDING_PAYMENT' || booking.status === 'PAYMENT_FAILED') return 'unpaid';
  if (booking.status === 'CONFIRMED') return 'paid';
  return null;
}

export const UNPAID_CANCEL_TEXT = 'Nothing was charged; the time is released.';

type Preview = Pick<RefundCalculation, 'refundCents' | 'paidCents' | 'currency' | 'policy' | 'cardRefundCents' | 'creditsReturned'>;

const credits = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'credit' : 'credits'}`;

/** "(policy: Flexible, free cancellation until Dec 9, 10:00 AM)" and its variants. */
function policyClause(policy: Preview['policy'], startIso: string, nowMs: number, timeZone?: string): string {
  if (!policy) return '';
  const name = cancellationPolicyText(policy).name;
  const until = freeCancellationUntil(policy, startIso);
  if (!until) return ` (policy: ${name}, no free cancellation)`;
  const when = formatDateTimeShort(until, timeZone);
  return Date.parse(until) > nowMs
    ? ` (policy: ${name}, free cancellation until ${when})`
    : ` (policy: ${name}, free cancellation ended ${when})`;
}

/**
 * "You get back $45.00 of $90.00 (policy: Flexible, free cancellation until Dec 9, 10:00 AM)." — plus how it comes
 * back when credits paid part: "It comes back as $30.00 to your card and 1,500 credits to your credit balance."
 */
export function refundPreviewSentence(preview: Preview, startIso: string, nowMs: number, timeZone?: string): string {
  const head = `You get back ${money(preview.refundCents, preview.currency)} of ${money(preview.paidCents, preview.currency)}`;
  const sentence = `${head}${policyClause(preview.policy, startIso, nowMs, timeZone)}.`;
  if (preview.refundCents === 0 || preview.creditsReturned === 0) return sentence;
  const card = preview.cardRefundCents > 0 ? `${money(preview.cardRefundCents, preview.currency)} to your card and ` : '';
  return `${sentence} It comes back as ${card}${credits(preview.creditsReturned)} to your credit balance.`;
}

/** The confirm button names what the customer gets: "Cancel and get back $45.00", or that nothing comes back. */
export function confirmCancelLabel(preview: Pick<Preview, 'refundCents' | 'currency'> | null): string {
  if (!preview) return 'Cancel booking (nothing is charged)';
  return preview.refundCents > 0 ? `Cancel and get back ${money(preview.refundCents, preview.currency)}` : 'Cancel with no refund';
}
