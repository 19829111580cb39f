import { Duration, type Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { RECONCILIATION_METRICS } from '../lib/domain/reconciliation';

const daily = (metricName: string, statistic: 'Maximum' | 'SampleCount') =>
  new Metric({ namespace: RECONCILIATION_METRICS.namespace, metricName, statistic, period: Duration.days(1) });

/**
 * The alarms on payout-manager's daily reconciliation with Stripe (its metric line: lib/services/reconciliation.ts):
 * any mismatch between our books and Stripe's; any booking or account it could not read; and no run reported for two
 * days (a reconciliation that never runs would hide every mismatch). All notify the operators' topic.
 */
export function addReconciliationAlarms(stack: Stack, topic: ITopic) {
  const action = new SnsAction(topic);
  const mismatches = new Alarm(stack, 'ReconciliationMismatchesAlarm', {
    alarmDescription: 'Our ledger and Stripe disagree: see /admin/reconciliation for each mismatch, its Stripe object and both amounts',
    metric: daily(RECONCILIATION_METRICS.mismatches, 'Maximum'),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  const unchecked = new Alarm(stack, 'ReconciliationUncheckedAlarm', {
    alarmDescription: 'The reconciliation could not read Stripe (or DynamoDB) for some bookings or accounts: see payout-manager logs',
    metric: daily(RECONCILIATION_METRICS.unchecked, 'Maximum'),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  const notReported = new Alarm(stack, 'ReconciliationNotReportedAlarm', {
    alarmDescription: 'No reconciliation reported for two days: is payout-manager’s daily schedule running?',
    metric: daily(RECONCILIATION_METRICS.mismatches, 'SampleCount'),
    threshold: 1,
    comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 2,
    treatMissingData: TreatMissingData.BREACHING,
  });
  for (const alarm of [mismatches, unchecked, notReported]) alarm.addAlarmAction(action);
  return { mismatches, unchecked, notReported };
}
