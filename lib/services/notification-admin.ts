/** Admins and the emails: a booking's messages (sent, pending, failed), the failed ones, and an idempotent resend. */
import { notification, notificationsInStatus, notificationsOfSubject, type NotificationRecord } from '../data/notification-writes';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { NotificationResponses, NotificationView } from '../http/notifications';
import type { Deps } from '../ports';
import { resendNotification } from './notification-delivery';

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
