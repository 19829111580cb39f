/**
 * The browser's typed calls of the marketplace's functions and auth routes, one per function, all through
 * `requestJson` (./http.ts). Types only from the contracts: no server code and no zod schema reaches the browser.
 */
import type { z } from 'zod';
import type { BookingResponses, bookingRequests, cancellationRequests } from '../http/booking-processor';
import type { ConnectResponses, connectRequests, CustomerResponses, customerRequests } from '../http/stripe-connect';
import type { CreditPurchaseAdminResponses, creditPurchaseAdminRequests } from '../http/refund-processor';
import type { PasswordResetConfirmRequest, SessionUser, SignupRequest, SignupResponse } from '../http/auth';
import type { adminNotificationRequests, NotificationResponses, notificationRequests } from '../http/notifications';
import type { LifecycleResponses, lifecycleRequests, RescheduleResponses, rescheduleRequests } from '../http/booking-processor';
import type { PayoutResponses, payoutRequests } from '../http/payout-manager';
import type { adminRequests, ProcessRefundResult, RefundResponses, refundRequests } from '../http/refund-processor';
import type { ReviewResponses, reviewRequests } from '../http/reviews';
import type { ProviderBookingResponses, providerBookingRequests } from '../http/provider-bookings';
import type { PromotionResponses, promotionRequests } from '../http/promotions';
import type { AccountDataResponses, accountDataRequests } from '../http/account-data';
import type { ReconciliationAdminResponses, reconciliationAdminRequests } from '../http/reconciliation';
import type { ExportResponses, exportRequests } from '../http/exports';
import type { AdminResponses } from './admin-views';
import { ApiError, requestJson, type RequestOptions } from './http';

/** What the browser sends for each action of a schema table (its input: defaults may be left out). */
type Requests<Schemas> = { [A in keyof Schemas]: Schemas[A] extends z.ZodType ? z.input<Schemas[A]> : never };

/** `POST url { action, ...fields }`, typed by the function's request and response tables. */
function functionCall<Req, Res>(url: string) {
  return <A extends keyof Req & keyof Res & string>(action: A, fields: Req[A], options?: RequestOptions): Promise<Res[A]> =>
    requestJson<Res[A]>('POST', url, { action, ...(fields as object) }, options);
}

/** booking-processor: services, availability, bookings and their payment, the provider's services and bookings. */
export const bookingApi = functionCall<Requests<typeof bookingRequests & typeof lifecycleRequests>, BookingResponses & LifecycleResponses>(
  '/api/booking-processor',
);

/** booking-processor: a paid booking cancelled with its refund (its customer: the policy's amount, CALCULATE_REFUND's). */
export const cancellationApi = functionCall<Requests<typeof cancellationRequests>, { CANCEL_PAID_BOOKING: ProcessRefundResult }>(
  '/api/booking-processor',
);
/** booking-processor's rescheduling: the customer moves a booking to another free slot of its service. */
export const rescheduleApi = functionCall<Requests<typeof rescheduleRequests>, RescheduleResponses>('/api/booking-processor');
/**
 * booking-processor: the provider's actions on a paid booking: a no-show (previewed), and the paid cancellation
 * (CANCEL_PAID_BOOKING: the provider's refunds in full, previewed with refundApi's CALCULATE_REFUND).
 */
export const providerBookingApi = functionCall<
  Requests<typeof providerBookingRequests & typeof cancellationRequests>,
  ProviderBookingResponses & { CANCEL_PAID_BOOKING: ProcessRefundResult }
>('/api/booking-processor');

/** stripe-connect: the provider's Stripe account, and the customer's cards, payments, memberships and credits. */
export const connectApi = functionCall<Requests<typeof connectRequests & typeof customerRequests>, ConnectResponses & CustomerResponses>(
  '/api/stripe-connect',
);

/** payout-manager: the provider's earnings, payouts and payout schedule. */
export const payoutApi = functionCall<Requests<typeof payoutRequests>, PayoutResponses>('/api/payout-manager');

/** refund-processor: refunds, and the admin dashboard's actions. */
export const refundApi = functionCall<
  Requests<typeof refundRequests & typeof adminRequests & typeof creditPurchaseAdminRequests & typeof reconciliationAdminRequests>,
  RefundResponses & AdminResponses & CreditPurchaseAdminResponses & ReconciliationAdminResponses
>('/api/refund-processor');

/** booking-processor's reviews: leave, edit, reply, a booking's review, a service's reviews. */
export const reviewApi = functionCall<Requests<typeof reviewRequests>, ReviewResponses>('/api/booking-processor');

/** refund-processor: an admin hides a review (with a reason, in the audit log). */
export const reviewAdminApi = functionCall<
  Requests<Pick<typeof reviewRequests, 'ADMIN_HIDE_REVIEW'>>,
  Pick<ReviewResponses, 'ADMIN_HIDE_REVIEW'>
>('/api/refund-processor');

/** stripe-connect: the caller's data export and account deletion. */
export const accountApi = functionCall<Requests<typeof accountDataRequests>, AccountDataResponses>('/api/stripe-connect');
/** booking-processor's notification actions: the account's email preferences and the signed unsubscribe. */
export const notificationApi = functionCall<Requests<typeof notificationRequests>, NotificationResponses>('/api/booking-processor');

/** An email's signed unsubscribe link, confirmed on its page: no session, the token is the proof. */
export async function unsubscribeReminders(link: {
  user: string;
  kind: string;
  token: string;
}): Promise<NotificationResponses['UNSUBSCRIBE']> {
  return requestJson<NotificationResponses['UNSUBSCRIBE']>('POST', '/api/notifications/unsubscribe', link);
}

/** refund-processor's notification actions for admins: a booking's messages, failed ones, resend. */
export const adminNotificationApi = functionCall<Requests<typeof adminNotificationRequests>, NotificationResponses>(
  '/api/refund-processor',
);

/** refund-processor: the admins' CSV exports (request, list, a short-lived download link). */
export const exportAdminApi = functionCall<Requests<typeof exportRequests>, ExportResponses>('/api/refund-processor');

/** stripe-connect: the admins' promotion codes (create, list, deactivate). */
export const promotionAdminApi = functionCall<
  Requests<
    Pick<typeof promotionRequests, 'ADMIN_CREATE_PROMOTION_CODE' | 'ADMIN_LIST_PROMOTION_CODES' | 'ADMIN_DEACTIVATE_PROMOTION_CODE'>
  >,
  PromotionResponses
>('/api/stripe-connect');

/** booking-processor: a promotion code at a booking's checkout. */
export const checkoutPromotionApi = functionCall<Requests<Pick<typeof promotionRequests, 'APPLY_PROMOTION_CODE'>>, PromotionResponses>(
  '/api/booking-processor',
);

/** Made once per form submission, so a double submit makes one Stripe write. */
export function newRequestId(): string {
  return `req_${crypto.randomUUID().replace(/-/g, '')}`;
}

// ---- auth routes (the accounts of either mode, and the session cookies) -------------------------------

export async function fetchCurrentUser(signal?: AbortSignal): Promise<SessionUser | null> {
  const body = await requestJson<{ user: SessionUser | null }>('GET', '/api/auth/me', undefined, { signal });
  return body.user ?? null;
}

export async function login(email: string, password: string): Promise<SessionUser> {
  try {
    return (await requestJson<{ user: SessionUser }>('POST', '/api/auth/login', { email, password })).user;
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      throw new ApiError(401, err.code, "That email and password don't match an account. Please try again.");
    }
    // AWS mode: an account whose email is not confirmed yet, or whose password must be reset first
    if (err instanceof ApiError && err.status === 403 && err.details?.nextStep === 'CONFIRM_SIGN_UP') {
      throw new ApiError(403, err.code, 'Please confirm your email address first: enter the code we sent you.', err.details);
    }
    if (err instanceof ApiError && err.status === 403 && err.details?.nextStep === 'RESET_PASSWORD') {
      throw new ApiError(403, err.code, 'Your password must be reset before you can log in.', err.details);
    }
    throw err;
  }
}

export async function logout(): Promise<void> {
  await requestJson<unknown>('POST', '/api/auth/logout', {}).catch((err: unknown) => {
    // An empty 2xx answer is a success too.
    if (err instanceof ApiError && err.status >= 200 && err.status < 300) return;
    throw err;
  });
}

/** Local mode signs the new account in; AWS mode answers that the emailed code must be confirmed first. */
export async function signup(input: SignupRequest): Promise<SignupResponse> {
  return requestJson<SignupResponse>('POST', '/api/auth/signup', input);
}

/** AWS mode: the code Cognito mailed at sign-up. */
export async function confirmSignup(email: string, code: string): Promise<void> {
  await requestJson<{ confirmed: true }>('POST', '/api/auth/confirm', { email, code });
}

/** AWS mode: mails a password-reset code (the same answer whether or not the account exists). */
export async function requestPasswordReset(email: string): Promise<void> {
  await requestJson<{ codeSent: true }>('POST', '/api/auth/password-reset', { email });
}

export async function resetPassword(input: PasswordResetConfirmRequest): Promise<void> {
  await requestJson<{ passwordReset: true }>('POST', '/api/auth/password-reset/confirm', input);
}

/** A new session cookie carrying the account's current groups (after "Become a provider"). */
export async function refreshSession(): Promise<SessionUser> {
  return (await requestJson<{ user: SessionUser }>('POST', '/api/auth/refresh', {})).user;
}
