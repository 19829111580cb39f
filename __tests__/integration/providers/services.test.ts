import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeSlots } from '../../../lib/domain/availability';
import { bookingWindowOf } from '../../../lib/domain/booking-window';
import type { ServiceRecord } from '../../../lib/data/records';
import type { BookingResponses, ProviderServiceView } from '../../../lib/http/booking-processor';
import type { ConnectResponses } from '../../../lib/http/stripe-connect';
import type { AvailabilityAnswer } from '../../../lib/services/catalog';
import type { Clock } from '../../../lib/ports';
import { startProviderStack, type ProviderStack } from './provider-stack';

let stack: ProviderStack;

beforeAll(async () => {
  stack = await startProviderStack('services');
});
afterAll(async () => stack?.close());

const VALID = {
  title: 'Guided city walk',
  category: 'Tours',
  description: 'Two hours through the old town.',
  priceCents: 2_500,
  currency: 'eur',
  pricingUnit: 'PER_PERSON',
  durationMinutes: 60,
  maxGroupSize: 8,
  cancellationPolicy: 'MODERATE',
  timeZone: 'Europe/Berlin',
  weeklyAvailability: {
    MON: [{ start: '09:00', end: '12:00' }],
    SUN: [
      { start: '01:00', end: '05:00' },
      { start: '09:00', end: '12:00' },
    ],
  },
  blockedDates: ['2026-12-24'],
};

/** A provider whose Stripe onboarding is complete (ACTIVE). */
async function activeProvider(name: string) {
  const p = await stack.newProvider(name);
  const created = await stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', {}, p.token);
  await stack.submitOnboarding(created.body.onboardingUrl, 'Complete onboarding');
  await stack.emulator.flushWebhooks();
  expect((await stack.profile(p.userId))?.stripeAccountStatus).toBe('ACTIVE');
  return p;
}

async function createService(token: string, fields: object = {}) {
  return stack.booking<BookingResponses['CREATE_SERVICE']>('CREATE_SERVICE', { ...VALID, ...fields }, token);
}

const listedIds = async () => (await stack.booking<BookingResponses['LIST_SERVICES']>('LIST_SERVICES', {})).body.services.map((s) => s.id);

describe('service management', () => {
  it('an ACTIVE provider creates, lists, edits and deactivates a service; the public listing follows', async () => {
    const p = await activeProvider('crud');
    const created = await createService(p.token);
    expect(created.status).toBe(200);
    const service = created.body.service;
    expect(service).toMatchObject({ ...VALID, providerId: p.userId, isActive: true, listed: true });
    expect(await listedIds()).toContain(service.id);
    const stored = await stack.service(service.id);
    expect(stored).toMatchObject({ owner: p.userId, __typename: 'Service', listingStatus: 'LISTED' });

    const mine = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, p.token);
    expect(mine.body.services.map((s) => s.id)).toEqual([service.id]);

    const updated = await stack.booking<BookingResponses['UPDATE_SERVICE']>(
      'UPDATE_SERVICE',
      {
        serviceId: service.id,
        priceCents: 3_000,
        title: '  Guided old-town walk  ',
        weeklyAvailability: {
          TUE: [
            { start: '14:00', end: '16:00' },
            { start: '10:00', end: '12:00' },
          ],
        },
      },
      p.token,
    );
    expect(updated.status).toBe(200);
    expect(updated.body.service).toMatchObject({
      priceCents: 3_000,
      title: 'Guided old-town walk',
      category: 'Tours',
      weeklyAvailability: {
        TUE: [
          { start: '10:00', end: '12:00' },
          { start: '14:00', end: '16:00' },
        ],
      },
      listed: true,
    });
    const publicView = await stack.booking<BookingResponses['GET_SERVICE']>('GET_SERVICE', { serviceId: service.id });
    expect(publicView.body.service.priceCents).toBe(3_000);

    const deactivated = await stack.booking<BookingResponses['DEACTIVATE_SERVICE']>(
      'DEACTIVATE_SERVICE',
      { serviceId: service.id },
      p.token,
    );
    expect(deactivated.body.service).toMatchObject({ isActive: false, listed: false });
    expect((await stack.service(service.id))?.listingStatus).toBeUndefined();
    expect(await listedIds()).not.toContain(service.id);
    expect((await stack.booking('GET_SERVICE', { serviceId: service.id })).status).toBe(404);
    // Still the provider's own, shown as inactive.
    const after = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, p.token);
    expect(after.body.services[0]).toMatchObject({ id: service.id, isActive: false });
  });

  it('a provider who is not ACTIVE: the service is created but not listed and not bookable; it is listed once ACTIVE', async () => {
    const p = await stack.newProvider('pending');
    const created = await stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', {}, p.token);
    const service = (await createService(p.token, { timeZone: 'America/New_York', weeklyAvailability: everyDay('09:00', '17:00') })).body
      .service;
    expect(service.listed).toBe(false);
    expect(await listedIds()).not.toContain(service.id);

    // No slot is offered while the provider cannot take bookings, and the answer says why (asked twice: same answer).
    for (let i = 0; i < 2; i++) {
      expect(await availability(service.id)).toEqual({
        slots: [],
        timeZone: 'America/New_York',
        unavailableReason: 'PROVIDER_NOT_READY',
        message: "This provider can't take bookings right now. Please try again later.",
      });
    }
    // A time that would be open by the opening hours is still refused by CREATE_BOOKING.
    const slot = openingSlot((await stack.service(service.id))!);
    const booking = await stack.booking('CREATE_BOOKING', { serviceId: service.id, ...slot, groupSize: 1 }, stack.customerToken);
    expect(booking).toMatchObject({ status: 400, body: { error: 'Provider payment processing not set up', code: 'PROVIDER_NOT_READY' } });

    await stack.submitOnboarding(created.body.onboardingUrl, 'Complete onboarding');
    await stack.emulator.flushWebhooks();
    expect((await stack.service(service.id))?.listingStatus).toBe('LISTED');
    expect(await listedIds()).toContain(service.id);
    // Once ACTIVE the same slot is offered, without a reason.
    const offered = await availability(service.id);
    expect(offered.unavailableReason).toBeUndefined();
    expect(offered.slots[0]).toEqual(slot);
    const ok = await stack.booking('CREATE_BOOKING', { serviceId: service.id, ...slot, groupSize: 1 }, stack.customerToken);
    expect(ok.status).toBe(200);

    // Stripe restricts the account: the service leaves the listing again.
    await fetch(`${stack.emulator.url}/_emulator/accounts/${created.body.accountId}/reject`, { method: 'POST' });
    await stack.emulator.flushWebhooks();
    expect((await stack.service(service.id))?.listingStatus).toBeUndefined();
    expect(await listedIds()).not.toContain(service.id);
    // ...and offers no slots, since CREATE_BOOKING would refuse them.
    expect(await availability(service.id)).toMatchObject({ slots: [], unavailableReason: 'PROVIDER_NOT_READY' });
  });
});

describe('Stripe\u2019s minimum charge', () => {
  const minimumIssue = (res: { body: { details?: Record<string, unknown> } }) =>
    (res.body.details as { issues: { path: string; message: string; minimumCents?: number }[] }).issues.find(
      (i) => i.path === 'priceCents',
    );

  it.each<[string, object, number, RegExp]>([
    ['10\u00a2 USD per booking', { priceCents: 10, currency: 'usd', pricingUnit: 'PER_BOOKING' }, 50, /at least \$0\.50.*USD/],
    [
      '49 cents EUR per person',
      { priceCents: 49, currency: 'eur', pricingUnit: 'PER_PERSON' },
      50,
      /price per person must be at least \u20ac0\.50.*EUR/,
    ],
    ['29 pence GBP', { priceCents: 29, currency: 'gbp' }, 30, /at least \u00a30\.30.*GBP/],
  ])(
    'CREATE_SERVICE at %s \u2192 400 naming the field and the minimum; nothing is written, also when sent again',
    async (_label, fields, minimum, message) => {
      const p = await stack.newProvider('cheap');
      for (let i = 0; i < 2; i++) {
        const res = await createService(p.token, fields);
        expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
        expect(res.body.error).toMatch(message);
        expect(minimumIssue(res)).toMatchObject({ path: 'priceCents', minimumCents: minimum });
        expect((res.body.details as { fields: Record<string, string> }).fields.priceCents).toMatch(message);
      }
      const mine = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, p.token);
      expect(mine.body.services).toEqual([]);
    },
  );

  it('UPDATE_SERVICE below the minimum (or to a currency whose minimum is higher) \u2192 400, the service unchanged', async () => {
    const p = await activeProvider('cheap-update');
    const service = (await createService(p.token, { priceCents: 40, currency: 'gbp', pricingUnit: 'PER_BOOKING' })).body.service;
    expect(service).toMatchObject({ priceCents: 40, currency: 'gbp' });

    const lower = await stack.booking('UPDATE_SERVICE', { serviceId: service.id, priceCents: 10 }, p.token);
    expect(lower).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(minimumIssue(lower)).toMatchObject({ minimumCents: 30 });
    // 40 pence is enough in GBP, 40 cents is not in USD.
    const toUsd = await stack.booking('UPDATE_SERVICE', { serviceId: service.id, currency: 'usd' }, p.token);
    expect(toUsd.status).toBe(400);
    expect(minimumIssue(toUsd)).toMatchObject({ minimumCents: 50 });
    expect(await stack.service(service.id)).toMatchObject({ priceCents: 40, currency: 'gbp', updatedAt: service.updatedAt });

    const ok = await stack.booking<BookingResponses['UPDATE_SERVICE']>(
      'UPDATE_SERVICE',
      { serviceId: service.id, priceCents: 50, currency: 'usd' },
      p.token,
    );
    expect(ok.status).toBe(200);
    expect(ok.body.service).toMatchObject({ priceCents: 50, currency: 'usd' });
  });

  it('a service at exactly the minimum can be booked: Stripe accepts its PaymentIntent', async () => {
    const p = await activeProvider('minimum');
    const service = (
      await createService(p.token, {
        priceCents: 50,
        currency: 'usd',
        pricingUnit: 'PER_PERSON',
        timeZone: 'UTC',
        weeklyAvailability: everyDay('09:00', '17:00'),
      })
    ).body.service;
    const slot = await firstSlot(service.id);
    const booking = await stack.booking<BookingResponses['CREATE_BOOKING']>(
      'CREATE_BOOKING',
      { serviceId: service.id, ...slot, groupSize: 1 },
      stack.customerToken,
    );
    expect(booking.status).toBe(200);
    const pi = await stack.deps.stripe.paymentIntents.retrieve(booking.body.clientSecret.split('_secret_')[0]!);
    expect(pi).toMatchObject({ amount: 50, currency: 'usd' });
  });
});

function everyDay(start: string, end: string) {
  return Object.fromEntries(['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].map((d) => [d, [{ start, end }]]));
}

const week = () => ({ from: new Date().toISOString().slice(0, 10), to: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10) });

async function availability(serviceId: string) {
  const res = await stack.booking<AvailabilityAnswer>('CHECK_AVAILABILITY', { serviceId, ...week() });
  expect(res.status).toBe(200);
  return res.body;
}

async function firstSlot(serviceId: string) {
  const body = await availability(serviceId);
  const slot = body.slots[0];
  if (!slot) throw new Error(`no slot: ${JSON.stringify(body)}`);
  return slot;
}

/**
 * The first slot the opening hours give this week at the service's minimum notice, whoever may book it (computed, not
 * asked of CHECK_AVAILABILITY).
 */
function openingSlot(service: ServiceRecord) {
  const minLeadMinutes = bookingWindowOf(service).minNoticeMinutes;
  const slot = computeSlots({ service, fromDate: week().from, toDate: week().to, now: new Date(), busy: [], minLeadMinutes })[0];
  if (!slot) throw new Error('no opening slot this week');
  return slot;
}

describe('validation', () => {
  it.each<[string, object, string, RegExp]>([
    ['zero price', { priceCents: 0 }, 'priceCents', /greater than 0/],
    ['fractional price', { priceCents: 19.99 }, 'priceCents', /whole number of cents/],
    ['unsupported currency', { currency: 'jpy' }, 'currency', /USD, EUR, GBP/],
    ['duration not a multiple of 15', { durationMinutes: 50 }, 'durationMinutes', /multiple of 15/],
    ['duration above 8 hours', { durationMinutes: 495 }, 'durationMinutes', /8 hours/],
    ['group size 0', { maxGroupSize: 0 }, 'maxGroupSize', /from 1 to 100/],
    ['unknown policy', { cancellationPolicy: 'LENIENT' }, 'cancellationPolicy', /Flexible, Moderate or Strict/],
    ['unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', /time zone/],
    ['off-quarter time', { weeklyAvailability: { MON: [{ start: '09:10', end: '12:00' }] } }, 'weeklyAvailability.MON.0', /quarter hour/],
    [
      'end before start',
      { weeklyAvailability: { MON: [{ start: '12:00', end: '09:00' }] } },
      'weeklyAvailability.MON.0',
      /end must be after the start/,
    ],
    [
      'overlapping ranges',
      {
        weeklyAvailability: {
          WED: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      },
      'weeklyAvailability.WED.1',
      /overlaps 09:00/,
    ],
    ['no opening hours', { weeklyAvailability: {} }, 'weeklyAvailability', /at least one day/],
    ['impossible blocked date', { blockedDates: ['2026-02-30'] }, 'blockedDates.0', /not a real date/],
    ['empty title', { title: '   ' }, 'title', /Enter a title/],
  ])('%s → 400 with a message for %s', async (_label, fields, path, message) => {
    const p = await stack.newProvider('validator');
    const res = await createService(p.token, fields);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const details = res.body.details as { fields: Record<string, string>; issues: { path: string; message: string }[] };
    expect(details.fields[path]).toMatch(message);
    const mine = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, p.token);
    expect(mine.body.services).toEqual([]);
  });

  it('wrong types and unknown fields are 400 too, never 500, and nothing is written', async () => {
    const p = await stack.newProvider('types');
    for (const fields of [
      { priceCents: '25.00' },
      { weeklyAvailability: { MON: 'all day' } },
      { isActive: false },
      { blockedDates: 'tomorrow' },
    ]) {
      const res = await createService(p.token, fields);
      expect({ fields, status: res.status, code: res.body.code }).toEqual({ fields, status: 400, code: 'VALIDATION_FAILED' });
    }
    // The owner comes from the token: a body naming another provider is refused outright.
    const forged = await createService(p.token, { providerId: 'user_someone_else' });
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    const partial = await stack.booking('CREATE_SERVICE', { title: 'Only a title' }, p.token);
    expect(partial.status).toBe(400);
    const mine = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, p.token);
    expect(mine.body.services).toEqual([]);
  });

  it('concurrent edits never overwrite each other silently: each is applied or refused with 409; deactivating twice is fine', async () => {
    const p = await stack.newProvider('racer');
    const service = (await createService(p.token)).body.service;
    const prices = [3_100, 3_200, 3_300, 3_400, 3_500];
    const answers = await Promise.all(
      prices.map((priceCents) =>
        stack.booking<BookingResponses['UPDATE_SERVICE']>('UPDATE_SERVICE', { serviceId: service.id, priceCents }, p.token),
      ),
    );
    expect(answers.every((a) => a.status === 200 || (a.status === 409 && a.body.code === 'CONFLICT'))).toBe(true);
    const applied = answers.filter((a) => a.status === 200).map((a) => a.body.service.priceCents);
    expect(applied.length).toBeGreaterThanOrEqual(1);
    expect(applied).toContain((await stack.service(service.id))?.priceCents);

    for (let i = 0; i < 2; i++) {
      const res = await stack.booking<BookingResponses['DEACTIVATE_SERVICE']>('DEACTIVATE_SERVICE', { serviceId: service.id }, p.token);
      expect(res.body.service).toMatchObject({ isActive: false, listed: false });
    }
    // The repeat changes nothing.
    expect(await stack.service(service.id)).toMatchObject({ isActive: false });
  });

  it('an invalid update changes nothing', async () => {
    const p = await stack.newProvider('updater');
    const service = (await createService(p.token)).body.service;
    const res = await stack.booking('UPDATE_SERVICE', { serviceId: service.id, durationMinutes: 7 }, p.token);
    expect(res.status).toBe(400);
    expect((await stack.service(service.id))?.durationMinutes).toBe(60);
  });
});

describe('authorization', () => {
  it('a customer calling service management gets 403', async () => {
    const cases: [string, object][] = [
      ['CREATE_SERVICE', VALID],
      ['UPDATE_SERVICE', { serviceId: 'svc_demo_portrait', priceCents: 1 }],
      ['DEACTIVATE_SERVICE', { serviceId: 'svc_demo_portrait' }],
      ['LIST_MY_SERVICES', {}],
    ];
    for (const [action, payload] of cases) {
      const res = await stack.booking(action, payload, stack.customerToken);
      expect({ action, status: res.status, code: res.body.code }).toEqual({ action, status: 403, code: 'FORBIDDEN' });
    }
    expect((await stack.service('svc_demo_portrait'))?.isActive).toBe(true);
  });

  it('a provider cannot change another provider\u2019s services', async () => {
    const owner = await stack.newProvider('owner');
    const other = await stack.newProvider('other');
    const service = (await createService(owner.token)).body.service;
    const update = await stack.booking('UPDATE_SERVICE', { serviceId: service.id, priceCents: 1 }, other.token);
    expect(update).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const deactivate = await stack.booking('DEACTIVATE_SERVICE', { serviceId: service.id }, other.token);
    expect(deactivate).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    expect((await stack.booking('UPDATE_SERVICE', { serviceId: 'svc_nope', priceCents: 1 }, other.token)).status).toBe(404);
    const othersList = await stack.booking<BookingResponses['LIST_MY_SERVICES']>('LIST_MY_SERVICES', {}, other.token);
    expect(othersList.body.services).toEqual([]);
    expect(await stack.service(service.id)).toMatchObject({ priceCents: 2_500, isActive: true });
  });
});

describe('availability of a created service across DST (Europe/Berlin)', () => {
  /** The app's clock pinned before the DST days (they may be in the past when the tests run). */
  async function withClock<T>(iso: string, fn: () => Promise<T>): Promise<T> {
    const original: Clock = stack.deps.clock;
    stack.deps.clock = { now: () => new Date(iso) };
    try {
      return await fn();
    } finally {
      stack.deps.clock = original;
    }
  }
  const slotsOn = async (serviceId: string, date: string) => {
    const res = await stack.booking<BookingResponses['CHECK_AVAILABILITY']>('CHECK_AVAILABILITY', { serviceId, from: date, to: date });
    expect(res.status).toBe(200);
    expect(res.body.timeZone).toBe('Europe/Berlin');
    return res.body.slots.map((s) => `${s.startDateTime.slice(11, 16)}-${s.endDateTime.slice(11, 16)}`);
  };

  it('2026-03-29 (spring forward): Sunday 01:00-05:00 and 09:00-12:00 local give the right UTC slots', async () => {
    const p = await activeProvider('berlin');
    const service = (await createService(p.token)).body.service as ProviderServiceView;
    await withClock('2026-03-01T00:00:00Z', async () => {
      // A week before, on CET (UTC+1): 01:00-05:00 local is 00:00-04:00 UTC, four hours.
      expect(await slotsOn(service.id, '2026-03-22')).toEqual([
        '00:00-01:00',
        '01:00-02:00',
        '02:00-03:00',
        '03:00-04:00',
        '08:00-09:00',
        '09:00-10:00',
        '10:00-11:00',
      ]);
      // The DST day: 02:00 local does not exist; 01:00 CET to 05:00 CEST is three real hours; 09:00 CEST is 07:00 UTC.
      expect(await slotsOn(service.id, '2026-03-29')).toEqual([
        '00:00-01:00',
        '01:00-02:00',
        '02:00-03:00',
        '07:00-08:00',
        '08:00-09:00',
        '09:00-10:00',
      ]);
    });
  });

  it('2026-10-25 (fall back): the repeated hour gives five real hours, never duplicate slots', async () => {
    const p = await activeProvider('berlin-fall');
    const service = (await createService(p.token)).body.service;
    await withClock('2026-10-01T00:00:00Z', async () => {
      const res = await stack.booking<BookingResponses['CHECK_AVAILABILITY']>('CHECK_AVAILABILITY', {
        serviceId: service.id,
        from: '2026-10-25',
        to: '2026-10-25',
      });
      expect(res.body.slots.map((s) => s.startDateTime)).toEqual([
        '2026-10-24T23:00:00.000Z',
        '2026-10-25T00:00:00.000Z',
        '2026-10-25T01:00:00.000Z',
        '2026-10-25T02:00:00.000Z',
        '2026-10-25T03:00:00.000Z',
        '2026-10-25T08:00:00.000Z',
        '2026-10-25T09:00:00.000Z',
        '2026-10-25T10:00:00.000Z',
      ]);
    });
  });
});
