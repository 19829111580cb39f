/**
 * The booking window through booking-processor: a start no sooner than the service's minimum notice and no later than
 * its advance window (defaults 1 hour and 180 days), judged by the app's clock; outside it a 400 with the window in
 * words and in details, and nothing written.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slotHoldKeys } from '../../../lib/domain/availability';
import { repo } from '../../../lib/data/repository';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { ConnectResponses } from '../../../lib/http/stripe-connect';
import type { Clock } from '../../../lib/ports';
import { startProviderStack, type ProviderStack } from './provider-stack';

let stack: ProviderStack;
beforeAll(async () => {
  stack = await startProviderStack('window');
});
afterAll(async () => stack?.close());

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 00:00 UTC of the day after tomorrow (real time), so every pinned clock below is in the near future. */
const BASE = Math.floor(Date.now() / DAY) * DAY + 2 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();
const slotAt = (startMs: number) => ({ startDateTime: iso(startMs), endDateTime: iso(startMs + HOUR) });

/** UTC, every day 09:00–17:00, one-hour slots: a slot starts at every whole hour from 09:00 to 16:00 UTC. */
const SERVICE = {
  title: 'Window walk',
  category: 'Tours',
  description: 'An hour outside.',
  priceCents: 2_500,
  currency: 'usd',
  pricingUnit: 'PER_BOOKING',
  durationMinutes: 60,
  maxGroupSize: 4,
  cancellationPolicy: 'MODERATE',
  timeZone: 'UTC',
  weeklyAvailability: Object.fromEntries(
    ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
  ),
};

async function activeProvider(name: string) {
  const p = await stack.newProvider(name);
  const created = await stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', {}, p.token);
  await stack.submitOnboarding(created.body.onboardingUrl, 'Complete onboarding');
  await stack.emulator.flushWebhooks();
  return p;
}

async function newService(token: string, fields: object = {}) {
  const res = await stack.booking<BookingResponses['CREATE_SERVICE']>('CREATE_SERVICE', { ...SERVICE, ...fields }, token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.service;
}

async function withClock<T>(nowMs: number, fn: () => Promise<T>): Promise<T> {
  const original: Clock = stack.deps.clock;
  stack.deps.clock = { now: () => new Date(nowMs) };
  try {
    return await fn();
  } finally {
    stack.deps.clock = original;
  }
}

const book = (serviceId: string, startMs: number) =>
  stack.booking<BookingResponses['CREATE_BOOKING']>('CREATE_BOOKING', { serviceId, ...slotAt(startMs), groupSize: 1 }, stack.customerToken);

/** Every booking of the provider, and the slot holds a booking at startMs would take. */
async function written(providerId: string, startMs: number) {
  const bookings = await repo.bookingsOfProviderBetween(stack.deps, providerId, '0000', '9999-99');
  const holds = await Promise.all(
    slotHoldKeys(providerId, new Date(startMs), new Date(startMs + HOUR)).map(
      async (id) =>
        (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.SlotHold, Key: { id }, ConsistentRead: true }))).Item,
    ),
  );
  return { bookings: bookings.length, holds: holds.filter(Boolean).length };
}

/** A refused CREATE_BOOKING, sent twice: 400 with the window both times, and nothing of it stored. */
async function expectRefused(providerId: string, serviceId: string, startMs: number, reason: 'TOO_SOON' | 'TOO_FAR', words: RegExp) {
  const before = await written(providerId, startMs);
  const answers = [await book(serviceId, startMs), await book(serviceId, startMs)];
  for (const res of answers) {
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: { reason, startDateTime: iso(startMs) } });
    expect((res.body as unknown as { error: string }).error).toMatch(words);
  }
  expect(answers[1]!.body).toEqual(answers[0]!.body);
  expect(await written(providerId, startMs)).toEqual({ bookings: before.bookings, holds: 0 });
  return answers[0]!.body as unknown as { details: Record<string, unknown> };
}

describe('CREATE_BOOKING inside and outside the default window (1 hour to 180 days)', () => {
  it('the minimum notice: exactly 1 hour ahead is booked, a millisecond less is refused with the window', async () => {
    const p = await activeProvider('notice');
    const service = await newService(p.token);
    expect(service).toMatchObject({ maxAdvanceDays: 180, minNoticeMinutes: 60 });
    const nine = BASE + 9 * HOUR;

    const refused = await withClock(nine - HOUR + 1, () =>
      expectRefused(
        p.userId,
        service.id,
        nine,
        'TOO_SOON',
        /^That time is too soon\. This service takes bookings from 1 hour to 180 days ahead\.$/,
      ),
    );
    expect(refused.details).toEqual({
      startDateTime: iso(nine),
      reason: 'TOO_SOON',
      earliestStart: iso(nine + 1),
      latestStart: iso(nine - HOUR + 1 + 180 * DAY),
      maxAdvanceDays: 180,
      minNoticeMinutes: 60,
    });

    const ok = await withClock(nine - HOUR, () => book(service.id, nine));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.booking).toMatchObject({ status: 'PENDING_PAYMENT', dateTime: { start: iso(nine) } });
    // One hold per quarter hour of the slot.
    expect(await written(p.userId, nine)).toEqual({ bookings: 1, holds: 4 });
  });

  it('the advance window: exactly 180 days ahead is booked; a day later, and the year 9999, are refused', async () => {
    const p = await activeProvider('advance');
    const service = await newService(p.token);
    const now = BASE + 9 * HOUR;

    const far = await withClock(now, () =>
      expectRefused(
        p.userId,
        service.id,
        now + 181 * DAY,
        'TOO_FAR',
        /^That time is too far ahead\. This service takes bookings from 1 hour/,
      ),
    );
    expect(far.details).toMatchObject({ earliestStart: iso(now + HOUR), latestStart: iso(now + 180 * DAY) });
    const year9999 = Date.parse('9999-06-01T09:00:00.000Z');
    await withClock(now, () => expectRefused(p.userId, service.id, year9999, 'TOO_FAR', /too far ahead/));

    const ok = await withClock(now, () => book(service.id, now + 180 * DAY));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('a demo service stored without a window takes the defaults', async () => {
    const stored = await stack.service('svc_demo_portrait');
    expect(stored).not.toHaveProperty('maxAdvanceDays');
    const view = await stack.booking<BookingResponses['GET_SERVICE']>('GET_SERVICE', { serviceId: 'svc_demo_portrait' });
    expect(view.body.service).toMatchObject({ maxAdvanceDays: 180, minNoticeMinutes: 60 });
    const res = await stack.booking(
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_portrait', startDateTime: '9999-06-01T14:00:00.000Z', endDateTime: '9999-06-01T15:00:00.000Z', groupSize: 1 },
      stack.customerToken,
    );
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { reason: 'TOO_FAR', maxAdvanceDays: 180 } } });
  });
});

describe('a service’s own window overrides the default', () => {
  it('7 days ahead and a day’s notice: what the default allows is refused, what its own window allows is booked', async () => {
    const p = await activeProvider('own-window');
    const service = await newService(p.token, { maxAdvanceDays: 7, minNoticeMinutes: 1_440 });
    expect(service).toMatchObject({ maxAdvanceDays: 7, minNoticeMinutes: 1_440 });
    expect(await stack.service(service.id)).toMatchObject({ maxAdvanceDays: 7, minNoticeMinutes: 1_440 });
    const now = BASE + 9 * HOUR;
    const words = /This service takes bookings from 1 day to 7 days ahead\.$/;
    await withClock(now, async () => {
      await expectRefused(p.userId, service.id, now + 3 * HOUR, 'TOO_SOON', words);
      await expectRefused(p.userId, service.id, now + 8 * DAY, 'TOO_FAR', words);
      expect((await book(service.id, now + 2 * DAY)).status).toBe(200);
      // Its dates: a date beyond 7 days is refused, the first week is offered without the first day's too-soon slots.
      const tooFar = await stack.booking('CHECK_AVAILABILITY', {
        serviceId: service.id,
        from: iso(now + 10 * DAY).slice(0, 10),
        to: iso(now + 12 * DAY).slice(0, 10),
      });
      expect(tooFar).toMatchObject({
        status: 400,
        body: { code: 'VALIDATION_FAILED', details: { reason: 'TOO_FAR', lastDate: iso(now + 7 * DAY).slice(0, 10), maxAdvanceDays: 7 } },
      });
      const week = await stack.booking<BookingResponses['CHECK_AVAILABILITY']>('CHECK_AVAILABILITY', {
        serviceId: service.id,
        from: iso(now).slice(0, 10),
        to: iso(now + 9 * DAY).slice(0, 10),
      });
      expect(week.status).toBe(200);
      const starts = week.body.slots.map((s) => Date.parse(s.startDateTime));
      expect(Math.min(...starts)).toBe(now + DAY);
      expect(Math.max(...starts)).toBe(now + 7 * DAY);
      expect(starts).not.toContain(now + 2 * DAY); // booked above
    });
  });

  it('UPDATE_SERVICE with maxAdvanceDays 400 → 400 naming the field, the service unchanged (also when sent again)', async () => {
    const p = await stack.newProvider('update-window');
    const service = await newService(p.token);
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await stack.booking('UPDATE_SERVICE', { serviceId: service.id, maxAdvanceDays: 400 }, p.token);
      expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
      expect((res.body.details as { fields: Record<string, string> }).fields.maxAdvanceDays).toBe(
        'Bookings can open from 1 to 365 days ahead (a whole number of days).',
      );
    }
    expect(await stack.service(service.id)).toMatchObject({ maxAdvanceDays: 180, updatedAt: service.updatedAt });
    const ok = await stack.booking<BookingResponses['UPDATE_SERVICE']>(
      'UPDATE_SERVICE',
      { serviceId: service.id, maxAdvanceDays: 365, minNoticeMinutes: 0 },
      p.token,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.service).toMatchObject({ maxAdvanceDays: 365, minNoticeMinutes: 0 });
  });

  it.each<[string, object, string]>([
    ['0 days', { maxAdvanceDays: 0 }, 'maxAdvanceDays'],
    ['notice of 31 days', { minNoticeMinutes: 31 * 1_440 }, 'minNoticeMinutes'],
    ['a notice longer than the window', { maxAdvanceDays: 2, minNoticeMinutes: 3 * 1_440 }, 'minNoticeMinutes'],
    ['a number as text', { maxAdvanceDays: '30' }, 'maxAdvanceDays'],
  ])('CREATE_SERVICE with %s → 400, nothing written', async (_label, fields, path) => {
    const p = await stack.newProvider('bad-window');
    const res = await stack.booking('CREATE_SERVICE', { ...SERVICE, ...fields }, p.token);
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const details = res.body.details as { fields?: Record<string, string>; issues: { path: string }[] };
    expect(details.issues.map((i) => i.path)).toContain(path);
    const mine = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, p.token);
    expect(mine.body.services).toEqual([]);
  });
});

describe('CHECK_AVAILABILITY and the window', () => {
  it('dates entirely outside (the year 9999, the past) → 400 with the window; asked twice, the same', async () => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const far = await stack.booking('CHECK_AVAILABILITY', { serviceId: 'svc_demo_portrait', from: '9999-01-04', to: '9999-01-05' });
      expect(far).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { reason: 'TOO_FAR', maxAdvanceDays: 180 } } });
      expect(far.body.error).toBe('Those dates cannot be booked. This service takes bookings from 1 hour to 180 days ahead.');
      const past = await stack.booking('CHECK_AVAILABILITY', { serviceId: 'svc_demo_portrait', from: '2020-01-06', to: '2020-01-07' });
      expect(past).toMatchObject({ status: 400, body: { details: { reason: 'TOO_SOON' } } });
    }
  });
});
