/**
 * CHECK_AVAILABILITY on a busy provider: the demo provider is given `count` more bookings (batch-written, 16 batches at
 * a time, time-bounded), spread over the last two years and the next quarter, so a 90-day look ahead meets hundreds of
 * them. A request covers at most 31 days, so 90 days are three 30-day requests (what a customer paging through a
 * quarter makes); the row gives each request's p50/p99 and the three together.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_USERS } from '../../lib/local/seed';
import { pct, say } from '../bench-stats';
import type { BenchStack } from './stack';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function writeProviderBookings(stack: BenchStack, count: number, budgetMs: number): Promise<number> {
  const started = Date.now();
  const span = 820 * DAY;
  const first = Math.floor((Date.now() - 730 * DAY) / HOUR) * HOUR;
  let batchNo = 0;
  let written = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      for (;;) {
        const b = batchNo++;
        if (b * 25 >= count || Date.now() - started > budgetMs) return;
        const now = new Date().toISOString();
        const items = Array.from({ length: Math.min(25, count - b * 25) }, (_, k) => {
          const i = b * 25 + k;
          const start = Math.floor((first + (i * span) / count) / HOUR) * HOUR;
          const past = start < Date.now();
          return {
            PutRequest: {
              Item: {
                id: `bk_busy_${i}`,
                __typename: 'Booking',
                createdAt: now,
                updatedAt: now,
                providerId: DEMO_USERS[1].userId,
                customerId: `user_busy_customer_${i % 700}`,
                serviceId: 'svc_demo_portrait',
                status: past ? 'COMPLETED' : 'CONFIRMED',
                startDateTime: new Date(start).toISOString(),
                endDateTime: new Date(start + HOUR).toISOString(),
                holdExpiresAt: now,
                totalAmountCents: 12_000,
                platformFeeCents: 960,
                providerEarningsCents: 11_040,
                currency: 'usd',
              },
            },
          };
        });
        let request: Record<string, unknown[]> | undefined = { [stack.tables.Booking]: items };
        while (request && Object.keys(request).length > 0) {
          const out = await stack.deps.db.send(new BatchWriteCommand({ RequestItems: request as never }));
          request = out.UnprocessedItems as Record<string, unknown[]> | undefined;
        }
        written += items.length;
      }
    }),
  );
  return written;
}

export interface AvailabilityResult {
  written: number;
  perRequest: number[];
  perQuarter: number[];
  inWindow: number;
}

export async function availabilityOfBusyProvider(
  stack: BenchStack,
  count: number,
  sweeps: number,
  budgetMs: number,
): Promise<AvailabilityResult> {
  say(`availability: writing ${count} bookings for the demo provider (budget ${budgetMs / 1000} s)…`);
  const written = await writeProviderBookings(stack, count, budgetMs);
  const inWindow = Math.round((written * 90) / 820);
  say(`  wrote ${written} (about ${inWindow} in the next 90 days); ${sweeps} × 90 days of CHECK_AVAILABILITY…`);
  const perRequest: number[] = [];
  const perQuarter: number[] = [];
  for (let s = 0; s < sweeps; s++) {
    const t0 = performance.now();
    for (let part = 0; part < 3; part++) {
      const from = new Date(Date.now() + part * 30 * DAY).toISOString().slice(0, 10);
      const to = new Date(Date.now() + (part * 30 + 29) * DAY).toISOString().slice(0, 10);
      const t = performance.now();
      await stack.call(stack.booking, 'CHECK_AVAILABILITY', { serviceId: 'svc_demo_portrait', from, to });
      perRequest.push(performance.now() - t);
    }
    perQuarter.push(performance.now() - t0);
  }
  say(`  per 30-day request p50 ${pct(perRequest, 50).toFixed(1)} ms, p99 ${pct(perRequest, 99).toFixed(1)} ms`);
  return { written, perRequest, perQuarter, inWindow };
}
