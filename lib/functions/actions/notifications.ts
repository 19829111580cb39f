/**
 * Notification actions: an account's preferences and the signed unsubscribe (booking-processor), the admins' message
 * list and resend (refund-processor, with the other admin dashboard actions).
 */
import { adminNotificationRequests as adminReq, notificationRequests as req } from '../../http/notifications';
import {
  adminNotifications,
  adminResendNotification,
  getNotificationPreferences,
  setNotificationPreferences,
  unsubscribe,
} from '../../services/notification-settings';
import { action, requireCaller } from '../dispatch';

export const notificationActions = {
  GET_NOTIFICATION_PREFERENCES: action({
    access: 'user',
    schema: req.GET_NOTIFICATION_PREFERENCES,
    run: (ctx) => getNotificationPreferences(ctx.deps, requireCaller(ctx)),
  }),
  SET_NOTIFICATION_PREFERENCES: action({
    access: 'user',
    schema: req.SET_NOTIFICATION_PREFERENCES,
    run: (ctx, input) => setNotificationPreferences(ctx.deps, requireCaller(ctx), input),
  }),
  // public: an email's link works without a session; the HMAC token is the proof
  UNSUBSCRIBE: action({ access: 'public', schema: req.UNSUBSCRIBE, run: ({ deps }, input) => unsubscribe(deps, input) }),
};

export const adminNotificationActions = {
  ADMIN_NOTIFICATIONS: action({
    access: 'ADMIN',
    schema: adminReq.ADMIN_NOTIFICATIONS,
    run: ({ deps }, input) => adminNotifications(deps, input),
  }),
  ADMIN_RESEND_NOTIFICATION: action({
    access: 'ADMIN',
    schema: adminReq.ADMIN_RESEND_NOTIFICATION,
    run: ({ deps }, input) => adminResendNotification(deps, input),
  }),
};
