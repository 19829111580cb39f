/** Notification actions of refund-processor (with the admin dashboard): a booking's emails, failed ones, resend. */
import { adminNotificationRequests as adminReq } from '../../http/notifications';
import { adminNotifications, adminResendNotification } from '../../services/notification-admin';
import { action } from '../dispatch';

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
