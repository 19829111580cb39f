/** A booking as stored: its payment, lifecycle, refunds and chargeback fields, and the slot holds it owns. */
import type { BookingStatus } from '../domain/booking-status';
import type { Currency } from '../domain/money';
import type { DisputeEvidenceField } from '../domain/vocabulary';
import type { ModelItem } from './items';

export type IntentCancelStatus = 'PENDING' | 'GAVE_UP';

export interface BookingRecord extends ModelItem {
  __typename: 'Booking';
  serviceId: string;
  serviceTitle: string;
  serviceCategory: string;
  providerId: string;
  customerId: string;
  customerEmail: string;
  startDateTime: string;
  endDateTime: string;
  groupSize: number;
  specialRequests?: string;
  status: BookingStatus;
  totalAmountCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
  currency: Currency;
  paymentIntentId?: string;
  chargeId?: string;
  paymentFailureCode?: string;
  paymentFailureMessage?: string;
  confirmedAt?: string;
  /**
   * A promotion code applied at checkout (lib/domain/promotions.ts): totalAmountCents is then what is charged (list −
   * discount) and platformFeeCents the platform's fee after the discount; the provider's earning is unchanged.
   */
  promotionCode?: string;
  listPriceCents?: number;
  discountCents?: number;
  /** Credits (1 credit = 1 minor unit of `currency`, lib/domain/credits.ts) that pay part or all of the total. */
  creditsAppliedCents?: number;
  /** Credits given back so far (refunds of a credit-paid booking); never more than creditsAppliedCents. */
  creditsReturnedCents?: number;
  /** The check-in secret (`ci_…`; `qr_<id>` on bookings made before codes were secret, which check-in refuses). */
  qrCode: string;
  /** When the provider checked the customer in, and who (set once). */
  checkedInAt?: string;
  checkedInBy?: string;
  /** ids of the SlotHold items this booking owns, released on cancel/expiry */
  slotHoldIds: string[];
  holdExpiresAt: string;
  // ---- rescheduling (lib/domain/reschedule.ts) ----
  /** How many times the customer moved it; the last move's sequence (absent: never moved). */
  rescheduleCount?: number;
  rescheduledAt?: string;
  /** Every move, oldest first (bounded: each needs the policy's notice before the start). */
  reschedules?: RescheduleEntry[];
  /** The price after a move to a lower price (absent: totalAmountCents); the difference was refunded. */
  currentPriceCents?: number;
  /** A move to a higher price waiting for its top-up payment (lib/services/reschedule-topup.ts); the booking is unchanged meanwhile. */
  pendingMove?: PendingMove;
  /** Top-ups paid, oldest first: each one's PaymentIntent is refunded against after the first payment's. */
  topUps?: TopUpPayment[];
  /**
   * Reschedule work the scheduled run finishes (sparse index byRescheduleWork): TOPUP_PENDING until the pending move's
   * hold ends, REFUND_PENDING while a lower-price move's refund did not reach Stripe. Removed when done.
   */
  rescheduleWork?: 'TOPUP_PENDING' | 'REFUND_PENDING';
  rescheduleWorkDueAt?: string;
  /** Moves to a higher price started so far: the pending move's sequence, naming its PaymentIntent's key. */
  topUpAttempts?: number;
  /** Top-up sequences paid after their move was dropped, each refunded in full once. */
  lateTopUpRefunds?: number[];
  // ---- lifecycle ----
  /** When an unpaid hold ended: CANCELLED by its customer/admin or EXPIRED by the scheduled run. */
  cancelledAt?: string;
  cancelledBy?: string;
  expiredAt?: string;
  /** The PaymentIntent could not be canceled when the hold ended (Stripe unreachable); a late payment is refunded. */
  paymentIntentCancelFailed?: boolean;
  /**
   * The failed cancel's retry (lib/services/booking-lifecycle.ts retryPendingIntentCancels; timing in lib/domain/scheduled-run.ts): 'PENDING' while the
   * scheduled run retries it (sparse index byIntentCancelRetry), 'GAVE_UP' after the last attempt (an admin must
   * cancel the PaymentIntent by hand); removed once the PaymentIntent is canceled (or was paid and refunded).
   */
  intentCancelStatus?: IntentCancelStatus;
  /** When the next retry is due (only while PENDING: the index's sort key). */
  intentCancelRetryAt?: string;
  intentCancelPendingSince?: string;
  /** Cancel attempts so far, the first one included. */
  intentCancelAttempts?: number;
  intentCancelLastError?: string;
  intentCancelResolvedAt?: string;
  /** A payment that succeeded after the hold ended, refunded in full (never confirmed). */
  latePaymentRefundId?: string;
  completedAt?: string;
  /** When (and by whom) the provider marked the booking a no-show (MARK_NO_SHOW: it is COMPLETED from then on). */
  noShowAt?: string;
  noShowBy?: string;
  /** 'SYSTEM' for the scheduled completion, else the provider's (or admin's) user id. */
  completedBy?: string;
  /** A payout run's claim on this COMPLETED booking (set by a conditional write before the Stripe transfer). */
  payoutClaimId?: string;
  payoutClaimedAt?: string;
  transferId?: string;
  paidOutAt?: string;
  /** The provider's earlier debt netted from this booking's transfer (fixed before the transfer; PROVIDER_DEBT −line). */
  providerDebtRecoveredCents?: number;
  /**
   * A customer's open refund case held part of the share: the amount of the part transfer a run claimed (fixed with
   * the claim, so a run taking over a stale claim transfers the same), then the part transferred. The booking stays
   * COMPLETED until the rest is transferred after the case is resolved (lib/domain/refund-dispute-rules.ts).
   */
  payoutPartCents?: number;
  partialTransferId?: string;
  partialTransferCents?: number;
  // ---- refunds and refund disputes ----
  /** Cumulative sums of this booking's completed refunds (minor units of `currency`). */
  refundedCents?: number;
  feeRefundedCents?: number;
  /** Provider's part taken back (earning reduction + reversal + debt) and compensation absorbed by the platform. */
  providerRefundedCents?: number;
  refundCompensationCents?: number;
  providerReversedCents?: number;
  providerDebtCents?: number;
  /** The refund in flight: claimed by a conditional write before any Stripe call, removed when it is recorded. */
  refundClaimId?: string;
  refundClaim?: RefundClaim;
  /** Completed refunds, oldest first (bounded: a booking has few refunds). */
  refunds?: RefundSummary[];
  /**
   * Set while a chargeback is open: no refunds, no payout. (Refund cases opened before they held only the amount in
   * dispute set it too; resolving such a case lifts it.)
   */
  payoutHold?: boolean;
  refundDispute?: RefundDisputeCase;
  /** Only while a case is open (sparse index byRefundCase): OPEN, or ESCALATED once escalated; its openedAt. */
  refundCaseState?: RefundCaseQueue;
  refundCaseOpenedAt?: string;
  /** A chargeback on the booking's charge (lib/services/disputes.ts): the booking is DISPUTED while it is open. */
  disputeId?: string;
  /** Stripe's dispute status: warning_needs_response … needs_response, under_review, won, lost. */
  chargebackStatus?: string;
  /** The status a DISPUTED booking returns to when the chargeback is won. */
  statusBeforeDispute?: BookingStatus;
  chargebackAmountCents?: number;
  /** Set once a lost chargeback was settled (fee share given up, provider share made debt). */
  chargebackSettledAt?: string;
  /** The scheduled run's sparse, sharded key (lib/domain/booking-schedule.ts), kept by the booking writer. */
  scheduleShard?: string;
}

/** One move of a booking to another slot. */
export interface RescheduleEntry {
  sequence: number;
  /** The client's request id, when it sent one: a replay with it answers the same move. */
  requestId?: string;
  fromStart: string;
  fromEnd: string;
  toStart: string;
  toEnd: string;
  at: string;
  /** The price after the move, and the difference refunded (its refund request id names its Stripe key and lines). */
  priceCents: number;
  refundCents: number;
  /** Of the refund, the platform fee given back (the fee kept is 8% of the new price). */
  feeRefundCents?: number;
  refundRequestId?: string;
  /** A move to a higher price: the difference charged on its top-up PaymentIntent. */
  topUpCents?: number;
}

export interface PendingMove {
  sequence: number;
  requestId?: string;
  toStart: string;
  toEnd: string;
  /** The price after the move. */
  priceCents: number;
  amountDueCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
  paymentIntentId: string;
  /** Every SlotHold id of the new slot (the booking's slotHoldIds once moved). */
  newSlotHoldIds: string[];
  /** Of them, those this move took (the booking did not hold them already): released when the move is dropped. */
  holdIds: string[];
  holdExpiresAt: string;
  at: string;
}

export interface TopUpPayment {
  sequence: number;
  paymentIntentId: string;
  chargeId?: string;
  amountCents: number;
  platformFeeCents: number;
  providerEarningsCents: number;
}

export interface RefundClaim {
  refundRequestId: string;
  refundCents: number;
  platformFeeRefundCents: number;
  providerReversalCents: number;
  providerEarningReductionCents: number;
  providerCompensationCents: number;
  /** Of the reversal: what the provider's balance covers now (reversed) and the shortfall (debt). */
  reverseCents: number;
  debtCents: number;
  /** A booking paid (partly) with credits: of refundCents, what goes back to the card and what as credits. */
  cardRefundCents?: number;
  creditsReturned?: number;
  transferId?: string;
  stripeAccountId?: string;
  reason: string;
  requestedBy: string;
  cancel: boolean;
  /** The refund of a no-show: recording it is MARK_NO_SHOW (the booking becomes COMPLETED). */
  noShow?: boolean;
  claimedAt: string;
}

export interface RefundSummary extends Omit<RefundClaim, 'claimedAt'> {
  stripeRefundId: string;
  transferReversalId?: string;
  createdAt: string;
}

/** The refund-case index's partitions: open cases, and those escalated to the admins. */
export type RefundCaseQueue = 'OPEN' | 'ESCALATED';

export interface RefundDisputeCase {
  status: 'OPEN' | 'RESOLVED';
  openedBy: string;
  openedByRole: 'CUSTOMER' | 'PROVIDER';
  reason: string;
  openedAt: string;
  /**
   * The amount in dispute and what the case holds of the provider's share not yet transferred (0 for a provider's
   * case), in `currency` (absent on cases opened before amounts were recorded).
   */
  amountCents?: number;
  heldCents?: number;
  currency?: Currency;
  /** When the scheduled run handed the still-open case to the admins. */
  escalatedAt?: string;
  resolvedBy?: string;
  resolvedAt?: string;
  resolution?: string;
  /** The dispute desk's decision: APPROVED refunded the amount in dispute, DENIED closed the case with the note. */
  decision?: 'APPROVED' | 'DENIED';
}

export interface SlotHoldRecord extends ModelItem {
  __typename: 'SlotHold';
  providerId: string;
  bookingId: string;
  startDateTime: string;
}

/** A chargeback (id = Stripe dispute id), as Stripe last reported it. */
export interface DisputeRecord extends ModelItem {
  __typename: 'Dispute';
  bookingId: string;
  chargeId: string;
  amountCents: number;
  currency: Currency;
  status: string;
  reason: string;
  evidenceDueBy: string;
  /** The evidence Stripe holds for the dispute (text fields we send; a draft until submitted). */
  evidence?: Partial<Record<DisputeEvidenceField, string>>;
  /** How many times evidence was submitted (Stripe's evidence_details.submission_count). */
  evidenceSubmissionCount?: number;
  /** When (and by which admin) the evidence was submitted to the bank; set once. */
  evidenceSubmittedAt?: string;
  evidenceSubmittedBy?: string;
  /** The submission in flight (its idempotency key and when it was claimed), set before the Stripe call, removed after. */
  evidenceClaimKey?: string;
  evidenceClaimedAt?: string;
}
