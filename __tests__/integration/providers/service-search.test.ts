import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingResponses } from '../../../lib/http/booking-processor';
import type { ConnectResponses } from '../../../lib/http/stripe-connect';
import { startProviderStack, type ProviderStack } from './provider-stack';

let stack: ProviderStack;

beforeAll(async () => {
  stack = await startProviderStack('search');
});
afterAll(async () => stack?.close());

/** A word no other service has, so each test reads only its own services. */
const unique = () => `w${Math.random().toString(36).slice(2, 10)}`;

const BASE = {
  description: 'Found by search.',
  currency: 'usd',
  pricingUnit: 'PER_BOOKING',
  durationMinutes: 60,
  maxGroupSize: 4,
  cancellationPolicy: 'MODERATE',
  timeZone: 'America/New_York',
  weeklyAvailability: { MON: [{ start: '09:00', end: '12:00' }], WED: [{ start: '09:00', end: '12:00' }] },
  blockedDates: [] as string[],
};

async function onboard(token: string) {
  const created = await stack.connect<ConnectResponses['CREATE_ACCOUNT']>('CREATE_ACCOUNT', {}, token);
  await stack.submitOnboarding(created.body.onboardingUrl, 'Complete onboarding');
  await stack.emulator.flushWebhooks();
}

async function create(token: string, fields: Record<string, unknown>) {
  const res = await stack.booking<BookingResponses['CREATE_SERVICE']>('CREATE_SERVICE', { ...BASE, ...fields }, token);
  expect(res.status).toBe(200);
  return res.body.service.id;
}

const search = (payload: Record<string, unknown>) => stack.booking<BookingResponses['SEARCH_SERVICES']>('SEARCH_SERVICES', payload);
const ids = async (payload: Record<string, unknown>) => {
  const res = await search(payload);
  expect(res.status).toBe(200);
  return res.body.services.map((s) => s.id);
};

describe('SEARCH_SERVICES', () => {
  let token: string;
  let word: string;
  let kayak: string;
  let pottery: string;
  let retreat: string;

  beforeAll(async () => {
    const p = await stack.newProvider('searcher');
    await onboard(p.token);
    token = p.token;
    word = unique();
    // created oldest first: the search answers newest first
    kayak = await create(token, { title: `Sunrise kayak tour ${word}`, category: `Water ${word}`, priceCents: 1_501 });
    pottery = await create(token, { title: `Pottery class ${word}`, category: `Craft ${word}`, priceCents: 6_123 });
    retreat = await create(token, {
      title: `Quiet pottery retreat ${word}`,
      category: `Craft ${word}`,
      priceCents: 12_345,
      weeklyAvailability: { TUE: [{ start: '09:00', end: '12:00' }] },
      blockedDates: ['2027-03-09'],
    });
  });

  it('finds by words of the title (every word, any case and accent), newest first', async () => {
    expect(await ids({ q: word })).toEqual([retreat, pottery, kayak]);
    expect(await ids({ q: `POTTERY ${word}` })).toEqual([retreat, pottery]);
    expect(await ids({ q: `Pöttery  ${word.toUpperCase()}` })).toEqual([retreat, pottery]);
    expect(await ids({ q: `pottery kayak ${word}` })).toEqual([]);
  });

  it('filters by category, price range and a date the service is offered on', async () => {
    expect(await ids({ category: `craft ${word}` })).toEqual([retreat, pottery]);
    expect(await ids({ q: word, minPriceCents: 5_000, maxPriceCents: 12_345 })).toEqual([retreat, pottery]);
    expect(await ids({ q: word, maxPriceCents: 1_500 })).toEqual([]);
    // price alone reads the price bands, not the whole table
    expect(await ids({ minPriceCents: 6_123, maxPriceCents: 6_123, limit: 50 })).toContain(pottery);
    expect(await ids({ minPriceCents: 6_123, maxPriceCents: 6_123, limit: 50 })).not.toContain(kayak);
    // 2027-03-08 is a Monday, 03-09 a Tuesday (blocked for the retreat), 03-16 a Tuesday
    expect(await ids({ q: word, date: '2027-03-08' })).toEqual([pottery, kayak]);
    expect(await ids({ q: word, date: '2027-03-09' })).toEqual([]);
    expect(await ids({ q: word, date: '2027-03-16' })).toEqual([retreat]);
  });

  it('pages with an opaque cursor; the same cursor twice gives the same page; a foreign or broken cursor is a 400', async () => {
    const first = await search({ q: word, limit: 2 });
    expect(first.body.services.map((s) => s.id)).toEqual([retreat, pottery]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await search({ q: word, limit: 2, cursor: first.body.nextCursor });
    expect(second.body.services.map((s) => s.id)).toEqual([kayak]);
    expect(second.body.nextCursor).toBeUndefined();
    const again = await search({ q: word, limit: 2, cursor: first.body.nextCursor });
    expect(again.body.services.map((s) => s.id)).toEqual([kayak]);

    const foreign = await search({ q: 'other words', cursor: first.body.nextCursor });
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('VALIDATION_FAILED');
    expect((await search({ q: word, cursor: 'not-a-cursor' })).status).toBe(400);
    const range = await search({ minPriceCents: 10, maxPriceCents: 5 });
    expect(range.status).toBe(400);
    expect(range.body.details).toBeDefined();
  });

  it('with no filter pages through the public listing in its own order (newest first)', async () => {
    const listed = (await stack.booking<BookingResponses['LIST_SERVICES']>('LIST_SERVICES', {})).body.services.map((s) => s.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await search({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      paged.push(...page.body.services.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(listed);
    expect(paged.slice(0, 3)).toEqual([retreat, pottery, kayak]);
  });

  it('follows edits and deactivation: old words, category and price no longer find the service', async () => {
    const w = unique();
    const id = await create(token, { title: `Canoe trip ${w}`, category: `Boats ${w}`, priceCents: 2_222 });
    expect(await ids({ q: `canoe ${w}` })).toEqual([id]);
    const read = await stack.service(id);
    const edit = await stack.booking(
      'UPDATE_SERVICE',
      { serviceId: id, title: `Sailing trip ${w}`, category: `Sails ${w}`, priceCents: 77_777 },
      token,
    );
    expect(edit.status).toBe(200);
    expect(await ids({ q: `canoe ${w}` })).toEqual([]);
    expect(await ids({ category: `Boats ${w}` })).toEqual([]);
    expect(await ids({ q: `sailing ${w}` })).toEqual([id]);
    expect(await ids({ category: `sails ${w}`, minPriceCents: 77_777 })).toEqual([id]);
    expect(await ids({ q: w, maxPriceCents: 5_000 })).toEqual([]);
    expect(read?.listingStatus).toBe('LISTED');

    const off = await stack.booking('DEACTIVATE_SERVICE', { serviceId: id }, token);
    expect(off.status).toBe(200);
    expect(await ids({ q: w })).toEqual([]);
    expect(await ids({ category: `sails ${w}` })).toEqual([]);
    // no entry is left behind (the entries went in the deactivation's transaction)
    const left = await stack.deps.db.send(
      new QueryCommand({
        TableName: stack.tables.ServiceSearch,
        IndexName: 'bySearchKey',
        KeyConditionExpression: 'searchKey = :k',
        ExpressionAttributeValues: { ':k': `token#${w}` },
      }),
    );
    expect(left.Items).toEqual([]);
    // deactivating again changes nothing and lists nothing
    await stack.booking('DEACTIVATE_SERVICE', { serviceId: id }, token);
    expect(await ids({ q: w })).toEqual([]);
  });

  it("finds a provider's services only once the provider can take payments (the account sync lists them)", async () => {
    const p = await stack.newProvider('late');
    const w = unique();
    const id = await create(p.token, { title: `Late starter ${w}`, category: 'Misc', priceCents: 3_000 });
    expect(await ids({ q: w })).toEqual([]);
    await onboard(p.token);
    expect(await ids({ q: w })).toEqual([id]);
  });
});
