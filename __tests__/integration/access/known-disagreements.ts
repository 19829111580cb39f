/**
 * Cases where a service does not (yet) answer what lib/domain/access-policy.ts says, keyed `<ACTION> <role> <ownership>`
 * (the matrix's roles and ownerships). Each runs with `it.fails`, so it turns red the day the service follows the
 * policy: then delete its entry. The value says what the policy asks and what the service does today. Every check
 * lives in a service (lib/services), outside the handler layer, so the handlers cannot fix them.
 *
 * - CONFIRM_BOOKING: the provider and admins may re-sync a booking's payment (policy `pay`: the customer only).
 * - Paying actions (APPLY_BOOKING_CREDITS, PREPARE_CARD_PAYMENT, PAY_WITH_SAVED_CARD, CREATE_PAYMENT_INTENT),
 *   CANCEL_BOOKING and GET_BOOKING_RECEIPT look the booking up among the caller's own as a customer: a party who may
 *   see the booking (its provider, an admin) gets 404 where the policy says 403.
 * - The customer's own records (cards, memberships, credit purchases) are looked up under the caller's own customer:
 *   an admin, who may see them by the policy, gets 404 instead of 403.
 * - UPDATE_SERVICE / DEACTIVATE_SERVICE: another provider gets 403 (the listed service is public) where the policy's
 *   providerResource (view: owner and admins) says 404.
 * - payout-manager: an admin naming a provider that does not exist gets a result (or PROVIDER_NOT_READY) where the
 *   policy says 404.
 */
export const KNOWN_DISAGREEMENTS: Record<string, string> = {
  'CONFIRM_BOOKING provider own': 'policy: refuse with 403; service: 200',
  'CONFIRM_BOOKING admin other': 'policy: refuse with 403; service: 200',
  'CONFIRM_BOOKING admin own': 'policy: refuse with 403; service: 200',
  'UPDATE_SERVICE provider other': 'policy: refuse with 404; service: 403 FORBIDDEN (You can only change your own services)',
  'DEACTIVATE_SERVICE provider other': 'policy: refuse with 404; service: 403 FORBIDDEN (You can only change your own services)',
  'APPLY_BOOKING_CREDITS provider own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'APPLY_BOOKING_CREDITS admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'APPLY_BOOKING_CREDITS admin own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'PREPARE_CARD_PAYMENT provider own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'PREPARE_CARD_PAYMENT admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'PREPARE_CARD_PAYMENT admin own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'PAY_WITH_SAVED_CARD provider own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'PAY_WITH_SAVED_CARD admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'PAY_WITH_SAVED_CARD admin own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'CANCEL_BOOKING provider own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'GET_BOOKING_RECEIPT provider own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'CREATE_PAYMENT_INTENT provider own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'CREATE_PAYMENT_INTENT admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'CREATE_PAYMENT_INTENT admin own': 'policy: refuse with 403; service: 404 NOT_FOUND (Booking not found)',
  'DETACH_CARD admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Card not found)',
  'SET_DEFAULT_CARD admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Card not found)',
  'SYNC_MEMBERSHIP admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Membership not found)',
  'CANCEL_MEMBERSHIP admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Membership not found)',
  'RESUME_MEMBERSHIP admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Membership not found)',
  'CONFIRM_CREDIT_PURCHASE admin other': 'policy: refuse with 403; service: 404 NOT_FOUND (Purchase not found)',
  'CALCULATE_EARNINGS admin none': 'policy: refuse with 404; service: 200',
  'SCHEDULE_PAYOUT admin none': 'policy: refuse with 404; service: 400 PROVIDER_NOT_READY (Provider payment processing not set up)',
  'INSTANT_PAYOUT admin none': 'policy: refuse with 404; service: 400 PROVIDER_NOT_READY (Provider payment processing not set up)',
  'GET_PAYOUT_HISTORY admin none': 'policy: refuse with 404; service: 200',
};
