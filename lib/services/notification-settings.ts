/**
 * What people do with notifications: switch reminders off or on, on their account page or from an email's signed
 * unsubscribe link (which needs no session). The admins' side is notification-admin.ts.
 */
import type { Identity } from '../auth/identity';
import { remindersOff, setRemindersOff } from '../data/notification-preferences';
import type { NotificationKind } from '../domain/notifications';
import { AppError } from '../http/errors';
import type { NotificationResponses } from '../http/notifications';
import type { Deps } from '../ports';
import { verifyUnsubscribeToken } from './unsubscribe-links';

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
