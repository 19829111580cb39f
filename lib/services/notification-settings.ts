/**
 * What people do with notifications: switch reminders off or on (their account page, or an email's signed
 * unsubscribe link, which needs no session), and admins list a booking's messages and resend a failed one.
 */
import type { Identity } from '../auth/identity';
import {
  notification,
  notificationsInStatus,
  notificationsOfSubject,
  remindersOff,
  setRemindersOff,
  type NotificationRecord,
} from '../data/notification-writes';
import { repo } from '../data/repository';
import type { NotificationKind } from '../domain/notifications';
import { AppError } from '../http/errors';
import type { NotificationResponses, NotificationView } from '../http/notifications';
import type { Deps } from '../ports';
import { resendNotification, verifyUnsubscribeToken } from './notification-delivery';

export async function getNotificationPreferences(
  deps: Deps,
  caller: Identity,
): Promise<NotificationResponses['GET_NOTIFICATION_PREFERENCES']> {
  return { reminders: !(await remindersOff(deps, caller.userId)) };
}

export async function setNotificationPreferences(
  deps: Deps,
  caller: Identity,
  input: { reminders: boolean },
): Promise<NotificationResponses['SET_NOTIFICATION_PREFERENCES']> {
  await setRemindersOff(deps, caller.userId, !input.reminders, deps.clock.now());
  return { reminders: input.reminders };
}

/** The token proves the link came from us for this user and kind; a wrong one is refused like a missing session. */
export async function unsubscribe(
  deps: Deps,
  input: { user: string; kind: NotificationKind; token: string },
): Promise<NotificationResponses['UNSUBSCRIBE']> {
  const secret = deps.notifications?.unsubscribeSecret;
  if (!secret || !verifyUnsubscribeToken(secret, input.user, input.kind, input.token)) {
    throw new AppError('FORBIDDEN', 'This unsubscribe link is not valid');
  }
  // reminders are the one kind that can be switched off (the schema allows no other)
  await setRemindersOff(deps, input.user, true, deps.clock.now());
  return { unsubscribed: true, kind: input.kind };
}

const toView = (n: NotificationRecord): NotificationView => ({
  id: n.id,
  kind: n.kind,
  recipientRole: n.recipientRole,
  recipientEmail: n.recipientEmail,
  subjectKey: n.subjectKey,
  status: n.status,
  attempts: n.attempts,
  createdAt: n.createdAt,
  ...(n.sentAt ? { sentAt: n.sentAt } : {}),
  ...(n.status === 'PENDING' && n.nextAttemptAt ? { nextAttemptAt: n.nextAttemptAt } : {}),
  ...(n.lastError ? { lastError: n.lastError } : {}),
});

export async function adminNotifications(
  deps: Deps,
  input: { bookingId?: string | undefined },
): Promise<NotificationResponses['ADMIN_NOTIFICATIONS']> {
  if (input.bookingId) {
    if (!(await repo.booking(deps, input.bookingId))) throw new AppError('NOT_FOUND', 'No such booking');
    return { notifications: (await notificationsOfSubject(deps, `booking:${input.bookingId}`)).map(toView) };
  }
  const [failed, dead] = await Promise.all([notificationsInStatus(deps, 'FAILED'), notificationsInStatus(deps, 'DEAD')]);
  return { notifications: [...dead, ...failed].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map(toView) };
}

/** Idempotent: only a FAILED or DEAD message is queued again, and it is sent at most once more. */
export async function adminResendNotification(
  deps: Deps,
  input: { notificationId: string },
): Promise<NotificationResponses['ADMIN_RESEND_NOTIFICATION']> {
  if (!(await notification(deps, input.notificationId))) throw new AppError('NOT_FOUND', 'No such message');
  const { requeued } = await resendNotification(deps, input.notificationId);
  const after = await notification(deps, input.notificationId);
  return { requeued, status: after!.status };
}
