/**
 * The domain-events function: the DomainEvent table's stream hands it batches of records (AWS: an event source
 * mapping; locally: lib/local/event-stream.ts with the same event shape). Each inserted row becomes a DomainEvent and
 * is handed to every consumer in order (lib/services/event-consumers.ts).
 *
 * Partial batch response: the batch stops at the first record that fails and reports its sequence number, so the
 * records before it are done and the retry starts at it, keeping each shard's order. A record that is not a valid
 * event (wrong shape, unknown type) is logged and skipped: retrying it could never succeed.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { invalidFields, readStoredEvent } from '../data/outbox';
import type { DomainEvent } from '../domain/events';
import { consumeByAll } from '../services/event-consumers';
import type { ConsumerRuntime } from './runtime';

/** A record of a DynamoDB stream as Lambda delivers it (the parts read here). */
export interface StreamRecord {
  eventID?: string;
  eventName?: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventSource?: string;
  eventSourceARN?: string;
  awsRegion?: string;
  eventVersion?: string;
  dynamodb?: {
    ApproximateCreationDateTime?: number;
    Keys?: Record<string, AttributeValue>;
    NewImage?: Record<string, AttributeValue>;
    SequenceNumber?: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
}

export interface DynamoDBStreamEvent {
  Records: StreamRecord[];
}

/** Lambda's partial batch response (the event source mapping has ReportBatchItemFailures). */
export interface StreamBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

const recordSchema = z.object({
  eventName: z.enum(['INSERT', 'MODIFY', 'REMOVE']),
  dynamodb: z.object({
    SequenceNumber: z.string().min(1),
    NewImage: z.record(z.string(), z.unknown()).optional(),
  }),
});

type ParsedStreamRecord =
  | { kind: 'event'; sequenceNumber: string; event: DomainEvent }
  /** A change that is not an append (the outbox never updates or deletes; nothing to consume). */
  | { kind: 'not-an-insert'; sequenceNumber: string }
  | { kind: 'malformed'; sequenceNumber?: string; reason: string };

/** One stream record as the event it carries, or why it carries none. */
export function parseStreamRecord(record: unknown): ParsedStreamRecord {
  const envelope = recordSchema.safeParse(record);
  if (!envelope.success) return { kind: 'malformed', reason: `not a stream record (invalid: ${invalidFields(envelope.error)})` };
  const { eventName, dynamodb } = envelope.data;
  const sequenceNumber = dynamodb.SequenceNumber;
  if (eventName !== 'INSERT') return { kind: 'not-an-insert', sequenceNumber };
  if (!dynamodb.NewImage) return { kind: 'malformed', sequenceNumber, reason: 'an INSERT without NewImage' };
  let image: Record<string, unknown>;
  try {
    image = unmarshall(dynamodb.NewImage as Record<string, AttributeValue>);
  } catch (err) {
    return { kind: 'malformed', sequenceNumber, reason: `unreadable image: ${err instanceof Error ? err.message : String(err)}` };
  }
  const stored = readStoredEvent(image);
  if ('invalid' in stored) return { kind: 'malformed', sequenceNumber, reason: `not a DomainEvent (invalid: ${stored.invalid})` };
  return { kind: 'event', sequenceNumber, event: stored.event };
}

/**
 * Hands the batch's events to `consume` one at a time, in order, and stops at the first failure: the answer names
 * that record, so the ones before it count as done and it is delivered again (with those after it).
 */
export async function handleStreamBatch(
  records: readonly unknown[],
  consume: (event: DomainEvent) => Promise<unknown>,
  log: (line: string) => void,
): Promise<StreamBatchResponse> {
  for (const record of records) {
    const parsed = parseStreamRecord(record);
    if (parsed.kind === 'not-an-insert') continue;
    if (parsed.kind === 'malformed') {
      log(`domain-events: skipped malformed record ${parsed.sequenceNumber ?? '(no sequence number)'}: ${parsed.reason}`);
      continue;
    }
    try {
      await consume(parsed.event);
    } catch (err) {
      log(
        `domain-events: event ${parsed.event.id} (${parsed.event.type}, record ${parsed.sequenceNumber}) failed: ${err instanceof Error ? err.message : String(err)}`,
      );
      return { batchItemFailures: [{ itemIdentifier: parsed.sequenceNumber }] };
    }
  }
  return { batchItemFailures: [] };
}

export function createDomainEventsHandler(runtime: ConsumerRuntime): (event: DynamoDBStreamEvent) => Promise<StreamBatchResponse> {
  const log = runtime.log ?? ((line: string) => console.error(line));
  return async (event: DynamoDBStreamEvent) => {
    const deps = await runtime.deps();
    return handleStreamBatch(event.Records ?? [], (domainEvent) => consumeByAll(deps, domainEvent), log);
  };
}
