/**
 * Notification contracts: an account's switched-off messages (booking-processor), the token-signed unsubscribe
 * (booking-processor, public: the link in an email works without a session), and the admins' view of a booking's
 * messages with a resend (refund-processor).
 */
import { z } from 'zod';
import { OPTIONAL_KINDS, type NotificationKind, type NotificationStatus, type RecipientRole } from '../domain/notifications';
import { id } from './fields';

const optionalKind = z.enum(OPTIONAL_KINDS as [NotificationKind, ...NotificationKind[]]);

export const notificationRequests = {
  GET_NOTIFICATION_PREFERENCES: z.object({}).strict(),
  SET_NOTIFICATION_PREFERENCES: z.object({ reminders: z.boolean() }).strict(),
  /** From an email's link or its List-Unsubscribe one-click POST: the token is an HMAC of user and kind. */
  UNSUBSCRIBE: z.object({ user: id, kind: optionalKind, token: z.string().min(20).max(100) }).strict(),
};

export const adminNotificationRequests = {
  /**
   * One booking's messages (all of them), or without bookingId the FAILED and DEAD ones (or one of the two), newest or
   * oldest first, a page at a time (`cursor`: the previous page's `nextCursor`).
   */
  ADMIN_NOTIFICATIONS: z
    .object({
      bookingId: id.optional(),
      status: z.enum(['FAILED', 'DEAD']).optional(),
      order: z.enum(['newest', 'oldest']).optional(),
      limit: z.number().int().min(1).max(200).default(50),
      cursor: z.string().min(1).max(2000).optional(),
    })
    .strict()
    .refine((v) => !v.bookingId || (!v.status && !v.cursor), {
      message: "A booking's messages come all at once, unfiltered",
      path: ['bookingId'],
    }),
  ADMIN_RESEND_NOTIFICATION: z.object({ notificationId: z.string().min(1).max(300) }).strict(),
};

export interface NotificationPreferencesView {
  /** Reminders before a booking: the one kind an account can switch off. */
  reminders: boolean;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  recipientRole: RecipientRole;
  recipientEmail: string;
  subjectKey: string;
  status: NotificationStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  nextAttemptAt?: string;
  lastError?: string;
}

export interface NotificationResponses {
  GET_NOTIFICATION_PREFERENCES: NotificationPreferencesView;
  SET_NOTIFICATION_PREFERENCES: NotificationPreferencesView;
  UNSUBSCRIBE: { unsubscribed: true; kind: NotificationKind };
  ADMIN_NOTIFICATIONS: { notifications: NotificationView[]; nextCursor?: string };
  /** requeued: false when the message was already sent or queued (a resend never sends twice). */
  ADMIN_RESEND_NOTIFICATION: { requeued: boolean; status: NotificationStatus };
}
