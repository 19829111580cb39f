/**
 * The provider's payout schedule: SET_PAYOUT_SCHEDULE / GET_PAYOUT_SCHEDULE (provider only, validated, always the
 * caller's own profile), and the scheduled run honouring WEEKLY (Mondays, UTC) and MANUAL (never).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserProfileRecord } from '../../../lib/data/records';
import { repo } from '../../../lib/data/repository';
import type { PayoutScheduleView } from '../../../lib/http/payout-manager';
import { paidBooking, PORTRAIT, PROVIDER, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;
let runs = 0;

beforeAll(async () => {
  stack = await startLifecycleStack('payout-schedule');
});
afterAll(async () => stack?.close());

const profile = async () => (await repo.userProfile(stack.deps, PROVIDER.userId)) as UserProfileRecord;
const setSchedule = (payoutSchedule: unknown, token = stack.providerToken) =>
  stack.payouts<PayoutScheduleView>('SET_PAYOUT_SCHEDULE', { payoutSchedule }, token);

/** The scheduled run as EventBridge Scheduler sends it, with the app's clock at `at`. */
async function scheduledRunAt(at: Date) {
  stack.setClockOffset(at.getTime() - Date.now());
  runs++;
  const event = {
    version: '0',
    id: `schedule-${runs}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    time: at.toISOString(),
    resources: [],
    detail: {},
  };
  const res = await stack.payoutManager(event as never);
  expect(res.statusCode).toBe(200);
  await stack.emulator.flushWebhooks();
}
const providerPayouts = async () =>
  (await stack.deps.stripe.payouts.list({ limit: 100 }, { stripeAccount: stack.seed.providerAccountId })).data;

/** Noon UTC of the first `weekday` (0 = Sunday) after `from`. */
function nextWeekdayNoon(from: Date, weekday: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1, 12));
  while (d.getUTCDay() !== weekday) d.setUTCDate(d.getUTCDate() + 1);
  return d;
}

describe('SET_PAYOUT_SCHEDULE', () => {
  it('the provider sets their own schedule and learns the next automatic payout and the minimum', async () => {
    expect((await stack.payouts<PayoutScheduleView>('GET_PAYOUT_SCHEDULE', {}, stack.providerToken)).body).toMatchObject({
      payoutSchedule: 'DAILY',
    });

    const weekly = await setSchedule('WEEKLY');
    expect(weekly.status).toBe(200);
    expect(weekly.body).toMatchObject({ payoutSchedule: 'WEEKLY', minimumPayoutCents: 1_000, currency: 'usd' });
    const next = new Date(weekly.body.nextAutomaticPayoutAt!);
    expect(next.getUTCDay()).toBe(1);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);
    expect((await profile()).payoutSchedule).toBe('WEEKLY');
    expect((await stack.payouts<PayoutScheduleView>('GET_PAYOUT_SCHEDULE', {}, stack.providerToken)).body).toEqual(weekly.body);

    const manual = await setSchedule('MANUAL');
    expect(manual.body).toEqual({ payoutSchedule: 'MANUAL', minimumPayoutCents: 1_000, currency: 'usd' });
    expect((await profile()).payoutSchedule).toBe('MANUAL');
  });

  it('refuses customers (403), bad values (400 with details) and another provider id in the body', async () => {
    const before = await profile();
    expect(await setSchedule('DAILY', stack.customerToken)).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN', error: expect.any(String) },
    });
    expect((await setSchedule('DAILY', '')).status).toBe(401);

    const bad = await setSchedule('HOURLY');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      error: expect.any(String),
      details: { issues: [expect.objectContaining({ path: 'payoutSchedule' })] },
    });
    expect((await setSchedule(undefined)).status).toBe(400);

    // The identity comes from the token: a providerId in the body naming someone else is refused.
    const other = await stack.payouts(
      'SET_PAYOUT_SCHEDULE',
      { payoutSchedule: 'DAILY', providerId: 'user_someone_else' },
      stack.providerToken,
    );
    expect(other).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect(await profile()).toEqual(before);
  });
});

describe('the scheduled run honours the schedule', () => {
  it('WEEKLY pays out on Monday only; MANUAL never', async () => {
    const booking = await paidBooking(stack, PORTRAIT, 0);
    // Days after the booking ended (so it is completed and transferred by the run), on a Tuesday, then a Monday.
    const after = new Date(Date.parse(booking.slot.endDateTime) + 3 * 3_600_000);
    const tuesday = nextWeekdayNoon(after, 2);
    const monday = nextWeekdayNoon(tuesday, 1);
    try {
      expect((await setSchedule('WEEKLY')).status).toBe(200);
      await scheduledRunAt(tuesday); // completes and transfers; the charge's funds are still pending
      expect((await stack.storedBooking(booking.bookingId)).status).toBe('PAID_OUT');
      await stack.emulator.advanceClock(2 * 86_400 + 60); // funds available on the connected account

      await scheduledRunAt(tuesday);
      expect(await providerPayouts()).toEqual([]);

      expect((await setSchedule('MANUAL')).status).toBe(200);
      await scheduledRunAt(monday);
      expect(await providerPayouts()).toEqual([]);

      expect((await setSchedule('WEEKLY')).status).toBe(200);
      await scheduledRunAt(monday);
      const payouts = await providerPayouts();
      expect(payouts).toHaveLength(1);
      expect(payouts[0]).toMatchObject({ amount: 11_040, method: 'standard' });
    } finally {
      stack.setClockOffset(0);
    }
  });
});
