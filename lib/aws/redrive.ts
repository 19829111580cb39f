/**
 * Redrive of dead-lettered Stripe events. Two producers share the SQS dead-letter queue (amplify/stripe-events.ts):
 * EventBridge, for an event it could not deliver to stripe-webhook (body: the EventBridge event), and Lambda's
 * on-failure destination, for an event stripe-webhook failed on after its async retries (body: an invocation record
 * whose `requestPayload` is the EventBridge event). This reads the
 * queue, hands each event to the processor again (in AWS: a synchronous invocation of stripe-webhook), and deletes
 * a message only once the event is processed. Idempotent: processStripeEvent dedupes on event.id, so an event
 * processed before (by the webhook path, or by an earlier redrive whose delete was lost) comes back `duplicate`
 * and is deleted without effect. Failed and malformed messages stay in the queue (and are reported).
 */
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import type { EventOutcome } from '../services/webhooks';
import { decodeStripeEnvelope, type StripeEventBridgeEnvelope } from './eventbridge';
import { invokeJson, type LambdaSender } from './lambda';

type SqsSender = Pick<SQSClient, 'send'>;

interface ProcessedEnvelope {
  eventId: string;
  outcome: EventOutcome;
}
/** Handles one envelope; throws when the event could not be processed. */
type EnvelopeProcessor = (envelope: StripeEventBridgeEnvelope) => Promise<ProcessedEnvelope>;

export interface RedriveOptions {
  sqs: SqsSender;
  queueUrl: string;
  process: EnvelopeProcessor;
  /** Stop after this many messages (default 1000). */
  maxMessages?: number;
  /** Long-poll wait per receive (default 1 s); the run ends at the first empty receive. */
  waitTimeSeconds?: number;
  /** How long a received message stays hidden (default 120 s, longer than stripe-webhook's timeout). */
  visibilityTimeoutSeconds?: number;
  /** List what would be redriven; process and delete nothing. */
  dryRun?: boolean;
  log?: (line: string) => void;
}

interface RedriveItem {
  messageId: string;
  eventId?: string;
  eventType?: string;
  result: EventOutcome | 'failed' | 'invalid' | 'listed';
  error?: string;
}

interface RedriveReport {
  items: RedriveItem[];
  /** Messages deleted from the queue (processed, duplicate or ignored). */
  deleted: number;
  /** Messages left in the queue: failed or invalid (they become visible again after the visibility timeout). */
  kept: number;
}

export async function redriveDeadLetters(options: RedriveOptions): Promise<RedriveReport> {
  const { sqs, queueUrl, process, maxMessages = 1000, waitTimeSeconds = 1, visibilityTimeoutSeconds = 120, dryRun = false } = options;
  const log = options.log ?? (() => undefined);
  const items: RedriveItem[] = [];
  const seen = new Set<string>();
  let deleted = 0;

  while (items.length < maxMessages) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, maxMessages - items.length),
        WaitTimeSeconds: waitTimeSeconds,
        VisibilityTimeout: dryRun ? 0 : visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) {
      const messageId = message.MessageId!;
      seen.add(messageId);
      const item = await redriveOne(message.Body ?? '', messageId, process, dryRun);
      if (!dryRun && item.result !== 'failed' && item.result !== 'invalid' && message.ReceiptHandle) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
        deleted++;
      }
      const why = message.MessageAttributes?.ERROR_MESSAGE?.StringValue;
      log(
        `${item.result.padEnd(9)} ${item.eventId ?? '-'} ${item.eventType ?? ''}${item.error ? ` (${item.error})` : ''}${
          why && item.result === 'listed' ? ` [dead-lettered: ${why}]` : ''
        }`,
      );
      items.push(item);
    }
  }
  return { items, deleted, kept: dryRun ? 0 : items.length - deleted };
}

/**
 * The EventBridge event inside a dead letter: the body itself (EventBridge's target DLQ), or the `requestPayload`
 * of a Lambda async invocation record (stripe-webhook's on-failure destination, after a function error).
 */
function deadLetteredEvent(body: unknown): unknown {
  if (typeof body === 'object' && body !== null && 'requestContext' in body && 'requestPayload' in body) {
    return (body as { requestPayload: unknown }).requestPayload;
  }
  return body;
}

async function redriveOne(body: string, messageId: string, process: EnvelopeProcessor, dryRun: boolean): Promise<RedriveItem> {
  let envelope: StripeEventBridgeEnvelope;
  try {
    envelope = decodeStripeEnvelope(deadLetteredEvent(JSON.parse(body) as unknown));
  } catch (err) {
    return { messageId, result: 'invalid', error: err instanceof Error ? err.message : String(err) };
  }
  const base = { messageId, eventId: envelope.detail.id, eventType: envelope.detail.type };
  if (dryRun) return { ...base, result: 'listed' };
  try {
    const { outcome } = await process(envelope);
    return { ...base, result: outcome };
  } catch (err) {
    return { ...base, result: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
}

const processedSchema = z.object({
  eventId: z.string(),
  outcome: z.enum(['processed', 'duplicate', 'ignored']),
});

/** In AWS: re-invoke stripe-webhook synchronously with the envelope, exactly as EventBridge did. */
export function lambdaEnvelopeProcessor(lambda: LambdaSender, functionName: string): EnvelopeProcessor {
  return async (envelope) => processedSchema.parse(await invokeJson(lambda, functionName, envelope));
}
