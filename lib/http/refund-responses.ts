/**
 * What refund-processor answers about refunds: the shapes the browser reads (the services build them). Amounts are
 * integer minor units of the booking's currency.
 */
import type { BookingStatus, RefundDisputeCase, RefundSummary, TransactionRecord, BookingRecord } from '../data/records';
import type { MoneyFlowBalance } from '../domain/ledger';
import type { RefundBreakdown } from '../domain/refunds';

export interface RefundCalculation extends RefundBreakdown {
  bookingId: string;
  paidCents: number;
  alreadyRefundedCents: number;
  refundableCents: number;
  hoursBeforeStart: number;
  transferredCents: number;
  /** Of refundCents: what goes back to the card, and as credits (a booking paid partly or fully with credits). */
  cardRefundCents: number;
  creditsReturned: number;
}

export interface ProcessRefundResult {
  bookingId: string;
  refund: RefundSummary;
  /** true when this request found the refund already done (a repeat). */
  replayed: boolean;
  booking: { status: BookingStatus; refundedCents: number; refundableCents: number; currency: string };
}

export interface RefundStatus {
  bookingId: string;
  status: BookingStatus;
  currency: string;
  /** What the booking cost: card and credits together (refunds are of this). */
  paidCents: number;
  /** Of paidCents, what credits paid; and the credits refunds gave back so far (part of refundedCents). */
  paidWithCreditsCents: number;
  creditsReturnedCents: number;
  refundedCents: number;
  refundableCents: number;
  feeRefundedCents: number;
  providerReversedCents: number;
  providerDebtCents: number;
  refunds: RefundSummary[];
  inProgress: { refundRequestId: string; refundCents: number; claimedAt: string } | null;
  payoutHold: boolean;
  refundDispute: RefundDisputeCase | null;
}

export interface AdminBookingRow {
  id: string;
  createdAt: string;
  startDateTime: string;
  status: BookingStatus;
  serviceTitle: string;
  customerEmail: string;
  providerId: string;
  totalAmountCents: number;
  refundedCents: number;
  currency: string;
  payoutHold: boolean;
  chargebackStatus?: string;
}

/** ADMIN_GET_BOOKING: one booking with its ledger and Stripe's view of its refunds and transfers. */
export interface AdminBookingDetail {
  booking: BookingRecord;
  ledger: TransactionRecord[];
  flow: MoneyFlowBalance;
  stripe: {
    refunds: { id: string; amount: number; status: string | null; created: number }[];
    transfers: { id: string; amount: number; amountReversed: number; destination: string | undefined }[];
    /** The ledger agrees with Stripe's refunds and reversals. */
    agrees: boolean;
  };
}
