/**
 * Chargebacks (Stripe disputes), pure: what a dispute's CURRENT Stripe status means for its booking, and the
 * words and deadlines the admin queue shows. The webhook handler (lib/services/disputes.ts) decides from the
 * dispute as it is now, so applying these to any order or repeat of events ends in the same booking state.
 */
import { canTransition } from './booking-status';
import type { BookingStatus } from './booking-status';
import type { DisputeEvidenceField } from './vocabulary';

/** Stripe statuses of a dispute still being fought (inquiries are `warning_*`). */
export const OPEN_DISPUTE_STATUSES = ['warning_needs_response', 'warning_under_review', 'needs_response', 'under_review'] as const;

/** The evidence text fields we send (Stripe's customer_communication is a file id: messages go in uncategorized_text). */
export const EVIDENCE_FIELDS: readonly DisputeEvidenceField[] = [
  'product_description',
  'customer_name',
  'customer_email_address',
  'service_date',
  'uncategorized_text',
];

export type DisputeOutcome = 'OPEN' | 'WON' | 'LOST';

/** Lost is the only closed state where the bank keeps the money; any other closed state returns it (like won). */
export function disputeOutcome(status: string): DisputeOutcome {
  if ((OPEN_DISPUTE_STATUSES as readonly string[]).includes(status)) return 'OPEN';
  return status === 'lost' ? 'LOST' : 'WON';
}

/** Words for the admin queue. */
export function disputeStatusWords(status: string): string {
  switch (status) {
    case 'needs_response':
    case 'warning_needs_response':
      return 'Needs response';
    case 'under_review':
    case 'warning_under_review':
      return 'Under review';
    case 'won':
      return 'Won';
    case 'lost':
      return 'Lost';
    default:
      return 'Closed';
  }
}

// A Map: a reason such as 'constructor' must not hit Object.prototype.
const REASON_WORDS = new Map<string, string>(
  Object.entries({
    fraudulent: 'Customer says they did not make the payment',
    product_not_received: 'Customer says the service was not provided',
    product_unacceptable: 'Customer says the service was unacceptable',
    duplicate: 'Customer says they were charged twice',
    subscription_canceled: 'Customer says they had cancelled',
    credit_not_processed: 'Customer says a promised refund was not made',
    unrecognized: 'Customer does not recognise the payment',
    general: 'Other reason',
  }),
);

/** The bank's reason code in words. */
export function disputeReasonWords(reason: string): string {
  return REASON_WORDS.get(reason) ?? 'Other reason';
}

interface DisputedBookingState {
  status: BookingStatus;
  statusBeforeDispute?: BookingStatus | undefined;
}

/** One booking transition a dispute outcome calls for (names of BOOKING_MACHINE). */
export type DisputeBookingStep =
  | { transition: 'OPEN_DISPUTE'; statusBeforeDispute: BookingStatus }
  | { transition: 'WIN_DISPUTE'; to: BookingStatus }
  | { transition: 'LOSE_DISPUTE' };

/**
 * The booking transitions, in order, that bring the booking to what the outcome says. Open: DISPUTED (remembering
 * where it was); won: back to that status; lost: REFUNDED. A loss seen before the dispute opened (the closed event
 * processed first) is two steps: open, then lose; a booking's status is written once per write, so the caller commits
 * the first step on its own. Statuses that cannot be disputed (already REFUNDED, EXPIRED) keep their status.
 */
export function disputeBookingSteps(booking: DisputedBookingState, outcome: DisputeOutcome): DisputeBookingStep[] {
  const { status, statusBeforeDispute } = booking;
  const open: DisputeBookingStep[] = canTransition(status, 'DISPUTED', 'STRIPE')
    ? [{ transition: 'OPEN_DISPUTE', statusBeforeDispute: status }]
    : [];
  if (outcome === 'OPEN') return open;
  if (outcome === 'WON') {
    if (status !== 'DISPUTED' || !statusBeforeDispute || !canTransition('DISPUTED', statusBeforeDispute, 'STRIPE')) return [];
    return [{ transition: 'WIN_DISPUTE', to: statusBeforeDispute }];
  }
  if (status === 'DISPUTED') return [{ transition: 'LOSE_DISPUTE' }];
  return open.length ? [...open, { transition: 'LOSE_DISPUTE' }] : [];
}

export type EvidenceRefusal = 'DISPUTE_CLOSED' | 'EVIDENCE_ALREADY_SUBMITTED';

/** Why evidence can no longer be sent: the dispute closed, or the bank already has our evidence. */
export function evidenceRefusal(status: string, submissionCount: number): EvidenceRefusal | null {
  if (disputeOutcome(status) !== 'OPEN') return 'DISPUTE_CLOSED';
  if (submissionCount > 0 || status === 'under_review' || status === 'warning_under_review') return 'EVIDENCE_ALREADY_SUBMITTED';
  return null;
}

/** "3 days left", "5 hours left", "40 minutes left", "Overdue by 2 hours" until the evidence deadline. */
export function timeLeftText(dueIso: string, now: Date): string {
  const ms = Date.parse(dueIso) - now.getTime();
  const abs = Math.abs(ms);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const span =
    abs >= 2 * 86_400_000
      ? unit(Math.floor(abs / 86_400_000), 'day')
      : abs >= 3_600_000
        ? unit(Math.floor(abs / 3_600_000), 'hour')
        : unit(Math.max(1, Math.floor(abs / 60_000)), 'minute');
  return ms >= 0 ? `${span} left` : `Overdue by ${span}`;
}

/** A canonical text of an evidence request (sorted fields, empty ones dropped): equal content, equal key. */
export function canonicalEvidence(evidence: Record<string, string | undefined>, submit: boolean): string {
  const fields = Object.entries(evidence)
    .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ submit, evidence: fields });
}
