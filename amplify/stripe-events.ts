/**
 * The optional EventBridge path for Stripe events (setting it up: README, Deploying, step 5):
 *
 *   Stripe event destination "Amazon EventBridge" → partner event source `aws.partner/stripe.com/ed_…`
 *   → partner event bus (created here, same name) → rule (the event types the app handles)
 *   → stripe-webhook (retry policy) → SQS dead-letter queue after the retries → `npm run events:redrive`
 *
 * plus CloudWatch alarms on the queue's depth and on the function's errors, both notifying an SNS topic.
 * The function URL path stays in place: both paths dedupe on event.id, so running both is safe.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { EventBus, Match, Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CfnEventInvokeConfig, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { deadLetterDepthAlarm } from './queue-alarms';
import { STRIPE_PARTNER_SOURCE_PREFIX } from '../lib/aws/eventbridge';

/**
 * Two retry layers, one dead-letter queue:
 * - EventBridge → Lambda is an asynchronous invocation. The rule's retry policy covers *delivery* (throttling,
 *   permissions, the function missing); after it, EventBridge dead-letters the event (message body: the event).
 * - Once Lambda accepted the event, a *function error* (stripe-webhook throws) is retried by Lambda's async invoke
 *   config; after it, Lambda's on-failure destination gets an invocation record whose `requestPayload` is the event.
 * lib/aws/redrive.ts understands both message shapes.
 */
const STRIPE_EVENT_RETRY = { maxEventAge: Duration.hours(6), retryAttempts: 10 } as const;
const STRIPE_WEBHOOK_ASYNC_RETRY = { maxEventAge: Duration.hours(6), retryAttempts: 2 } as const;
/** Dead-lettered events are kept for SQS's maximum, 14 days, for `npm run events:redrive`. */
const DLQ_RETENTION = Duration.days(14);

/**
 * `STRIPE_EVENT_SOURCE_NAME`: one partner event source name, or several separated by commas (Stripe creates one
 * per event destination, e.g. one for the platform's events and one for connected accounts' events).
 * Unset or empty: the EventBridge path is off.
 */
export function stripeEventSourceNames(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  for (const name of names) {
    if (!name.startsWith(STRIPE_PARTNER_SOURCE_PREFIX) || !/^[/.\-_A-Za-z0-9]{1,256}$/.test(name)) {
      throw new Error(`STRIPE_EVENT_SOURCE_NAME: "${name}" is not a Stripe partner event source (aws.partner/stripe.com/…)`);
    }
  }
  return [...new Set(names)];
}

interface StripeEventBridgeProps {
  sourceNames: string[];
  /** Stripe event types the rule forwards (lib/stripe/handled-events.ts: the webhook's handled types). */
  eventTypes: string[];
  target: IFunction;
  /** The operators' topic (amplify/alarms.ts): the path's alarms notify it. */
  alarmTopic: ITopic;
}

export function addStripeEventBridge(stack: Stack, props: StripeEventBridgeProps) {
  if (props.eventTypes.length === 0) throw new Error('addStripeEventBridge: no event types to forward');
  const deadLetterQueue = new Queue(stack, 'StripeEventsDlq', {
    retentionPeriod: DLQ_RETENTION,
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    // longer than stripe-webhook's timeout, so a redrive in progress does not hand a message out twice
    visibilityTimeout: Duration.minutes(2),
  });
  const target = new LambdaFunction(props.target, {
    deadLetterQueue, // CDK adds the queue policy: sqs:SendMessage for events.amazonaws.com from these rules only
    maxEventAge: STRIPE_EVENT_RETRY.maxEventAge,
    retryAttempts: STRIPE_EVENT_RETRY.retryAttempts,
  });

  // Function errors on the async path: retried by Lambda, then recorded in the same queue. Built from L1 pieces in
  // this stack (not SqsDestination, which would grant on the function's role in the data stack and make the two
  // stacks depend on each other): the invoke config, and a policy attached to the function's role from here.
  new CfnEventInvokeConfig(stack, 'StripeWebhookAsyncFailures', {
    functionName: props.target.functionName,
    qualifier: '$LATEST',
    maximumRetryAttempts: STRIPE_WEBHOOK_ASYNC_RETRY.retryAttempts,
    maximumEventAgeInSeconds: STRIPE_WEBHOOK_ASYNC_RETRY.maxEventAge.toSeconds(),
    destinationConfig: { onFailure: { destination: deadLetterQueue.queueArn } },
  });
  if (!props.target.role) throw new Error('addStripeEventBridge: stripe-webhook has no execution role');
  new Policy(stack, 'StripeWebhookOnFailureSend', {
    roles: [props.target.role],
    statements: [new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] })],
  });

  const buses = props.sourceNames.map((sourceName, i) => {
    // A partner event bus must carry the partner event source's name; creating it associates the source.
    const bus = new EventBus(stack, `StripePartnerBus${i}`, { eventSourceName: sourceName });
    new Rule(stack, `StripeEventsRule${i}`, {
      eventBus: bus,
      description: 'Stripe events the marketplace handles → stripe-webhook',
      eventPattern: { source: Match.prefix(STRIPE_PARTNER_SOURCE_PREFIX), detailType: props.eventTypes },
      targets: [target], // the rule's own Lambda permission: only this rule on this bus may invoke
    });
    return bus;
  });

  const { alarmTopic } = props;
  const notify = new SnsAction(alarmTopic);
  const dlqDepth = deadLetterDepthAlarm(
    stack,
    'StripeEventsDlqDepth',
    deadLetterQueue,
    'Stripe events were dead-lettered after EventBridge gave up: fix the cause, then npm run events:redrive',
  );
  const functionErrors = new Alarm(stack, 'StripeWebhookErrors', {
    alarmDescription: 'stripe-webhook failed (EventBridge deliveries throw on failure and are retried)',
    metric: props.target.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    threshold: 0,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });
  for (const alarm of [dlqDepth, functionErrors]) alarm.addAlarmAction(notify);

  return { buses, deadLetterQueue, alarmTopic, alarms: { dlqDepth, functionErrors } };
}
