import { defineBackend } from '@aws-amplify/backend';
import { Stack } from 'aws-cdk-lib';
import { StreamViewType } from 'aws-cdk-lib/aws-dynamodb';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { MODEL_NAMES, TABLES, type ModelName } from '../lib/data/tables';
import { EXPORT_KEEP_DAYS } from '../lib/domain/exports';
import { HANDLED_STRIPE_EVENT_TYPES } from '../lib/stripe/handled-events';
import { auth } from './auth/resource';
import { AMPLIFY_MODEL_OF, data } from './data/resource';
import { addDomainEventConsumer } from './domain-events';
import { bookingProcessor } from './functions/booking-processor/resource';
import { domainEvents } from './functions/domain-events/resource';
import { payoutManager } from './functions/payout-manager/resource';
import { refundProcessor } from './functions/refund-processor/resource';
import { stripeConnect } from './functions/stripe-connect/resource';
import { stripeWebhook } from './functions/stripe-webhook/resource';
import { notificationConfig } from './functions/shared/environment';
import { addNotifications } from './notifications';
import { addOperationalAlarms, alarmSettings } from './alarms';
import { addRateLimitTable, hostingRateLimitPolicy } from './rate-limits';
import { addReconciliationAlarms } from './reconciliation';
import { addStripeEventBridge, stripeEventSourceNames } from './stripe-events';
import { exportStorage } from './storage/resource';

const functions = { bookingProcessor, stripeConnect, payoutManager, refundProcessor, stripeWebhook, domainEvents };
type FunctionKey = keyof typeof functions;
const FUNCTION_NAMES: Record<FunctionKey, string> = {
  bookingProcessor: 'booking-processor',
  stripeConnect: 'stripe-connect',
  payoutManager: 'payout-manager',
  refundProcessor: 'refund-processor',
  stripeWebhook: 'stripe-webhook',
  domainEvents: 'domain-events',
};

export const backend = defineBackend({ auth, data, exportStorage, ...functions });

/**
 * Least privilege: the tables each function reads and writes (it gets their names and nothing else). A synthesis
 * test (__tests__/integration/amplify/synth.test.ts) scans each function's code for the tables it touches and
 * fails when one is missing here: add the model to the function's list when an action starts using it.
 */
/** Written by the event consumers only. */
const CONSUMER_TABLES: readonly ModelName[] = ['ConsumedEvent', 'EventTally', 'Rollup'];
/** The notifier's outbox and the preferences it reads: never touched by stripe-webhook. */
const NOTIFICATION_TABLES: readonly ModelName[] = ['Notification', 'NotificationPreference'];
/** What the notifier reads to address and fill its messages. */
const NOTIFIER_READS: readonly ModelName[] = ['UserProfile', 'Service', 'Booking', 'Payout', 'Dispute', 'CreditPurchase', 'Subscription'];
/** The exports consumer: its jobs, and the ledger lines it reads by type and day (bookings are among the notifier's reads). */
const EXPORT_WRITER_TABLES: readonly ModelName[] = ['ExportJob', 'Transaction'];

const FUNCTION_TABLES: Record<FunctionKey, readonly ModelName[]> = {
  bookingProcessor: [
    'UserProfile',
    'Service',
    'Booking',
    'SlotHold',
    'Transaction',
    'Customer',
    'Payment',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'DomainEvent',
    // every verified token is checked against the revocation list
    'RevokedSession',
    // reviews (LEAVE_REVIEW, EDIT_REVIEW, REPLY_TO_REVIEW, LIST_SERVICE_REVIEWS)
    'Review',
    // email preferences and the signed unsubscribe
    'NotificationPreference',
    // promotion codes applied at checkout (APPLY_PROMOTION_CODE)
    'PromotionCode',
    'PromotionRedemption',
    // SEARCH_SERVICES and the service writes keep the search entries
    'ServiceSearch',
  ],
  // CREATE_PAYOUT goes through the one payout path, which records every payout (Payout and its PAYOUT ledger line)
  stripeConnect: [
    'UserProfile',
    'Service',
    'Booking',
    'Transaction',
    'Payout',
    'Customer',
    'Payment',
    'Subscription',
    'MembershipPlan',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'DomainEvent',
    // every verified token is checked against the revocation list
    'RevokedSession',
    // EXPORT_MY_DATA reads a user's reviews, DELETE_MY_ACCOUNT erases their name on them and frees cancelled slots
    'Review',
    'SlotHold',
    // the admins' promotion codes, and codes applied to memberships and credit packages
    'PromotionCode',
    'PromotionRedemption',
    // the listing changes with a provider's account status and account deletion
    'ServiceSearch',
  ],
  payoutManager: [
    'UserProfile',
    'Service',
    'Booking',
    'SlotHold',
    'Transaction',
    'Payout',
    'Customer',
    'Payment',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'DomainEvent',
    // every verified token is checked against the revocation list
    'RevokedSession',
    // the scheduled notifications step: reminders and retries
    ...NOTIFICATION_TABLES,
    // the daily reconciliation's findings
    'ReconciliationMismatch',
  ],
  // admin dashboard actions (audit log, webhook event log, disputes, all ledgers) live here
  refundProcessor: [
    'UserProfile',
    'Service',
    'Booking',
    'SlotHold',
    'Transaction',
    'ProcessedEvent',
    'Payout',
    'Customer',
    'Payment',
    'Subscription',
    'MembershipPlan',
    'CreditPackage',
    'CreditPurchase',
    'CreditTransaction',
    'WebhookEventLog',
    'Dispute',
    'DomainEvent',
    'EventTally',
    // the dashboard's metrics read the rollups
    'Rollup',
    // every verified token is checked against the revocation list
    'RevokedSession',
    // ADMIN_HIDE_REVIEW
    'Review',
    // the admins' emails page and resend
    ...NOTIFICATION_TABLES,
    // the reconciliation page
    'ReconciliationMismatch',
    // reached through the booking services it shares (a promotion code's redemption)
    'PromotionCode',
    'PromotionRedemption',
    // its admin actions reach the service writes (a provider's listing follows their account), which keep the search entries
    'ServiceSearch',
    // the admins' CSV exports: requested here, written by the exports consumer
    'ExportJob',
  ],
  // every event type may touch any record (payments, payouts, accounts, customers, subscriptions, credits), but not
  // what the event consumers keep
  // (Stripe's signature is its caller's proof: it verifies no sessions, so no revocation list)
  stripeWebhook: MODEL_NAMES.filter(
    (model) =>
      !CONSUMER_TABLES.includes(model) &&
      !NOTIFICATION_TABLES.includes(model) &&
      model !== 'RevokedSession' &&
      // the reconciliation's findings: payout-manager writes them, admins read them
      model !== 'ReconciliationMismatch' &&
      // admins' exports: requested on refund-processor, written by the exports consumer
      model !== 'ExportJob',
  ),
  // the consumers' receipts and what they keep, and what the notifier reads and writes; the events themselves come
  // from the stream (granted below)
  domainEvents: [...CONSUMER_TABLES, ...NOTIFICATION_TABLES, ...NOTIFIER_READS, ...EXPORT_WRITER_TABLES],
};

/**
 * The action functions: they verify a caller's Cognito ID token, and the web app (Hosting compute role) may invoke
 * them. stripe-webhook is authenticated by Stripe's signature (Function URL) or by IAM (the EventBridge rule).
 */
const ACTION_FUNCTIONS = ['bookingProcessor', 'stripeConnect', 'payoutManager', 'refundProcessor'] as const;
const TOKEN_VERIFYING: readonly FunctionKey[] = ACTION_FUNCTIONS;

const { userPool, userPoolClient } = backend.auth.resources;

for (const key of Object.keys(functions) as FunctionKey[]) {
  const fn = backend[key];
  for (const model of FUNCTION_TABLES[key]) {
    const table = backend.data.resources.tables[AMPLIFY_MODEL_OF[model]];
    if (!table) throw new Error(`amplify/backend.ts: the data stack has no table for model ${AMPLIFY_MODEL_OF[model]}`);
    fn.addEnvironment(TABLES[model].envVar, table.tableName);
    table.grantReadWriteData(fn.resources.lambda);
    // The Amplify table handles carry no index list, so the grant above covers the table ARN only: allow Query on
    // its secondary indexes explicitly (the repositories query them; request paths never scan).
    if (TABLES[model].indexes.length > 0) {
      fn.resources.lambda.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }));
    }
  }
  if (TOKEN_VERIFYING.includes(key)) {
    fn.addEnvironment('COGNITO_USER_POOL_ID', userPool.userPoolId);
    fn.addEnvironment('COGNITO_CLIENT_ID', userPoolClient.userPoolClientId);
  }
}

// The rate limits' counters, shared by every instance of the four action functions (their limited actions count per
// verified caller); stripe-webhook is never limited and gets neither the table's name nor access to it.
const rateLimitTable = addRateLimitTable(
  Stack.of(backend.bookingProcessor.resources.lambda),
  ACTION_FUNCTIONS.map((key) => backend[key]),
);

// JOIN_PROVIDERS (stripe-connect) puts the caller into the PROVIDER group, ADMIN_REVOKE_SESSIONS signs a user out
// everywhere, DELETE_MY_ACCOUNT deletes the caller's sign-in: those three actions on this one user pool.
backend.stripeConnect.resources.lambda.addToRolePolicy(
  new PolicyStatement({
    actions: ['cognito-idp:AdminAddUserToGroup', 'cognito-idp:AdminUserGlobalSignOut', 'cognito-idp:AdminDeleteUser'],
    resources: [userPool.userPoolArn],
  }),
);

// Revocations expire once no token they refuse could still be valid (lib/domain/sessions.ts): DynamoDB's TTL deletes them.
const revokedSessionTable = backend.data.resources.cfnResources.amplifyDynamoDbTables[AMPLIFY_MODEL_OF.RevokedSession];
if (!revokedSessionTable) throw new Error('amplify/backend.ts: the data stack has no RevokedSession table');
revokedSessionTable.timeToLiveAttribute = { attributeName: 'expiresAt', enabled: true };
// Finished exports are kept EXPORT_KEEP_DAYS (lib/domain/exports.ts): the job row by TTL, its file by the bucket's rule.
const exportJobTable = backend.data.resources.cfnResources.amplifyDynamoDbTables[AMPLIFY_MODEL_OF.ExportJob];
if (!exportJobTable) throw new Error('amplify/backend.ts: the data stack has no ExportJob table');
exportJobTable.timeToLiveAttribute = { attributeName: 'expiresAt', enabled: true };
backend.exportStorage.resources.cfnResources.cfnBucket.lifecycleConfiguration = {
  rules: [{ id: 'ExpireExports', status: 'Enabled', prefix: 'exports/', expirationInDays: EXPORT_KEEP_DAYS }],
};

// The daily payout run: EventBridge Scheduler (from `schedule` in its resource.ts) invokes payout-manager with an
// EventBridge-style "Scheduled Event" (no `action`, no token), so the handler can tell it from a user request.
const payoutSchedule = backend.payoutManager.resources.lambda.node.findAll().find((c): c is CfnSchedule => CfnSchedule.isCfnSchedule(c));
if (!payoutSchedule) throw new Error('amplify/backend.ts: payout-manager has no schedule');
payoutSchedule.addPropertyOverride(
  'Target.Input',
  JSON.stringify({
    version: '0',
    id: '<aws.scheduler.execution-id>',
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    time: '<aws.scheduler.scheduled-time>',
    resources: ['<aws.scheduler.schedule-arn>'],
    detail: {},
  }),
);

// Stripe posts events here; no IAM auth (Stripe can't sign AWS requests), the handler verifies Stripe's signature.
const stripeWebhookUrl = backend.stripeWebhook.resources.lambda.addFunctionUrl({
  authType: FunctionUrlAuthType.NONE,
});

// The outbox's stream feeds the consumers. Its records carry the new row only (as DynamoDB Local's, from
// lib/data/tables.ts): the outbox never changes a row, so there is no old image to send.
const domainEventTable = backend.data.resources.tables[AMPLIFY_MODEL_OF.DomainEvent];
const domainEventTableResource = backend.data.resources.cfnResources.amplifyDynamoDbTables[AMPLIFY_MODEL_OF.DomainEvent];
if (!domainEventTable?.tableStreamArn || !domainEventTableResource)
  throw new Error('amplify/backend.ts: the DomainEvent table has no stream');
domainEventTableResource.streamSpecification = { streamViewType: StreamViewType.NEW_IMAGE };
const domainEventConsumer = addDomainEventConsumer(Stack.of(backend.domainEvents.resources.lambda), {
  tableArn: domainEventTable.tableArn,
  streamArn: domainEventTable.tableStreamArn,
  consumer: backend.domainEvents.resources.lambda,
});

// Email: SES v2 from the configured identity, granted to the three functions that send, and the hourly
// reminders-and-retries schedule (amplify/notifications.ts).
const notifications = addNotifications(Stack.of(backend.payoutManager.resources.lambda), {
  identity: notificationConfig.identity,
  fromAddress: notificationConfig.from,
  configurationSetName: notificationConfig.configurationSet,
  senders: [backend.domainEvents.resources.lambda, backend.payoutManager.resources.lambda, backend.refundProcessor.resources.lambda],
  scheduledRunner: backend.payoutManager.resources.lambda,
});
// The operators' topic: every alarm notifies it (the domain events' dead letters, the reconciliation, EventBridge's,
// and the operational alarms of amplify/alarms.ts); ALARM_EMAILS at synthesis subscribes its readers.
const operatorsTopic = domainEventConsumer.alarmTopic;
// The daily reconciliation with Stripe reports a metric (payout-manager's log); its alarms go to the operators' topic.
addReconciliationAlarms(backend.createStack('reconciliation'), operatorsTopic);
addOperationalAlarms(backend.createStack('alarms'), {
  topic: operatorsTopic,
  settings: alarmSettings(),
  functions: Object.fromEntries(
    (Object.keys(functions) as FunctionKey[]).map((key) => {
      const { lambda, cfnResources } = backend[key].resources;
      // Lambda's default when a definition names none
      return [FUNCTION_NAMES[key], { fn: lambda, timeoutSeconds: cfnResources.cfnFunction.timeout ?? 3 }];
    }),
  ),
});

// The web app's server side (Amplify Hosting SSR compute) invokes the four action functions, and nothing else:
// attach this role to the Hosting app (App settings → IAM roles → Compute role), or attach the managed policy to a
// compute role of your own. Outputs: custom.hosting.{computeRoleArn, invokePolicyArn}.
const hostingStack = backend.createStack('hosting');
const invokeActionsPolicy = new ManagedPolicy(hostingStack, 'InvokeActionFunctions', {
  description: 'Lets the marketplace web app invoke its four action functions (not stripe-webhook)',
  statements: [
    new PolicyStatement({
      actions: ['lambda:InvokeFunction'],
      resources: ACTION_FUNCTIONS.map((key) => backend[key].resources.lambda.functionArn),
    }),
  ],
});
const hostingComputeRole = new Role(hostingStack, 'HostingComputeRole', {
  description: 'Amplify Hosting SSR compute role of the marketplace web app',
  assumedBy: new ServicePrincipal('amplify.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': Stack.of(hostingStack).account },
  }),
  managedPolicies: [invokeActionsPolicy, hostingRateLimitPolicy(hostingStack, rateLimitTable)],
});

// The app client: the Next.js server signs people in with USER_PASSWORD_AUTH (over TLS; no browser SDK, no SRP) and
// renews with the refresh token, nothing else; revocation on, so ID tokens carry origin_jti and sign-out revokes.
const { cfnUserPoolClient } = backend.auth.resources.cfnResources;
cfnUserPoolClient.explicitAuthFlows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
cfnUserPoolClient.enableTokenRevocation = true;

// Optional: Stripe events through Amazon EventBridge (off unless STRIPE_EVENT_SOURCE_NAME is set at synthesis).
const eventSources = stripeEventSourceNames(process.env.STRIPE_EVENT_SOURCE_NAME);
const stripeEvents =
  eventSources.length > 0
    ? addStripeEventBridge(backend.createStack('stripe-events'), {
        sourceNames: eventSources,
        eventTypes: [...HANDLED_STRIPE_EVENT_TYPES],
        target: backend.stripeWebhook.resources.lambda,
        alarmTopic: operatorsTopic,
      })
    : undefined;

backend.addOutput({
  custom: {
    // Physical names the Next.js routes invoke (Lambda Invoke API).
    functions: {
      bookingProcessor: backend.bookingProcessor.resources.lambda.functionName,
      stripeConnect: backend.stripeConnect.resources.lambda.functionName,
      payoutManager: backend.payoutManager.resources.lambda.functionName,
      refundProcessor: backend.refundProcessor.resources.lambda.functionName,
      stripeWebhook: backend.stripeWebhook.resources.lambda.functionName,
      domainEvents: backend.domainEvents.resources.lambda.functionName,
    },
    alarms: { topicArn: operatorsTopic.topicArn },
    domainEvents: {
      deadLetterQueueUrl: domainEventConsumer.deadLetterQueue.queueUrl,
      alarmTopicArn: domainEventConsumer.alarmTopic.topicArn,
    },
    stripeWebhookUrl: stripeWebhookUrl.url,
    exports: { bucketName: backend.exportStorage.resources.bucket.bucketName },
    notifications: {
      identityArn: notifications.identityArn,
      configurationSet: notificationConfig.configurationSet,
    },
    hosting: {
      computeRoleArn: hostingComputeRole.roleArn,
      invokePolicyArn: invokeActionsPolicy.managedPolicyArn,
      rateLimitTableName: rateLimitTable.tableName,
    },
    ...(stripeEvents
      ? {
          stripeEvents: {
            eventBusNames: stripeEvents.buses.map((bus) => bus.eventBusName),
            deadLetterQueueUrl: stripeEvents.deadLetterQueue.queueUrl,
            alarmTopicArn: stripeEvents.alarmTopic.topicArn,
          },
        }
      : {}),
  },
});
