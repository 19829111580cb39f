/** Admins and the emails: a booking's messages (sent, pending, failed), the failed ones, and an idempotent resend. */
import { notification, notificationsOfSubject, type NotificationRecord } from '../data/notification-writes';
import { queryPage, repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { NotificationResponses, NotificationView } from '../http/notifications';
import type { Deps } from '../ports';
import { mergedPage } from './merged-page';
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

const UNDELIVERED = ['FAILED', 'DEAD'] as const;

/**
 * A booking's messages, or the undelivered ones a page at a time: one status's partition of Notification.byStatus, or
 * the FAILED and DEAD partitions merged in createdAt order (the cursor holds each one's position). SENT is never read.
 */
export async function adminNotifications(
  deps: Deps,
  input: {
    bookingId?: string | undefined;
    status?: (typeof UNDELIVERED)[number] | undefined;
    order?: 'newest' | 'oldest' | undefined;
    limit?: number | undefined;
    cursor?: string | undefined;
  },
): Promise<NotificationResponses['ADMIN_NOTIFICATIONS']> {
  if (input.bookingId) {
    if (!(await repo.booking(deps, input.bookingId))) throw new AppError('NOT_FOUND', 'No such booking');
    return { notifications: (await notificationsOfSubject(deps, `booking:${input.bookingId}`)).map(toView) };
  }
  const newestFirst = input.order !== 'oldest';
  const direction = newestFirst ? -1 : 1;
  const page = await mergedPage<NotificationRecord>({
    scope: `notifications:${input.status ?? 'undelivered'}:${newestFirst ? 'newest' : 'oldest'}`,
    cursor: input.cursor,
    partitions: input.status ? [input.status] : UNDELIVERED,
    limit: input.limit ?? 50,
    read: (status, limit, start) =>
      queryPage<NotificationRecord>(deps, 'Notification', { index: 'byStatus', key: 'status', value: status, newestFirst, limit }, start),
    order: (a, b) => direction * (a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
    partitionOf: (n) => n.status,
    keyOf: (n) => ({ id: n.id, status: n.status, createdAt: n.createdAt }),
    keyNames: ['id', 'status', 'createdAt'],
  });
  return { notifications: page.items.map(toView), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
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
