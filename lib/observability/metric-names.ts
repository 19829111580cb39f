/**
 * The business metrics' names, namespace and dimension: one place for the code that emits them
 * (lib/observability/metrics.ts) and the alarms that read them (amplify/alarms.ts). No Powertools here, so the backend
 * definition can read it at synthesis.
 */
export const METRICS_NAMESPACE = 'Bookwell';
/** Powertools puts the service name on every metric as its one dimension; the alarms must name it too. */
export const METRICS_SERVICE = 'bookwell';

export const METRIC = {
  paymentsSucceeded: 'PaymentsSucceeded',
  paymentsFailed: 'PaymentsFailed',
  refundAmount: 'RefundAmountCents',
  disputesOpened: 'DisputesOpened',
  webhookProcessed: 'WebhookEventsProcessed',
  webhookDuplicate: 'WebhookEventsDuplicate',
  webhookIgnored: 'WebhookEventsIgnored',
  webhookFailed: 'WebhookEventsFailed',
  accountRestricted: 'AccountsRestricted',
  payoutFailed: 'PayoutsFailed',
} as const;
export type MetricName = (typeof METRIC)[keyof typeof METRIC];
