/**
 * Environment shared by the five function definitions (read at synthesis time, not in the Lambda).
 * Table names, the Cognito ids and the Function URL are wired in amplify/backend.ts.
 */
import { secret } from '@aws-amplify/backend';

/** Base URL of the web app for Stripe return/refresh URLs; set APP_URL in the Amplify console per branch. */
const appUrl = process.env.APP_URL ?? 'http://localhost:3000';

/** Minutes an unpaid booking holds its slot. */
const holdMinutes = process.env.HOLD_MINUTES ?? '15';

export const appEnvironment = {
  APP_URL: appUrl,
  HOLD_MINUTES: holdMinutes,
  // Resolved from SSM Parameter Store at cold start (`ampx sandbox secret set` / Amplify console secrets):
  // the template only holds a placeholder and the parameter path, never the key.
  STRIPE_SECRET_KEY: secret('STRIPE_SECRET_KEY'),
};

/**
 * Notifications (lib/services/notifier.ts, sent through SES v2): the sender, its verified SES identity (a domain or
 * an address; amplify/notifications.ts grants ses:SendEmail on it alone) and the configuration set the sends go
 * through. Set MAIL_FROM and SES_IDENTITY in the Amplify console per branch; the identity must be verified in SES.
 */
export const notificationConfig = {
  from: process.env.MAIL_FROM ?? 'Bookwell <no-reply@bookwell.example>',
  identity: process.env.SES_IDENTITY ?? 'bookwell.example',
  configurationSet: process.env.SES_CONFIGURATION_SET ?? 'bookwell-notifications',
};

/** What the functions that send email (or sign its unsubscribe links) read. */
export const notificationEnvironment = {
  MAIL_FROM: notificationConfig.from,
  SES_CONFIGURATION_SET: notificationConfig.configurationSet,
  REMINDER_HOURS: process.env.REMINDER_HOURS ?? '24',
  NOTIFICATIONS_ADMIN_EMAIL: process.env.NOTIFICATIONS_ADMIN_EMAIL ?? '',
  // signs the unsubscribe links (an HMAC of user and kind); `ampx sandbox secret set NOTIFICATIONS_UNSUBSCRIBE_SECRET`
  NOTIFICATIONS_UNSUBSCRIBE_SECRET: secret('NOTIFICATIONS_UNSUBSCRIBE_SECRET'),
};
