import { Duration, type Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * An alarm as soon as a dead-letter queue holds anything: a message there is work that failed every retry, and what to
 * do about it (the description) is the operator's next step.
 */
export function deadLetterDepthAlarm(stack: Stack, id: string, queue: IQueue, description: string): Alarm {
  return new Alarm(stack, id, {
    alarmDescription: description,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
}
