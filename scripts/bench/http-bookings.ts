/**
 * booking create → confirmed through the HTTP route of the production build: POST /api/booking-processor
 * CREATE_BOOKING with the session cookie (same origin, JSON), the card confirm on the emulator, CONFIRM_BOOKING through
 * the route. The server's limiter is the production one (100 payment calls per 15 minutes per user, not configurable
 * from env), so the run rotates bench customers, each making at most PAYMENT_CALLS_PER_USER payment calls.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { say } from '../bench-stats';
import type { Slot } from './bookings';
import type { RunningApp } from './next-app';
import type { BenchStack } from './stack';

/** Two payment calls per booking (CREATE_BOOKING, CONFIRM_BOOKING): 45 bookings stay under the limit of 100. */
const PAYMENT_CALLS_PER_USER = 90;

async function benchCustomer(stack: BenchStack, app: RunningApp, k: number): Promise<string> {
  const userId = `user_bench_http_${k}`;
  const email = `bench-http-${k}@marketplace.local`;
  const now = new Date().toISOString();
  await stack.deps.db.send(
    new PutCommand({
      TableName: stack.tables.UserProfile,
      Item: { id: userId, __typename: 'UserProfile', createdAt: now, updatedAt: now, owner: userId, email, displayName: `Bench ${k}`, timeZone: 'America/New_York' }, // prettier-ignore
    }),
  );
  return app.tokenFor({ userId, email }, []);
}

export async function httpBookings(
  stack: BenchStack,
  app: RunningApp,
  slots: Slot[],
  budgetMs: number,
): Promise<{ latency: number[]; users: number }> {
  say(`create → confirmed through the HTTP route (${app.url}): ${slots.length} bookings, one at a time…`);
  // The server's first requests load its modules: warm them on reads before timing.
  const warm = await benchCustomer(stack, app, 0);
  for (let i = 0; i < 5; i++) await app.post('booking-processor', { action: 'LIST_SERVICES' }, warm);
  const perUser = PAYMENT_CALLS_PER_USER / 2;
  const latency: number[] = [];
  let token = warm;
  const started = Date.now();
  for (const [i, slot] of slots.entries()) {
    if (Date.now() - started > budgetMs) {
      say(`  time budget (${budgetMs / 1000} s) spent after ${i} bookings`);
      break;
    }
    if (i > 0 && i % perUser === 0) token = await benchCustomer(stack, app, i / perUser);
    const t = performance.now();
    const created = (await app.post('booking-processor', { action: 'CREATE_BOOKING', ...slot, groupSize: 1 }, token)) as {
      bookingId: string;
      clientSecret: string;
    };
    await stack.payByCard(created.clientSecret);
    const confirmed = (await app.post('booking-processor', { action: 'CONFIRM_BOOKING', bookingId: created.bookingId }, token)) as {
      booking: { status: string };
    };
    latency.push(performance.now() - t);
    if (confirmed.booking.status !== 'CONFIRMED') throw new Error(`booking ${created.bookingId} is ${confirmed.booking.status}`);
    if ((i + 1) % 50 === 0) say(`  ${i + 1}/${slots.length}`);
  }
  return { latency, users: Math.ceil(latency.length / perUser) };
}
