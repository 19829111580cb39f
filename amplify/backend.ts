import { defineBackend } from '@aws-amplify/backend';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import { TABLES, type ModelName } from '../lib/data/tables';
import { auth } from './auth/resource';
import { data } from './data/resource';
import { bookingProcessor } from './functions/booking-processor/resource';
import { payoutManager } from './functions/payout-manager/resource';
import { refundProcessor } from './functions/refund-processor/resource';
import { stripeConnect } from './functions/stripe-connect/resource';
import { stripeWebhook } from './functions/stripe-webhook/resource';

const functions = { bookingProcessor, stripeConnect, payoutManager, refundProcessor, stripeWebhook };
type FunctionKey = keyof typeof functions;

export const backend = defineBackend({ auth, data, ...functions });

/** Least privilege: the tables each function reads and writes (it gets their names and nothing else). */
export const FUNCTION_TABLES: Record<FunctionKey, readonly ModelName[]> = {
  bookingProcessor: ['UserProfile', 'Service', 'Booking', 'SlotHold', 'Transaction'],
  stripeConnect: ['UserProfile'],
  payoutManager: ['UserProfile', 'Booking', 'Transaction'],
  refundProcessor: ['Booking', 'Transaction', 'UserProfile', 'Service'],
  stripeWebhook: ['UserProfile', 'Service', 'Booking', 'SlotHold', 'Transaction', 'ProcessedEvent'],
};

/** Functions that verify a caller's Cognito ID token (stripe-webhook is authenticated by Stripe's signature). */
const TOKEN_VERIFYING: readonly FunctionKey[] = ['bookingProcessor', 'stripeConnect', 'payoutManager', 'refundProcessor'];

const { userPool, userPoolClient } = backend.auth.resources;

for (const key of Object.keys(functions) as FunctionKey[]) {
  const fn = backend[key];
  for (const model of FUNCTION_TABLES[key]) {
    const table = backend.data.resources.tables[model];
    if (!table) throw new Error(`amplify/backend.ts: the data stack has no table for model ${model}`);
    fn.addEnvironment(TABLES[model].envVar, table.tableName);
    table.grantReadWriteData(fn.resources.lambda);
    // The Amplify table handles carry no index list, so the grant above covers the table ARN only: allow Query on
    // its secondary indexes explicitly (the repositories query them; request paths never scan).
    if (TABLES[model].indexes.length > 0) {
      fn.resources.lambda.addToRolePolicy(
        new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/*`] }),
      );
    }
  }
  if (TOKEN_VERIFYING.includes(key)) {
    fn.addEnvironment('COGNITO_USER_POOL_ID', userPool.userPoolId);
    fn.addEnvironment('COGNITO_CLIENT_ID', userPoolClient.userPoolClientId);
  }
}

// The daily payout run: EventBridge Scheduler (from `schedule` in its resource.ts) invokes payout-manager with an
// EventBridge-style "Scheduled Event" (no `action`, no token), so the handler can tell it from a user request.
const payoutSchedule = backend.payoutManager.resources.lambda.node
  .findAll()
  .find((c): c is CfnSchedule => CfnSchedule.isCfnSchedule(c));
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

backend.addOutput({
  custom: {
    // Physical names the Next.js routes invoke (Lambda Invoke API).
    functions: {
      bookingProcessor: backend.bookingProcessor.resources.lambda.functionName,
      stripeConnect: backend.stripeConnect.resources.lambda.functionName,
      payoutManager: backend.payoutManager.resources.lambda.functionName,
      refundProcessor: backend.refundProcessor.resources.lambda.functionName,
      stripeWebhook: backend.stripeWebhook.resources.lambda.functionName,
    },
    stripeWebhookUrl: stripeWebhookUrl.url,
  },
});
