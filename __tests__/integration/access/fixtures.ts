/**
 * The access matrix's fixtures: for every production action, what record it is about and how to build its input for
 * the caller's own record, someone else's record, and no record. A new action without an entry here fails the matrix.
 */
import type { ActionOf } from '../../../lib/domain/access-policy';

/** Ids of the records the matrix builds once (beforeAll). */
export interface World {
  /** A fresh unpaid booking of the customer with the provider, per booking action (so one action's effects do not leak). */
  booking: (action: string) => string;
  /** Another free slot of the portrait service, per call. */
  nextSlot: () => { startDateTime: string; endDateTime: string };
  /** The provider's services: one to update, one to deactivate. */
  serviceToUpdate: string;
  serviceToDeactivate: string;
  /** The customer's saved cards: one to detach per role (each role's own case detaches one), one to make the default. */
  cardsToDetach: Record<Exclude<MatrixRole, 'anonymous'>, string>;
  cardToDefault: string;
  membership: string;
  creditPurchase: string;
  /** A Stripe event the app has stored (for the admins' reprocess). */
  eventId: string;
  /** A user no case acts as, whose sessions an admin may revoke without signing the matrix's callers out. */
  userToSignOut: string;
  /** The customer's signed link to switch reminders off (what an email carries). */
  unsubscribe: { user: string; kind: string; token: string };
  /** A message the notifier recorded (the paid booking's confirmation), for the admins' resend. */
  notificationId: string;
  /** An admin's promotion code (the customer's booking-fixture applies it; an admin deactivates it). */
  promotionCode: string;
  /** An admin's CSV export, written (READY), for the download link. */
  exportId: string;
  requestId: () => string;
}

export type Ownership = 'own' | 'other' | 'none';
export type MatrixRole = 'anonymous' | 'customer' | 'provider' | 'admin';

type Payload = Record<string, unknown>;

/**
 * What an action is about:
 * - self: nothing but the caller (lists, creates). Own: a plain call; other / none: the body names someone else /
 *   nobody through an identity field (the dispatch layer answers 403).
 * - record: a record everyone past the access gate may see (a listed service, a stored event); none: an unknown id.
 * - createBooking: a listed service, with the customer's identity in the body (the original design's example).
 * - booking / providerResource / userResource: a record with owners; the policy action decides.
 *   `byIdentityField`: the record is named by an identity field (providerId), so naming someone else the caller may
 *   not act for is a 403 rather than a 404.
 *   `requiresGroup`: the service refuses callers in none of these groups (payout-manager's 'user' actions).
 */
export type Fixture =
  | { about: 'self'; identityField?: 'customerId' | 'providerId'; input?: (w: World) => Payload }
  | { about: 'record'; record: (w: World) => string; input: (w: World, id: string) => Payload }
  | { about: 'createBooking' }
  | { about: 'booking'; policy: ActionOf<'booking'>; input: (w: World, bookingId: string) => Payload }
  | {
      about: 'providerResource';
      policy: ActionOf<'providerResource'>;
      byIdentityField?: true;
      requiresGroup?: ('PROVIDER' | 'ADMIN')[];
      /** The provider's record id (undefined: the record is the provider itself, named by providerId). */
      record?: (w: World) => string;
      input: (w: World, id: string) => Payload;
    }
  | {
      about: 'userResource';
      policy: ActionOf<'userResource'>;
      record: (w: World, role: MatrixRole) => string;
      input: (w: World, id: string) => Payload;
    };

const bookingFixture = (policy: ActionOf<'booking'>, extra: (w: World) => Payload = () => ({})): Fixture => ({
  about: 'booking',
  policy,
  input: (w, bookingId) => ({ bookingId, ...extra(w) }),
});
const earnings = (policy: ActionOf<'providerResource'>, extra: (w: World) => Payload = () => ({})): Fixture => ({
  about: 'providerResource',
  policy,
  byIdentityField: true,
  requiresGroup: ['PROVIDER', 'ADMIN'],
  input: (w, providerId) => ({ providerId, ...extra(w) }),
});
const account = (policy: ActionOf<'providerResource'>, extra: (w: World) => Payload = () => ({})): Fixture => ({
  about: 'providerResource',
  policy,
  byIdentityField: true,
  input: (w, providerId) => ({ providerId, ...extra(w) }),
});

export const NEW_SERVICE = {
  title: 'Matrix test service',
  category: 'Testing',
  description: 'A service the access matrix creates.',
  priceCents: 5_000,
  currency: 'usd',
  pricingUnit: 'PER_BOOKING',
  durationMinutes: 60,
  maxGroupSize: 1,
  cancellationPolicy: 'FLEXIBLE',
  timeZone: 'America/New_York',
  weeklyAvailability: { MON: [{ start: '09:00', end: '17:00' }] },
  blockedDates: [],
};

export const FIXTURES: Record<string, Fixture> = {
  // ---- booking-processor ----
  LIST_SERVICES: { about: 'self' },
  SEARCH_SERVICES: { about: 'self' },
  GET_SERVICE: { about: 'record', record: () => 'svc_demo_portrait', input: (_w, serviceId) => ({ serviceId }) },
  CHECK_AVAILABILITY: {
    about: 'record',
    record: () => 'svc_demo_portrait',
    input: (_w, serviceId) => ({
      serviceId,
      from: new Date().toISOString().slice(0, 10),
      to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    }),
  },
  CREATE_BOOKING: { about: 'createBooking' },
  GET_BOOKING: bookingFixture('view'),
  LIST_MY_BOOKINGS: { about: 'self' },
  CONFIRM_BOOKING: bookingFixture('pay'),
  CREATE_SERVICE: { about: 'self', identityField: 'providerId', input: () => NEW_SERVICE },
  UPDATE_SERVICE: {
    about: 'providerResource',
    policy: 'manage',
    record: (w) => w.serviceToUpdate,
    input: (_w, serviceId) => ({ serviceId, description: 'Updated by the matrix.' }),
  },
  DEACTIVATE_SERVICE: {
    about: 'providerResource',
    policy: 'manage',
    record: (w) => w.serviceToDeactivate,
    input: (_w, serviceId) => ({ serviceId }),
  },
  LIST_MY_SERVICES: { about: 'self', identityField: 'providerId' },
  APPLY_BOOKING_CREDITS: bookingFixture('pay', () => ({ credits: 1 })),
  PREPARE_CARD_PAYMENT: bookingFixture('pay', (w) => ({ saveCard: false, requestId: w.requestId() })),
  PAY_WITH_SAVED_CARD: bookingFixture('pay', (w) => ({ paymentMethodId: w.cardToDefault, requestId: w.requestId() })),
  CANCEL_BOOKING: bookingFixture('cancelUnpaid'),
  COMPLETE_BOOKING: bookingFixture('complete'),
  CHECK_IN: bookingFixture('checkIn', () => ({ code: 'ci_matrix0000000000000000' })),
  GET_BOOKING_RECEIPT: bookingFixture('receipt'),
  LIST_PROVIDER_BOOKINGS: { about: 'self', identityField: 'providerId' },
  CANCEL_PAID_BOOKING: bookingFixture('cancelPaid'),
  // a start far beyond any booking window: an allowed call is refused for it (400), never 403/404
  RESCHEDULE_BOOKING: bookingFixture('reschedule', () => ({ startTime: '2031-01-06T10:00:00.000Z' })),
  PREVIEW_NO_SHOW: bookingFixture('markNoShow'),
  MARK_NO_SHOW: bookingFixture('markNoShow'),
  // The matrix's bookings are unpaid and have no review: an allowed call is refused for its state (409), never 403/404.
  LEAVE_REVIEW: bookingFixture('review', () => ({ rating: 5, text: 'Matrix review' })),
  EDIT_REVIEW: bookingFixture('review', () => ({ rating: 4, text: 'Matrix edit' })),
  REPLY_TO_REVIEW: bookingFixture('replyToReview', () => ({ reply: 'Matrix reply' })),
  GET_BOOKING_REVIEW: bookingFixture('view'),
  LIST_SERVICE_REVIEWS: { about: 'record', record: () => 'svc_demo_portrait', input: (_w, serviceId) => ({ serviceId }) },
  // ---- stripe-connect ----
  JOIN_PROVIDERS: { about: 'self' },
  SIGN_OUT: { about: 'self' },
  GET_NOTIFICATION_PREFERENCES: { about: 'self' },
  SET_NOTIFICATION_PREFERENCES: { about: 'self', input: () => ({ reminders: true }) },
  UNSUBSCRIBE: { about: 'self', input: (w) => w.unsubscribe },
  ADMIN_NOTIFICATIONS: { about: 'self' },
  ADMIN_RESEND_NOTIFICATION: { about: 'record', record: (w) => w.notificationId, input: (_w, notificationId) => ({ notificationId }) },
  ADMIN_REVOKE_SESSIONS: { about: 'record', record: (w) => w.userToSignOut, input: (_w, userId) => ({ userId, reason: 'Matrix check' }) },
  CREATE_ACCOUNT: account('manage'),
  CREATE_ACCOUNT_LINK: account('manage'),
  CHECK_ACCOUNT_STATUS: account('view'),
  CREATE_LOGIN_LINK: account('manage'),
  CREATE_PAYMENT_INTENT: bookingFixture('pay'),
  CREATE_PAYOUT: account('payOut', (w) => ({ amountCents: 100, currency: 'usd', requestId: w.requestId() })),
  LIST_CARDS: { about: 'self' },
  CREATE_SETUP_INTENT: { about: 'self', input: (w) => ({ requestId: w.requestId() }) },
  DETACH_CARD: {
    about: 'userResource',
    policy: 'manage',
    record: (w, role) => w.cardsToDetach[role === 'anonymous' ? 'customer' : role],
    input: (_w, paymentMethodId) => ({ paymentMethodId }),
  },
  SET_DEFAULT_CARD: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.cardToDefault,
    input: (w, paymentMethodId) => ({ paymentMethodId, requestId: w.requestId() }),
  },
  LIST_PAYMENTS: { about: 'self' },
  LIST_MEMBERSHIP_PLANS: { about: 'self' },
  LIST_MEMBERSHIPS: { about: 'self' },
  SUBSCRIBE: { about: 'self', input: (w) => ({ planId: 'plan_basic', requestId: w.requestId() }) },
  SYNC_MEMBERSHIP: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.membership,
    input: (_w, subscriptionId) => ({ subscriptionId }),
  },
  CANCEL_MEMBERSHIP: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.membership,
    input: (w, subscriptionId) => ({ subscriptionId, requestId: w.requestId() }),
  },
  RESUME_MEMBERSHIP: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.membership,
    input: (w, subscriptionId) => ({ subscriptionId, requestId: w.requestId() }),
  },
  PREVIEW_PLAN_CHANGE: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.membership,
    input: (_w, subscriptionId) => ({ subscriptionId, planId: 'plan_plus' }),
  },
  CHANGE_PLAN: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.membership,
    input: (w, subscriptionId) => ({
      subscriptionId,
      planId: 'plan_plus',
      prorationDate: Math.floor(Date.now() / 1000),
      requestId: w.requestId(),
    }),
  },
  LIST_CREDIT_PACKAGES: { about: 'self' },
  BUY_CREDITS: { about: 'self', input: (w) => ({ packageId: 'pkg_starter', requestId: w.requestId() }) },
  CONFIRM_CREDIT_PURCHASE: {
    about: 'userResource',
    policy: 'manage',
    record: (w) => w.creditPurchase,
    input: (_w, sessionId) => ({ sessionId }),
  },
  GET_CREDITS: { about: 'self' },
  EXPORT_MY_DATA: { about: 'self' },
  // Never the phrase: the matrix's callers are shared, so the own case is refused for its input (400), not deleted.
  DELETE_MY_ACCOUNT: { about: 'self', input: () => ({ confirmation: 'not the phrase' }) },
  // ---- refund-processor ----
  CALCULATE_REFUND: bookingFixture('previewRefund'),
  // The admin's form (an amount and a reason): the policy's `refund`. The customer's cancellation without an amount
  // is CANCEL_PAID_BOOKING's rule.
  PROCESS_REFUND: bookingFixture('refund', (w) => ({ refundAmount: 100, reason: 'Matrix refund', requestId: w.requestId() })),
  GET_REFUND_STATUS: bookingFixture('view'),
  DISPUTE_REFUND: bookingFixture('contestRefund', () => ({ reason: 'I disagree with this refund' })),
  ADMIN_RESOLVE_REFUND_DISPUTE: {
    about: 'booking',
    policy: 'resolveRefundDispute',
    input: (_w, bookingId) => ({ bookingId, resolution: 'Resolved by the matrix' }),
  },
  ADMIN_LIST_BOOKINGS: { about: 'self' },
  ADMIN_GET_BOOKING: bookingFixture('view'),
  ADMIN_LIST_DISPUTES: { about: 'self' },
  ADMIN_LIST_REFUND_CASES: { about: 'self' },
  SUBMIT_DISPUTE_EVIDENCE: bookingFixture('submitDisputeEvidence', () => ({
    evidence: { uncategorized_text: 'Matrix evidence' },
    submit: false,
  })),
  ADMIN_LIST_PROVIDERS: { about: 'self' },
  ADMIN_LIST_EVENTS: { about: 'self' },
  ADMIN_REPROCESS_EVENT: { about: 'record', record: (w) => w.eventId, input: (_w, eventId) => ({ eventId }) },
  ADMIN_LIST_CREDIT_PURCHASES: { about: 'self' },
  REFUND_CREDIT_PURCHASE: {
    about: 'userResource',
    policy: 'refund',
    record: (w) => w.creditPurchase,
    input: (_w, purchaseId) => ({ purchaseId, reason: 'Matrix refund' }),
  },
  ADMIN_METRICS: { about: 'self' },
  // ---- CSV exports (refund-processor, ADMIN only) ----
  ADMIN_REQUEST_EXPORT: { about: 'self', input: () => ({ kind: 'payouts', from: '2026-01-01', to: '2026-01-02' }) },
  ADMIN_LIST_EXPORTS: { about: 'self' },
  ADMIN_EXPORT_LINK: { about: 'record', record: (w) => w.exportId, input: (_w, exportId) => ({ exportId }) },
  // ---- promotion codes (stripe-connect: the admins'; booking-processor: the checkout's) ----
  ADMIN_CREATE_PROMOTION_CODE: {
    about: 'self',
    input: () => ({ code: `MATRIX-${Math.random().toString(36).slice(2, 10)}`, percentOff: 10 }),
  },
  ADMIN_LIST_PROMOTION_CODES: { about: 'self' },
  ADMIN_DEACTIVATE_PROMOTION_CODE: { about: 'record', record: (w) => w.promotionCode, input: (_w, code) => ({ code }) },
  APPLY_PROMOTION_CODE: bookingFixture('pay', (w) => ({ code: w.promotionCode })),
  ADMIN_AUDIT_LOG: { about: 'self' },
  ADMIN_HIDE_REVIEW: bookingFixture('hideReview', () => ({ reason: 'Matrix hide' })),
  ADMIN_ACTIVITY: { about: 'self' },
  ADMIN_LIST_RECONCILIATION_MISMATCHES: { about: 'self' },
  // ---- payout-manager ----
  CALCULATE_EARNINGS: earnings('view'),
  SCHEDULE_PAYOUT: earnings('payOut'),
  INSTANT_PAYOUT: earnings('payOut', () => ({ preview: true })),
  GET_PAYOUT_HISTORY: earnings('view'),
  GET_PAYOUT_SCHEDULE: { about: 'self', identityField: 'providerId' },
  SET_PAYOUT_SCHEDULE: { about: 'self', identityField: 'providerId', input: () => ({ payoutSchedule: 'WEEKLY' }) },
};
