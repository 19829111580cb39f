/**
 * Notifications as data: the messages there are, who may switch which off, the idempotency key of each message, and
 * how a failed send is retried. Pure: the notifier (lib/services/notifier.ts) decides from these.
 */

export const NOTIFICATION_KINDS = [
  'booking-confirmed',
  'payment-failed',
  'booking-cancelled',
  'booking-rescheduled',
  'refund-issued',
  'booking-reminder',
  'booking-completed',
  'booking-no-show',
  'payout-sent',
  'payout-failed',
  'onboarding-needs-info',
  'dispute-opened',
  'dispute-closed',
  'credits-receipt',
  'credits-refunded',
  'membership-renewed',
  'membership-payment-failed',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export type RecipientRole = 'customer' | 'provider' | 'admin';

/** Messages an account may switch off; every other one is transactional and always goes. */
export const OPTIONAL_KINDS: readonly NotificationKind[] = ['booking-reminder'];
export const isOptionalKind = (kind: NotificationKind) => OPTIONAL_KINDS.includes(kind);

/** Booking messages carry the booking's calendar invite. */
export const KINDS_WITH_INVITE: readonly NotificationKind[] = [
  'booking-confirmed',
  'booking-cancelled',
  'booking-rescheduled',
  'booking-reminder',
];

/**
 * The outbox row's id: what the message is about, what happened and who gets it, e.g. `booking:bk_1:confirmed:customer`.
 * Two deliveries of one event, or two events meaning the same thing, land on one row.
 */
export const notificationKey = (subject: string, what: string, role: RecipientRole) => `${subject}:${what}:${role}`;

/** Outbox row states: PENDING (due at nextAttemptAt) → SENDING (claimed) → SENT, or back to PENDING, or FAILED / DEAD. */
export type NotificationStatus = 'PENDING' | 'SENDING' | 'SENT' | 'FAILED' | 'DEAD';

/** Sends before a message is dead-lettered (the first one included). */
export const MAX_SEND_ATTEMPTS = 5;

/** A claimed send not finished after this is taken over (its sender died mid-send). */
export const SEND_LEASE_MS = 2 * 60_000;

/** The wait before attempt `attempt + 1`: 1, 4, 16, 64 minutes. */
export function retryDelayMs(attempt: number): number {
  return 60_000 * 4 ** Math.max(0, attempt - 1);
}

/** Where a failed attempt leaves the row: due again later, or dead after the last attempt. */
export function afterFailedAttempt(attempts: number, now: Date): { status: 'PENDING'; nextAttemptAt: string } | { status: 'DEAD' } {
  if (attempts >= MAX_SEND_ATTEMPTS) return { status: 'DEAD' };
  return { status: 'PENDING', nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts)).toISOString() };
}

/** A booking starting in (from, to] gets its reminder now: the hourly run looks one window ahead. */
export function reminderWindow(now: Date, reminderHours: number): { from: string; to: string } {
  return { from: now.toISOString(), to: new Date(now.getTime() + reminderHours * 3_600_000).toISOString() };
}

/** The zone a recipient reads times in: their own when known, else the service's. */
export const recipientZone = (own: string | undefined, serviceZone: string) => own ?? serviceZone;
