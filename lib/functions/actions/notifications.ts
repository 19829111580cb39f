/** Notification actions of booking-processor: an account's email preferences and the signed unsubscribe. */
import { notificationRequests as req } from '../../http/notifications';
import { getNotificationPreferences, setNotificationPreferences, unsubscribe } from '../../services/notification-settings';
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
