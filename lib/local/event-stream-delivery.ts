/**
 * Handing one shard's records to the domain-events handler as Lambda's event source mapping does: in the shape of a
 * DynamoDBStreamEvent, honouring a partial batch response (the records before the failed one are done, the rest is
 * retried with doubling delays), and after the last attempt the rest goes to the dead-letter list and the log.
 */
import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent, StreamBatchResponse, StreamRecord } from '../functions/domain-events';

export interface DeadLetter {
  shardId: string;
  /** The records not handled, from the failed one on (what Lambda's on-failure record points at). */
  records: StreamRecord[];
  error: string;
  at: string;
}

export interface BatchDelivery {
  handler: (event: DynamoDBStreamEvent) => Promise<StreamBatchResponse>;
  /** Deliveries of a batch before it is dead-lettered. */
  maxAttempts: number;
  /** The first retry's delay, doubled each time. */
  retryDelayMs: number;
  log: (line: string) => void;
  /** Also log each handled batch; failures, retries and dead letters are always logged. */
  progress: boolean;
  /** Where batches given up on go. */
  deadLetters: DeadLetter[];
}

/** Delivers `records` read from the shard `shardId` of the stream `streamArn` until they are handled or dead-lettered. */
export async function deliverBatch(delivery: BatchDelivery, streamArn: string, shardId: string, records: _Record[]): Promise<void> {
  const { handler, maxAttempts, retryDelayMs, log } = delivery;
  const started = Date.now();
  let pending = records.map((record) => lambdaRecord(streamArn, record));
  for (let attempt = 1; ; attempt++) {
    let error: string;
    try {
      const response = await handler({ Records: pending });
      const failed = response.batchItemFailures[0]?.itemIdentifier;
      if (failed === undefined) {
        if (delivery.progress) log(`${describeBatch(records)} handled in ${Date.now() - started} ms`);
        return;
      }
      // the records before the failed one are done; an identifier not in the batch fails it whole (as in Lambda)
      const at = pending.findIndex((record) => record.dynamodb?.SequenceNumber === failed);
      if (at > 0) pending = pending.slice(at);
      error = `record ${failed} failed`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (attempt >= maxAttempts) {
      delivery.deadLetters.push({ shardId, records: pending, error, at: new Date().toISOString() });
      log(`dead-lettered ${pending.length} record(s) from ${pending[0]?.dynamodb?.SequenceNumber} after ${attempt} attempts: ${error}`);
      return;
    }
    log(`batch failed (attempt ${attempt} of ${maxAttempts}: ${error}); retrying ${pending.length} record(s)`);
    await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
  }
}

/** `3 event(s): BookingRequested, LedgerLineWritten ×2` */
function describeBatch(records: _Record[]): string {
  const types = new Map<string, number>();
  for (const record of records) {
    const type = record.dynamodb?.NewImage?.type?.S ?? record.eventName ?? 'record';
    types.set(type, (types.get(type) ?? 0) + 1);
  }
  return `${records.length} event(s): ${[...types].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type)).join(', ')}`;
}

/** A record as Lambda hands it over (the SDK reads the creation time as a Date; Lambda sends epoch seconds). */
function lambdaRecord(streamArn: string, record: _Record): StreamRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as StreamRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  };
}
