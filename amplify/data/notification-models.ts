/** The notifier's outbox (one row per message) and each account's switched-off messages. */
import { a } from '@aws-amplify/backend';

export const notificationModels = {
  // Written by the notifier (domain-events) and the scheduled run (reminders, retries); admins read and resend.
  Notification: a
    .model({
      kind: a.string().required(),
      recipientRole: a.string().required(),
      recipientEmail: a.string().required(),
      recipientUserId: a.string(),
      subjectKey: a.string().required(),
      status: a.string().required(),
      deliveryState: a.string(),
      nextAttemptAt: a.datetime(),
      attempts: a.integer().required(),
      fields: a.json().required(),
      eventId: a.string(),
      messageId: a.string(),
      lastError: a.string(),
      sentAt: a.datetime(),
      createdAt: a.datetime(),
    })
    .secondaryIndexes((index) => [
      index('subjectKey').sortKeys(['createdAt']).name('bySubject'),
      index('deliveryState').sortKeys(['nextAttemptAt']).name('byDelivery'),
      index('status').sortKeys(['createdAt']).name('byStatus'),
    ])
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),

  // id = the user's id; the optional messages they switched off.
  NotificationPreference: a
    .model({
      remindersOff: a.boolean().required(),
    })
    .authorization((allow) => [allow.group('ADMIN').to(['read'])]),
};
