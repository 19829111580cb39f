import { defineFunction } from '@aws-amplify/backend';
import { appEnvironment, notificationEnvironment } from '../shared/environment';

/**
 * The consumers of the domain events: triggered by the DomainEvent table's stream (the event source mapping, its
 * dead-letter queue and alarm are in backend.ts). No Stripe secret: it writes the consumers' tables (names added by
 * backend.ts) and sends the notifier's emails (SES, granted in amplify/notifications.ts), with links to the app.
 */
export const domainEvents = defineFunction({
  name: 'domain-events',
  entry: './handler.ts',
  runtime: 24,
  timeoutSeconds: 60,
  memoryMB: 256,
  environment: { APP_URL: appEnvironment.APP_URL, ...notificationEnvironment },
  // Table grants and the stream's event source mapping come from the data stack: grouping with it avoids a circular
  // dependency between the data and function stacks.
  resourceGroupName: 'data',
});
