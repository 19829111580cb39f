/**
 * DLQ redrive without AWS: events whose EventBridge deliveries all failed are dead-lettered into a local SQS
 * (AWS JSON 1.0 protocol, real @aws-sdk/client-sqs), then lib/aws/redrive.ts re-invokes stripe-webhook through a
 * local Lambda Invoke API (real @aws-sdk/client-lambda) running the real handler. Idempotent on event.id.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { repo } from '../../../lib/data/repository';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaEnvelopeProcessor, redriveDeadLetters, type RedriveOptions } from '../../../lib/aws/redrive';
import type { BookingRecord } from '../../../lib/data/records';
import { createStripeEventsHandler } from '../../../lib/functions/stripe-webhook';
import type { FunctionRuntime } from '../../../lib/functions/runtime';
import { localRuntime } from '../../../lib/local/runtime';
import { eventHandlers } from '../../../lib/services/webhooks';
import type { EventBridgeEnvelope } from '../../../lib/local/stripe-emulator/emulator';
import { confirmLikeStripeJs } from '../support/local-stack';
import { startEventStack, type EventStack } from './support/event-stack';
import { LOCAL_AWS, startLambdaEndpoint, type LambdaEndpoint } from './support/lambda-endpoint';
import { startSqsEndpoint, type SqsEndpoint } from './support/sqs-endpoint';

const WEBHOOK_FUNCTION = 'amplify-marketplace-ci-stripewebhooklambda-Test';

let stack: EventStack;
let sqs: SqsEndpoint;
let lambda: LambdaEndpoint;
let sqsClient: SQSClient;
let queueUrl: string;
let outage = false; // while true, stripe-webhook cannot reach its database
let redrive: (extra?: Partial<RedriveOptions>) => ReturnType<typeof redriveDeadLetters>;
const deadLettered: EventBridgeEnvelope[] = [];

const withOutage = (runtime: FunctionRuntime): FunctionRuntime => ({
  ...runtime,
  deps: () => (outage ? Promise.reject(new Error('simulated DynamoDB outage')) : runtime.deps()),
});

beforeAll(async () => {
  sqs = await startSqsEndpoint();
  queueUrl = sqs.createQueue('stripe-events-dlq');
  sqsClient = new SQSClient({ ...LOCAL_AWS, endpoint: sqs.url });
  stack = await startEventStack('redrive', {
    webhook: false,
    eventBridge: true,
    eventBridgeRuntime: withOutage,
    // What EventBridge does after the retry policy: the event, as JSON, into the target's dead-letter queue.
    deadLetter: async (envelope) => {
      deadLettered.push(envelope);
      await sqsClient.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(envelope),
          MessageAttributes: { ERROR_CODE: { DataType: 'String', StringValue: 'SDK_CLIENT_ERROR' } },
        }),
      );
    },
  });
  // stripe-webhook as Lambda runs it: the combined entry, with the same outage switch
  const handler = createStripeEventsHandler(withOutage(localRuntime(undefined, stack.deps)));
  lambda = await startLambdaEndpoint({ [WEBHOOK_FUNCTION]: handler });
  const processor = lambdaEnvelopeProcessor(new LambdaClient({ ...LOCAL_AWS, endpoint: lambda.url }), WEBHOOK_FUNCTION);
  redrive = (extra = {}) => redriveDeadLetters({ sqs: sqsClient, queueUrl, process: processor, waitTimeSeconds: 0, ...extra });
});
afterAll(async () => {
  await stack?.close();
  await lambda?.close();
  await sqs?.close();
  sqsClient?.destroy();
});

const bookingOf = async (id: string) =>
  (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Booking, Key: { id }, ConsistentRead: true }))).Item as BookingRecord;
const ledgerOf = (bookingId: string) => repo.ledgerOfBooking(stack.deps, bookingId);

describe('npm run events:redrive (lib/aws/redrive.ts)', () => {
  let bookingId: string;

  it('events that exhausted their EventBridge retries sit in the dead-letter queue; nothing was half-written', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const slots = await stack.booking<{ slots: { startDateTime: string; endDateTime: string }[] }>('CHECK_AVAILABILITY', {
      serviceId: 'svc_demo_yoga',
      from: today,
      to,
    });
    const slot = slots.body.slots[0]!;
    const created = await stack.booking<{ bookingId: string; clientSecret: string }>(
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_yoga', startDateTime: slot.startDateTime, endDateTime: slot.endDateTime, groupSize: 1 },
      stack.customerToken,
    );
    expect(created.status).toBe(200);
    bookingId = created.body.bookingId;
    await stack.emulator.flushWebhooks();
    outage = true;
    await confirmLikeStripeJs(stack.emulator.url, created.body.clientSecret, '4242424242424242');
    await stack.emulator.flushWebhooks();
    outage = false;

    expect(deadLettered.map((e) => e.detail.type)).toContain('payment_intent.succeeded');
    expect(sqs.messages(queueUrl)).toHaveLength(deadLettered.length);
    expect((await bookingOf(bookingId)).status).toBe('PENDING_PAYMENT');
    expect(await ledgerOf(bookingId)).toEqual([]);
  });

  it('--dry-run lists them and changes nothing', async () => {
    const report = await redrive({ dryRun: true });
    expect(report.items.map((i) => i.result)).toEqual(deadLettered.map(() => 'listed'));
    expect(report.deleted).toBe(0);
    expect(sqs.operations).not.toContain('DeleteMessage');
    expect(lambda.invocations).toHaveLength(0);
    expect(sqs.messages(queueUrl)).toHaveLength(deadLettered.length);
  });

  it('reprocesses each through stripe-webhook, deletes it, and the booking is confirmed', async () => {
    const lines: string[] = [];
    const report = await redrive({ log: (l) => lines.push(l) });
    expect(report.kept).toBe(0);
    expect(report.deleted).toBe(deadLettered.length);
    const succeeded = report.items.find((i) => i.eventType === 'payment_intent.succeeded');
    expect(succeeded).toMatchObject({ result: 'processed', eventId: expect.stringMatching(/^evt_/) });
    for (const item of report.items) {
      expect(item.result, `${item.eventType}`).toBe(Object.hasOwn(eventHandlers, item.eventType ?? '') ? 'processed' : 'ignored');
    }
    expect(lines.some((l) => l.startsWith('processed') && l.includes('payment_intent.succeeded'))).toBe(true);
    // every invocation was synchronous, signed, and carried the EventBridge event untouched
    expect(lambda.invocations.every((i) => i.invocationType === 'RequestResponse' && i.signed)).toBe(true);
    expect(lambda.invocations.map((i) => i.payload)).toEqual(deadLettered.map((e) => JSON.parse(JSON.stringify(e)) as unknown));
    expect(sqs.messages(queueUrl)).toEqual([]);

    expect((await bookingOf(bookingId)).status).toBe('CONFIRMED');
    expect((await ledgerOf(bookingId)).map((l) => l.type).sort()).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
  });

  it('is idempotent: a second run finds nothing, and a copy of a redriven event changes nothing', async () => {
    const again = await redrive();
    expect(again.items).toEqual([]);

    const copy = deadLettered.find((e) => e.detail.type === 'payment_intent.succeeded')!;
    await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(copy) }));
    const report = await redrive();
    expect(report.items).toEqual([expect.objectContaining({ eventId: copy.detail.id, result: 'duplicate' })]);
    expect(report.deleted).toBe(1);
    expect((await ledgerOf(bookingId)).map((l) => l.type).sort()).toEqual(['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING']);
  });

  it('keeps what still fails or is not a Stripe event, and a later run picks the failures up again', async () => {
    const event = deadLettered[0]!;
    await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'not json' }));
    await sqsClient.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ ...event, source: 'aws.partner/x.com/y' }) }),
    );
    const pending = { ...event, detail: { ...event.detail, id: 'evt_redrive_pending_1' } };
    await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(pending) }));
    // what Lambda's on-failure destination writes after stripe-webhook itself failed on an event
    const record = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId: 'r-1',
        functionArn: `arn:aws:lambda:us-east-1:000000000000:function:${WEBHOOK_FUNCTION}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: { ...event, detail: { ...event.detail, id: 'evt_redrive_pending_2' } },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'simulated DynamoDB outage' },
    };
    await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(record) }));

    outage = true;
    const failing = await redrive();
    outage = false;
    expect(failing.items.map((i) => i.result).sort()).toEqual(['failed', 'failed', 'invalid', 'invalid']);
    expect(
      failing.items
        .filter((i) => i.result === 'failed')
        .map((i) => i.eventId)
        .sort(),
    ).toEqual(['evt_redrive_pending_1', 'evt_redrive_pending_2']);
    expect(failing.items.find((i) => i.result === 'failed')?.error).toMatch(/failed/);
    expect(failing.kept).toBe(4);
    expect(sqs.messages(queueUrl)).toHaveLength(4);

    sqs.expireVisibility(queueUrl); // the visibility timeout runs out
    const later = await redrive();
    for (const id of ['evt_redrive_pending_1', 'evt_redrive_pending_2']) {
      expect(later.items.find((i) => i.eventId === id)?.result, id).toMatch(/^(processed|ignored)$/);
    }
    // the invocation record's event went to stripe-webhook as the bare EventBridge event, as EventBridge sends it
    expect(lambda.invocations.at(-1)?.payload ?? lambda.invocations.at(-2)?.payload).toMatchObject({ 'detail-type': event['detail-type'] });
    expect(lambda.invocations.some((i) => JSON.stringify(i.payload).includes('requestContext'))).toBe(false);
    expect(sqs.messages(queueUrl).map((m) => m.body)).toEqual(['not json', expect.stringContaining('aws.partner/x.com/y')]);
  });
});
