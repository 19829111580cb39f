/**
 * The operators' alarms, synthesized in every deployment (EventBridge or not), all on one SNS topic whose subscribers
 * come from ALARM_EMAILS at synthesis:
 *   - payment failure rate (metric math on the EMF metrics of lib/observability/metrics.ts) above a threshold;
 *   - refund volume in a day above a threshold; any account restricted; any payout failed; any webhook event failed;
 *   - each function's errors, and its p95 duration near its timeout.
 * The reconciliation's alarms (amplify/reconciliation.ts) and the dead-letter queues' notify the same topic.
 * Thresholds are configuration, not secrets: environment variables read at synthesis, with the defaults below.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData, type IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE, type MetricName } from '../lib/observability/metric-names';

export interface AlarmSettings {
  /** Who the topic emails (confirmed by each address once). */
  emails: string[];
  /** Failed payments as a share of all payments in 15 minutes, in percent. */
  paymentFailureRatePercent: number;
  /** Refunded in one day, in minor units (cents). */
  dailyRefundCents: number;
  /** A function's p95 duration alarms above this share of its timeout. */
  durationShareOfTimeout: number;
}

export const ALARM_DEFAULTS = { paymentFailureRatePercent: 20, dailyRefundCents: 500_000, durationShareOfTimeout: 0.8 } as const;

/** The settings from the environment at synthesis (ALARM_*), refusing values that would make an alarm meaningless. */
export function alarmSettings(env: Record<string, string | undefined> = process.env): AlarmSettings {
  const number = (name: string, fallback: number, max: number) => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0 || value > max) throw new Error(`${name} must be a number above 0 and at most ${max}`);
    return value;
  };
  const emails = (env.ALARM_EMAILS ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const email of emails)
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new Error(`ALARM_EMAILS: "${email}" is not an email address`);
  return {
    emails,
    paymentFailureRatePercent: number('ALARM_PAYMENT_FAILURE_RATE_PERCENT', ALARM_DEFAULTS.paymentFailureRatePercent, 100),
    dailyRefundCents: number('ALARM_DAILY_REFUND_CENTS', ALARM_DEFAULTS.dailyRefundCents, Number.MAX_SAFE_INTEGER),
    durationShareOfTimeout: number('ALARM_DURATION_SHARE_OF_TIMEOUT', ALARM_DEFAULTS.durationShareOfTimeout, 1),
  };
}

const business = (name: MetricName, period: Duration) =>
  new Metric({ namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { service: METRICS_SERVICE }, statistic: 'Sum', period });

interface OperationalAlarmProps {
  topic: ITopic;
  settings: AlarmSettings;
  /** Each function by its name, with its timeout in seconds. */
  functions: Record<string, { fn: IFunction; timeoutSeconds: number }>;
}

export function addOperationalAlarms(stack: Stack, props: OperationalAlarmProps) {
  const { topic, settings } = props;
  for (const email of settings.emails) topic.addSubscription(new EmailSubscription(email));
  const alarms: Alarm[] = [];
  const alarm = (id: string, description: string, metric: IMetric, threshold: number, evaluationPeriods = 1) => {
    const created = new Alarm(stack, id, {
      alarmDescription: description,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarms.push(created);
    return created;
  };

  const window = Duration.minutes(15);
  alarm(
    'OperationsPaymentFailureRate',
    `More than ${settings.paymentFailureRatePercent}% of card payments failed in 15 minutes: a Stripe incident, a card-testing attack or a broken checkout`,
    new MathExpression({
      // no payment at all in the window is no failure rate (0), not a missing datapoint
      expression: 'IF(succeeded + failed > 0, 100 * failed / (succeeded + failed), 0)',
      usingMetrics: { succeeded: business(METRIC.paymentsSucceeded, window), failed: business(METRIC.paymentsFailed, window) },
      period: window,
      label: 'Payment failure rate (%)',
    }),
    settings.paymentFailureRatePercent,
  );
  alarm(
    'OperationsDailyRefundVolume',
    `More than ${settings.dailyRefundCents} cents refunded in a day: check the admins' refunds and the audit log`,
    business(METRIC.refundAmount, Duration.days(1)),
    settings.dailyRefundCents,
  );
  alarm(
    'OperationsAccountRestricted',
    'Stripe restricted a provider’s connected account (requirements.disabled_reason): payouts to it stop until it is fixed',
    business(METRIC.accountRestricted, Duration.minutes(5)),
    0,
  );
  alarm(
    'OperationsPayoutFailed',
    'A payout to a provider’s bank failed (payout.failed)',
    business(METRIC.payoutFailed, Duration.minutes(5)),
    0,
  );
  alarm(
    'OperationsWebhookFailures',
    'stripe-webhook failed to apply a Stripe event (Stripe retries it): see the function’s "webhook event failed" log lines',
    business(METRIC.webhookFailed, Duration.minutes(5)),
    0,
  );

  for (const [name, { fn, timeoutSeconds }] of Object.entries(props.functions)) {
    const id = name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase());
    alarm(
      `Operations${id}Errors`,
      `${name} failed (an unhandled error, a timeout or a crash)`,
      fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
      0,
    );
    alarm(
      `Operations${id}Duration`,
      `${name}'s p95 duration is above ${Math.round(settings.durationShareOfTimeout * 100)}% of its ${timeoutSeconds} s timeout`,
      fn.metricDuration({ period: Duration.minutes(5), statistic: 'p95' }),
      Math.round(timeoutSeconds * 1000 * settings.durationShareOfTimeout),
      3,
    );
  }

  const action = new SnsAction(topic);
  for (const a of alarms) a.addAlarmAction(action);
  return alarms;
}
