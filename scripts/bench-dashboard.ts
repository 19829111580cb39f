/**
 * The bench's dashboard row: ADMIN_METRICS (14 days) with the ledger empty, then with up to `lines` ledger lines written
 * in bulk over those days (BatchWrite × 25, 16 at a time, time-bounded), and their rollups (one increment per day and
 * type, as the rollups consumer would have left them). The dashboard reads the rollups, so its cost should not move.
 */
import { BatchWriteCommand, TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PLATFORM_SCOPE, rollupIncrementItem } from '../lib/data/rollups';
import type { TableNames } from '../lib/data/tables';
import { addInto, emptyRollup, lineDelta, type RollupCounts } from '../lib/domain/rollups';

const TYPES = ['CHARGE', 'PLATFORM_FEE', 'PROVIDER_EARNING', 'REFUND', 'FEE_REFUND'] as const;
const AMOUNT = { CHARGE: 12_000, PLATFORM_FEE: 960, PROVIDER_EARNING: 11_040, REFUND: 1_000, FEE_REFUND: 80 } as const;

interface Options {
  lines: number;
  budgetMs: number;
  days: number;
  say: (line: string) => void;
}

/** Writes up to `lines` ledger lines spread over the last `days` days, and the rollups they add up to; answers how many. */
export async function writeLedgerVolume(db: DynamoDBDocumentClient, tables: TableNames, { lines, budgetMs, days, say }: Options) {
  const started = Date.now();
  const totalBatches = Math.ceil(lines / 25);
  const perDay = new Map<string, RollupCounts>();
  let batchNo = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const b = batchNo++;
        if (b >= totalBatches || Date.now() - started > budgetMs) return;
        const items = Array.from({ length: Math.min(25, lines - b * 25) }, (_, k) => {
          const i = b * 25 + k;
          const type = TYPES[i % TYPES.length]!;
          const createdAt = new Date(Date.now() - (i % days) * 86_400_000 - (i % 997) * 1000).toISOString();
          const day = createdAt.slice(0, 10);
          addInto(perDay.get(day) ?? perDay.set(day, emptyRollup()).get(day)!, lineDelta(type, AMOUNT[type]));
          const item = {
            id: `tx_bench_${i}`,
            __typename: 'Transaction',
            bookingId: `bk_bench_${Math.floor(i / TYPES.length)}`,
            type,
            typeDay: `${type}#${day}`,
            amountCents: AMOUNT[type],
            currency: 'usd',
            description: 'bench volume',
            createdAt,
            updatedAt: createdAt,
          };
          return { PutRequest: { Item: item } };
        });
        let request: Record<string, unknown[]> | undefined = { [tables.Transaction]: items };
        while (request && Object.keys(request).length > 0) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: request as never }));
          request = out.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
        written += items.length;
        if (written % 50_000 < 25) say(`  ${written}/${lines} (${Math.round(written / ((Date.now() - started) / 1000))}/s)`);
      }
    }),
  );
  const now = new Date();
  for (const [day, counts] of perDay) {
    const item = rollupIncrementItem({ tables }, { scope: PLATFORM_SCOPE, day, currency: 'usd', shard: 0 }, counts, now);
    if (item) await db.send(new TransactWriteCommand({ TransactItems: [item] }));
  }
  return written;
}

/** Times `count` calls one after the other (ms each), and reports them. */
export async function timeCalls(count: number, fn: () => Promise<unknown>, report: (times: number[]) => void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  report(times);
  return times;
}
