/** The admin dashboard's API on refund-processor: ADMIN group only (from the verified token), thin over lib/services/admin. */
import { creditPurchaseAdminRequests as creditReq } from '../../http/refund-processor';
import { adminRequests as req } from '../../http/refund-processor';
import { reconciliationAdminRequests as reconReq } from '../../http/reconciliation';
import { activityOfDay } from '../../services/activity';
import { listAudit } from '../../services/audit';
import { submitDisputeEvidence } from '../../services/dispute-evidence';
import { adminGetBooking, adminListBookings, adminListDisputes, adminListProviders, adminMetrics } from '../../services/admin';
import { adminListEvents, adminReprocessEvent } from '../../services/webhook-log';
import { adminListCreditPurchases, refundCreditPurchase } from '../../services/credit-purchase-refunds';
import { refundCaseQueue } from '../../services/refund-disputes';
import { reviewRequests } from '../../http/reviews';
import { adminHideReview } from '../../services/reviews';
import { adminListMismatches } from '../../services/reconciliation';
import { action, requireCaller } from '../dispatch';

export const adminActions = {
  ADMIN_LIST_BOOKINGS: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_BOOKINGS,
    run: (ctx, q) => adminListBookings(ctx.deps, q),
  }),
  ADMIN_GET_BOOKING: action({
    access: 'ADMIN',
    schema: req.ADMIN_GET_BOOKING,
    run: (ctx, { bookingId }) => adminGetBooking(ctx.deps, bookingId, requireCaller(ctx)),
  }),
  ADMIN_LIST_DISPUTES: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_DISPUTES,
    run: (ctx, q) => adminListDisputes(ctx.deps, q),
  }),
  ADMIN_LIST_REFUND_CASES: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_REFUND_CASES,
    run: (ctx, q) => refundCaseQueue(ctx.deps, q),
  }),
  SUBMIT_DISPUTE_EVIDENCE: action({
    access: 'ADMIN',
    limit: 'payment',
    schema: req.SUBMIT_DISPUTE_EVIDENCE,
    run: (ctx, input) => submitDisputeEvidence(ctx.deps, requireCaller(ctx), input),
  }),
  ADMIN_LIST_PROVIDERS: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_PROVIDERS,
    run: (ctx, q) => adminListProviders(ctx.deps, q),
  }),
  ADMIN_LIST_EVENTS: action({
    access: 'ADMIN',
    schema: req.ADMIN_LIST_EVENTS,
    run: (ctx, q) => adminListEvents(ctx.deps, q),
  }),
  ADMIN_REPROCESS_EVENT: action({
    access: 'ADMIN',
    limit: 'payment',
    schema: req.ADMIN_REPROCESS_EVENT,
    run: (ctx, { eventId }) => adminReprocessEvent(ctx.deps, requireCaller(ctx), eventId),
  }),
  // The credit-purchase refunds page (credits refunded by an admin).
  ADMIN_LIST_CREDIT_PURCHASES: action({
    access: 'ADMIN',
    schema: creditReq.ADMIN_LIST_CREDIT_PURCHASES,
    run: (ctx, q) => adminListCreditPurchases(ctx.deps, q),
  }),
  REFUND_CREDIT_PURCHASE: action({
    access: 'ADMIN',
    limit: 'payment',
    schema: creditReq.REFUND_CREDIT_PURCHASE,
    run: (ctx, input) => refundCreditPurchase(ctx.deps, requireCaller(ctx), input),
  }),
  ADMIN_METRICS: action({ access: 'ADMIN', schema: req.ADMIN_METRICS, run: (ctx, input) => adminMetrics(ctx.deps, input) }),
  ADMIN_ACTIVITY: action({ access: 'ADMIN', schema: req.ADMIN_ACTIVITY, run: (ctx, { day }) => activityOfDay(ctx.deps, day) }),
  // Hides a review from its service page and rating, with the reason in the audit log.
  ADMIN_HIDE_REVIEW: action({
    access: 'ADMIN',
    schema: reviewRequests.ADMIN_HIDE_REVIEW,
    run: (ctx, input) => adminHideReview(ctx.deps, requireCaller(ctx), input),
  }),
  ADMIN_AUDIT_LOG: action({
    access: 'ADMIN',
    schema: req.ADMIN_AUDIT_LOG,
    run: (ctx, q) => listAudit(ctx.deps, q),
  }),
  // Our books against Stripe's: what the reconciliation found.
  ADMIN_LIST_RECONCILIATION_MISMATCHES: action({
    access: 'ADMIN',
    schema: reconReq.ADMIN_LIST_RECONCILIATION_MISMATCHES,
    run: (ctx, q) => adminListMismatches(ctx.deps, q),
  }),
};
