/**
 * The business metrics the alarms read (amplify/alarms.ts), as CloudWatch Embedded Metric Format lines through
 * Powertools Metrics: in Lambda the log line becomes the metric, no PutMetricData call and no extra permission. Locally
 * the same lines go to stdout (POWERTOOLS_METRICS_DISABLED=true silences them).
 */
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from './metric-names';

export { METRIC, type MetricName } from './metric-names';

export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

export function countMetric(name: MetricName, value = 1): void {
  metrics.addMetric(name, MetricUnit.Count, value);
}

/**
 * Writes what was counted as one EMF line; nothing when nothing was counted. Called when a request or delivery ends (in
 * Lambda and locally alike), so concurrent local requests may share a line: the counts stay exact.
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/** The shape of the Stripe events the metrics read: type, and the fields that tell a restriction apart. */
interface StripeEventShape {
  type?: unknown;
  data?: { object?: { requirements?: { disabled_reason?: unknown } | null } };
}

/** What one Stripe event, applied for the first time, counts. */
export function countStripeEvent(event: StripeEventShape): void {
  switch (event.type) {
    case 'payment_intent.succeeded':
      return countMetric(METRIC.paymentsSucceeded);
    case 'payment_intent.payment_failed':
      return countMetric(METRIC.paymentsFailed);
    case 'charge.dispute.created':
      return countMetric(METRIC.disputesOpened);
    case 'payout.failed':
      return countMetric(METRIC.payoutFailed);
    case 'account.updated':
      // Stripe sets requirements.disabled_reason while an account may not take charges or receive payouts
      if (event.data?.object?.requirements?.disabled_reason) countMetric(METRIC.accountRestricted);
      return;
    default:
      return;
  }
}
