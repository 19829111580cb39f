/**
 * The DomainEvent table's stream on DynamoDB Local, fed to the same domain-events handler Lambda runs: what the event
 * source mapping does in AWS (amplify/domain-events.ts), small. Shards are read parents first, each from TRIM_HORIZON,
 * in batches shaped like Lambda's DynamoDBStreamEvent, delivered as Lambda does (event-stream-delivery.ts: partial batch
 * responses, retries with backoff, then the dead-letter list) before the shard moves on. Receipts make the
 * re-deliveries harmless.
 *
 * Started by `npm run dev`, the integration test stacks and the e2e stack. Polls once a second when idle;
 * `drained()` wakes it and resolves once everything written before the call has been handled.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import { createDomainEventsHandler, type DynamoDBStreamEvent, type StreamBatchResponse } from '../functions/domain-events';
import type { ConsumerDeps } from '../services/event-consumers';
import { LOCAL_AWS_CREDENTIALS, LOCAL_AWS_REGION } from './dynamo-clients';
import { deliverBatch, type BatchDelivery, type DeadLetter } from './event-stream-delivery';

/** The pause before taking a fresh iterator for a shard whose iterator was lost. */
const LOST_ITERATOR_PAUSE_MS = 50;

const isIteratorLost = (err: unknown) =>
  err instanceof Error && (err.name === 'ExpiredIteratorException' || err.name === 'TrimmedDataAccessException');

interface EventStreamOptions {
  /** DynamoDB Local's endpoint. */
  endpoint: string;
  /** The DomainEvent table whose stream is read. */
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<StreamBatchResponse>;
  /** Records per batch (AWS: 100). */
  batchSize?: number;
  /** The pause after a round that found nothing (default 1 s). */
  idlePollMs?: number;
  /** Deliveries of a batch before it is dead-lettered (default 3: the first and two retries). */
  maxAttempts?: number;
  /** The first retry's delay, doubled each time (default 100 ms). */
  retryDelayMs?: number;
  log?: (line: string) => void;
  /** Also log each handled batch (default true); failures, retries and dead letters are always logged. */
  progress?: boolean;
}

export interface EventStream {
  /** Resolves once a round that started after the call found nothing new: every earlier write has been handled. */
  drained(timeoutMs?: number): Promise<void>;
  /** Batches given up on, oldest first. */
  readonly deadLetters: readonly DeadLetter[];
  /** Finishes the current round, then stops. */
  stop(): Promise<void>;
}

interface ShardState {
  shard: Shard;
  iterator?: string;
  /** The last sequence number done: where a fresh iterator starts after an expired one. */
  checkpoint?: string;
  finished: boolean;
}

export function startEventStream(options: EventStreamOptions): EventStream {
  const log = options.log ?? ((line: string) => console.log(`[events] ${line}`));
  const batchSize = options.batchSize ?? 100;
  const idlePollMs = options.idlePollMs ?? 1_000;
  const client = { region: LOCAL_AWS_REGION, credentials: LOCAL_AWS_CREDENTIALS, endpoint: options.endpoint };
  const streams = new DynamoDBStreamsClient(client);
  const tables = new DynamoDBClient(client);

  const shards = new Map<string, ShardState>();
  const deadLetters: DeadLetter[] = [];
  const delivery: BatchDelivery = {
    handler: options.handler,
    maxAttempts: options.maxAttempts ?? 3,
    retryDelayMs: options.retryDelayMs ?? 100,
    log,
    progress: options.progress !== false,
    deadLetters,
  };
  let stopped = false;
  let roundsStarted = 0;
  let waiters: { afterRound: number; resolve: () => void; reject: (err: Error) => void }[] = [];
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref(); // a reader left running never keeps a process alive
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  async function streamArn(): Promise<string> {
    const table = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
    const arn = table.Table?.LatestStreamArn;
    if (!arn) throw new Error(`table ${options.tableName} has no stream (create it from lib/data/tables.ts)`);
    return arn;
  }

  async function refreshShards(arn: string): Promise<void> {
    let start: string | undefined;
    do {
      const out = await streams.send(new DescribeStreamCommand({ StreamArn: arn, ...(start ? { ExclusiveStartShardId: start } : {}) }));
      for (const shard of out.StreamDescription?.Shards ?? []) {
        const known = shards.get(shard.ShardId!);
        if (known)
          known.shard = shard; // a shard's range gains its end when it closes
        else shards.set(shard.ShardId!, { shard, finished: false });
      }
      start = out.StreamDescription?.LastEvaluatedShardId;
    } while (start);
  }

  /** Shards to read now: unfinished, whose parent is finished or gone (trimmed), so a key's order holds across a split. */
  function readyShards(): ShardState[] {
    return [...shards.values()].filter((s) => {
      if (s.finished) return false;
      const parent = s.shard.ParentShardId ? shards.get(s.shard.ParentShardId) : undefined;
      return !parent || parent.finished;
    });
  }

  /** From the checkpoint, or the oldest record when there is none (or it is gone). */
  async function iteratorOf(arn: string, state: ShardState): Promise<string | undefined> {
    const at = (position: { ShardIteratorType: 'TRIM_HORIZON' } | { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER'; SequenceNumber: string }) =>
      streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: state.shard.ShardId!, ...position }));
    if (!state.checkpoint) return (await at({ ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    try {
      return (await at({ ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.checkpoint })).ShardIterator;
    } catch (err) {
      if (!isIteratorLost(err)) throw err;
      return (await at({ ShardIteratorType: 'TRIM_HORIZON' })).ShardIterator;
    }
  }

  /**
   * One read of one shard: how many records were handled, or undefined when the iterator was lost (expired, or
   * pointing before the oldest record: DynamoDB Local answers that for an iterator taken while the shard was empty).
   * A fresh one is taken next time; a round with such a read is not idle.
   */
  async function pollShard(arn: string, state: ShardState): Promise<number | undefined> {
    state.iterator ??= await iteratorOf(arn, state);
    if (!state.iterator) {
      state.finished = true;
      return 0;
    }
    let out;
    try {
      out = await streams.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: batchSize }));
    } catch (err) {
      if (!isIteratorLost(err)) throw err;
      state.iterator = undefined;
      return undefined;
    }
    const records = out.Records ?? [];
    if (records.length > 0) {
      await deliverBatch(delivery, arn, state.shard.ShardId!, records);
      state.checkpoint = records[records.length - 1]?.dynamodb?.SequenceNumber;
    }
    state.iterator = out.NextShardIterator;
    if (!state.iterator) state.finished = true; // a closed shard read to its end
    return records.length;
  }

  async function run(): Promise<void> {
    let arn: string | undefined;
    while (!stopped) {
      const round = ++roundsStarted;
      let handled = 0;
      let iteratorsLost = false;
      try {
        arn ??= await streamArn();
        await refreshShards(arn);
        for (const state of readyShards()) {
          if (stopped) break;
          const n = await pollShard(arn, state);
          if (n === undefined) iteratorsLost = true;
          else handled += n;
        }
      } catch (err) {
        if (stopped) break;
        log(`reading the stream failed: ${err instanceof Error ? err.message : String(err)}`);
        await pause(idlePollMs);
        continue;
      }
      if (handled > 0) continue;
      if (iteratorsLost) {
        // not idle (a shard was not read), but nothing to do until a fresh iterator is taken
        await pause(LOST_ITERATOR_PAUSE_MS);
        continue;
      }
      const ready = waiters.filter((w) => w.afterRound < round);
      waiters = waiters.filter((w) => w.afterRound >= round);
      for (const w of ready) w.resolve();
      // someone waiting for a round that started after their call: start it now
      if (waiters.length === 0) await pause(idlePollMs);
    }
  }

  const running = run();

  return {
    drained(timeoutMs = 30_000) {
      if (stopped) return Promise.reject(new Error('the event stream is stopped'));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`the event stream was not drained within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = {
          afterRound: roundsStarted,
          resolve: () => (clearTimeout(timer), resolve()),
          reject: (err: Error) => (clearTimeout(timer), reject(err)),
        };
        waiters.push(waiter);
        wake?.();
      });
    },
    get deadLetters() {
      return deadLetters;
    },
    async stop() {
      if (stopped) return running;
      stopped = true;
      wake?.();
      for (const w of waiters.splice(0)) w.reject(new Error('the event stream stopped'));
      await running;
      streams.destroy();
      tables.destroy();
    },
  };
}

/** The production consumers over `deps`, reading the stream of `deps.tables.DomainEvent`. */
export function startLocalEventStream(deps: ConsumerDeps, options: Omit<EventStreamOptions, 'tableName' | 'handler'>): EventStream {
  const log = options.log ?? ((line: string) => console.log(`[events] ${line}`));
  return startEventStream({
    ...options,
    log,
    tableName: deps.tables.DomainEvent,
    handler: createDomainEventsHandler({ deps: async () => deps, log }),
  });
}
