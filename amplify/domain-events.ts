/**
 * The outbox's consumer in AWS:
 *
 *   DomainEvent table stream (NEW_IMAGE) → event source mapping (INSERTs only, batches, partial batch responses,
 *   bisect on error, bounded retries and record age) → domain-events → on failure: a record of the failed batch in an
 *   SQS dead-letter queue → alarm on its depth → SNS topic.
 *
 * What Lambda sends to the queue on failure is where the batch lies in the stream (shard, first and last sequence
 * numbers and their arrival times), not the events: the events stay in the table, and `npm run events:replay -- --from
 * <a minute before the first record's arrival>` hands them to the consumers again (their receipts skip what was applied).
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { EventSourceMapping, FilterCriteria, FilterRule, StartingPosition, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { deadLetterDepthAlarm } from './queue-alarms';

/**
 * Batches of up to 100 events, gathered for at most a second. A failing record is retried 5 times (the records before
 * it count as done); a batch whose function throws is split in halves to isolate the bad record. A record still
 * failing, or older than 6 hours (the stream keeps 24), goes to the dead-letter queue and the shard moves on.
 */
const DOMAIN_EVENT_STREAM = {
  batchSize: 100,
  maxBatchingWindow: Duration.seconds(1),
  retryAttempts: 5,
  maxRecordAge: Duration.hours(6),
} as const;
/** Failed batches are kept for SQS's maximum, 14 days: the replay window after an outage. */
const DOMAIN_EVENT_DLQ_RETENTION = Duration.days(14);

interface DomainEventConsumerProps {
  /** The DomainEvent table's ARN and its stream's. */
  tableArn: string;
  streamArn: string;
  consumer: IFunction;
}

/** In the consumer function's own stack, so the mapping, its queue and the role's grants never cross stacks. */
export function addDomainEventConsumer(stack: Stack, props: DomainEventConsumerProps) {
  const deadLetterQueue = new Queue(stack, 'DomainEventsDlq', {
    retentionPeriod: DOMAIN_EVENT_DLQ_RETENTION,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });

  // The stream read actions, on this one stream (CDK's DynamoEventSource would allow ListStreams on every resource).
  props.consumer.addToRolePolicy(
    new PolicyStatement({
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
      resources: [props.streamArn],
    }),
  );
  props.consumer.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:ListStreams'], resources: [`${props.tableArn}/stream/*`] }));

  const mapping = new EventSourceMapping(stack, 'DomainEventsStream', {
    target: props.consumer,
    eventSourceArn: props.streamArn,
    startingPosition: StartingPosition.TRIM_HORIZON,
    // the outbox only appends; anything else is nothing to consume
    filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT') })],
    batchSize: DOMAIN_EVENT_STREAM.batchSize,
    maxBatchingWindow: DOMAIN_EVENT_STREAM.maxBatchingWindow,
    reportBatchItemFailures: true,
    bisectBatchOnError: true,
    retryAttempts: DOMAIN_EVENT_STREAM.retryAttempts,
    maxRecordAge: DOMAIN_EVENT_STREAM.maxRecordAge,
    // one batch per shard at a time, in the shard's order (an aggregate's order is its events' `sequence`, not the stream's)
    parallelizationFactor: 1,
    onFailure: new SqsDlq(deadLetterQueue), // grants the function's role sqs:SendMessage on this queue
  });

  const alarmTopic = new Topic(stack, 'DomainEventAlarms', { displayName: 'Marketplace domain event consumer alarms' });
  const dlqDepth = deadLetterDepthAlarm(
    stack,
    'DomainEventsDlqDepth',
    deadLetterQueue,
    'A batch of domain events failed every retry: fix the cause, then npm run events:replay -- --from <a minute before its first record arrived>',
  );
  dlqDepth.addAlarmAction(new SnsAction(alarmTopic));

  return { mapping, deadLetterQueue, alarmTopic, alarm: dlqDepth };
}
