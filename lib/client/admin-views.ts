/**
 * What refund-processor's admin actions answer, as the admin pages read it (lib/http has the request schemas of these
 * actions, and the shapes of the refund and booking answers in refund-responses.ts).
 */
import type { AdminBookingDetail, AdminBookingRow, AdminMetricsReport, RefundCaseRow } from '../http/refund-processor';
import type { EventForDisplay } from './event-words';

interface AdminProviderRow {
  userId: string;
  email: string;
  displayName: string;
  stripeAccountId: string | null;
  stripeAccountStatus: string | null;
  onboardingComplete: boolean;
  payoutsEnabled: boolean;
  providerDebtCents: number;
}

interface WebhookEventRow {
  id: string;
  eventType: string;
  status: string;
  receivedAt: string;
  attempts: number;
  lastError?: string;
  /** Why an IGNORED event could not be used, in words. */
  reason?: string;
}

export interface DisputeRow {
  id: string;
  bookingId: string;
  amountCents: number;
  currency: string;
  status: string;
  reason: string;
  evidenceDueBy: string;
  evidence?: Record<string, string>;
  evidenceSubmissionCount?: number;
  evidenceSubmittedAt?: string;
}

type AuditRow = EventForDisplay & { id: string; occurredAt: string };
export interface AuditPage {
  entries: AuditRow[];
  cursor?: string;
}

export interface DayActivity {
  day: string;
  total: number;
  counts: { eventType: string; count: number }[];
}

export interface AdminResponses {
  /** nextCursor: present while more pages may follow (pass it back as `cursor` with the same filters). */
  ADMIN_LIST_BOOKINGS: { bookings: AdminBookingRow[]; nextCursor?: string };
  ADMIN_GET_BOOKING: AdminBookingDetail;
  ADMIN_LIST_DISPUTES: { disputes: DisputeRow[]; nextCursor?: string };
  ADMIN_LIST_REFUND_CASES: { refundCases: RefundCaseRow[]; nextCursor?: string };
  ADMIN_LIST_PROVIDERS: { providers: AdminProviderRow[]; nextCursor?: string };
  /** nextCursor: present while more pages may follow (pass it back as `cursor`). */
  ADMIN_LIST_EVENTS: { events: WebhookEventRow[]; nextCursor?: string };
  ADMIN_REPROCESS_EVENT: { outcome: string; reason?: string };
  ADMIN_METRICS: AdminMetricsReport;
  ADMIN_AUDIT_LOG: AuditPage;
  ADMIN_ACTIVITY: DayActivity;
  SUBMIT_DISPUTE_EVIDENCE: { dispute: DisputeRow };
}
