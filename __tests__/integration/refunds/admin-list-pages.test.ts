import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logEventOutcome, logEventReceived } from '../../../lib/data/event-log-writes';
import { startTestStack, type TestStack } from '../support/local-stack';
import { refundCall, tokens } from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('admin-list-pages');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

type EventsPage = { events: { id: string; status: string }[]; nextCursor?: string };
const list = (payload: object) => refundCall<EventsPage>(stack, 'ADMIN_LIST_EVENTS', payload, t.admin);

/** Logs an event as received at `at` (its place in the list), optionally with an outcome. */
async function logged(id: string, at: string, status?: 'IGNORED' | 'PROCESSED' | 'FAILED') {
  const receivedAt = (await logEventReceived(stack.deps, { id, type: 'charge.updated', created: 1 }, new Date(at)))!;
  if (status === 'IGNORED') await logEventOutcome(stack.deps, id, receivedAt, { status, reason: 'not ours' }, new Date(at));
  if (status === 'PROCESSED') await logEventOutcome(stack.deps, id, receivedAt, { status }, new Date(at));
  if (status === 'FAILED') await logEventOutcome(stack.deps, id, receivedAt, { status, error: 'boom' }, new Date(at));
}

/** `YYYY-MM` of the month `back` months before this one. */
const month = (back: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
};

describe('ADMIN_LIST_EVENTS pages, order and filter on the server', () => {
  const run = Math.random().toString(36).slice(2, 8);
  const late = [1, 2, 3, 4, 5].map((i) => `evt_late_${run}_${i}`);
  const early = [1, 2, 3].map((i) => `evt_early_${run}_${i}`);

  beforeAll(async () => {
    // The log is read a month's partition at a time (newest first from this month, oldest first from a year back):
    // late events in this month, early ones three months back; the stack's tables hold nothing else.
    for (const [i, id] of late.entries()) await logged(id, `${month(0)}-01T00:00:0${i + 1}.000Z`, i % 2 === 0 ? 'IGNORED' : 'PROCESSED');
    for (const [i, id] of early.entries()) await logged(id, `${month(3)}-01T00:00:0${i + 1}.000Z`);
  });

  it('pages newest first with an opaque cursor; every row once; the same cursor twice gives the same page', async () => {
    const first = await list({ limit: 2 });
    expect(first.status).toBe(200);
    expect(first.body.events.map((e) => e.id)).toEqual([late[4], late[3]]);
    const second = await list({ limit: 2, cursor: first.body.nextCursor });
    expect(second.body.events.map((e) => e.id)).toEqual([late[2], late[1]]);
    const again = await list({ limit: 2, cursor: first.body.nextCursor });
    expect(again.body.events.map((e) => e.id)).toEqual([late[2], late[1]]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list({ limit: 3, ...(cursor ? { cursor } : {}) });
      seen.push(...page.body.events.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual([...late].reverse());
    expect(seen.slice(-3)).toEqual([...early].reverse());
  });

  it('sorts oldest first and filters by status, each on the server', async () => {
    const oldest = await list({ order: 'oldest', limit: 3 });
    expect(oldest.body.events.map((e) => e.id)).toEqual(early);
    const ignored = await list({ status: 'IGNORED', limit: 2 });
    expect(ignored.body.events.map((e) => e.id)).toEqual([late[4], late[2]]);
    const rest = await list({ status: 'IGNORED', limit: 2, cursor: ignored.body.nextCursor });
    expect(rest.body.events.map((e) => e.id)[0]).toBe(late[0]);
    expect(rest.body.events.every((e) => e.status === 'IGNORED')).toBe(true);
  });

  it('pages one status across a month boundary, in both orders, and moves a row when its outcome changes', async () => {
    // FAILED rows at the end of a month five back and the start of the month after; nothing else is FAILED.
    const failed = [`evt_fa_${run}_1`, `evt_fa_${run}_2`, `evt_fa_${run}_3`];
    await logged(failed[0]!, `${month(5)}-28T23:59:58.000Z`, 'FAILED');
    await logged(failed[1]!, `${month(5)}-28T23:59:59.000Z`, 'FAILED');
    await logged(failed[2]!, `${month(4)}-01T00:00:00.000Z`, 'FAILED');
    const walk = async (payload: object) => {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ status: 'FAILED', limit: 2, ...payload, ...(cursor ? { cursor } : {}) });
        expect(page.status).toBe(200);
        seen.push(...page.body.events.map((e) => e.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk({})).toEqual([...failed].reverse());
    expect(await walk({ order: 'oldest' })).toEqual(failed);
    // A redelivery processes the first one: the outcome's update moves it from FAILED to PROCESSED, same month.
    const receivedAt = (await logEventReceived(stack.deps, { id: failed[0]!, type: 'charge.updated', created: 1 }, new Date()))!;
    expect(receivedAt).toBe(`${month(5)}-28T23:59:58.000Z`);
    await logEventOutcome(stack.deps, failed[0]!, receivedAt, { status: 'PROCESSED' }, new Date());
    expect(await walk({})).toEqual([failed[2], failed[1]]);
    const processed = await list({ status: 'PROCESSED', order: 'oldest', limit: 1 });
    expect(processed.body.events.map((e) => e.id)).toEqual([failed[0]]);
    // An IGNORED row moves too, and an outcome naming another receipt time writes nothing.
    await logEventOutcome(stack.deps, late[0]!, `${month(0)}-01T00:00:01.000Z`, { status: 'PROCESSED' }, new Date());
    expect((await list({ status: 'IGNORED', limit: 50 })).body.events.map((e) => e.id)).toEqual([late[4], late[2]]);
    await expect(
      logEventOutcome(stack.deps, late[2]!, `${month(1)}-01T00:00:00.000Z`, { status: 'FAILED', error: 'x' }, new Date()),
    ).rejects.toThrow(/conditional/i);
  });

  it('refuses a cursor of another filter or order, or a made-up one, with a 400 (never a 500)', async () => {
    const first = await list({ limit: 1 });
    for (const payload of [
      { status: 'FAILED', cursor: first.body.nextCursor },
      { order: 'oldest', cursor: first.body.nextCursor },
      { cursor: 'garbage' },
      { cursor: Buffer.from(JSON.stringify({ s: 'events:any:newest', k: { id: { $ne: 1 } } })).toString('base64url') },
    ]) {
      const res = await list(payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    // a non-admin is refused the list
    expect((await refundCall(stack, 'ADMIN_LIST_EVENTS', { limit: 1 }, t.customer)).status).toBe(403);
  });
});

describe('ADMIN_LIST_PROVIDERS pages across the onboarding statuses', () => {
  it('pages all providers newest first with every one once, and one status on its own', async () => {
    const all = await refundCall<{ providers: { userId: string }[] }>(stack, 'ADMIN_LIST_PROVIDERS', { limit: 200 }, t.admin);
    const ids = all.body.providers.map((p) => p.userId);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await refundCall<{ providers: { userId: string }[]; nextCursor?: string }>(
        stack,
        'ADMIN_LIST_PROVIDERS',
        { limit: 1, ...(cursor ? { cursor } : {}) },
        t.admin,
      );
      expect(page.status).toBe(200);
      paged.push(...page.body.providers.map((p) => p.userId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(ids);
    expect(ids.length).toBeGreaterThan(0);
    const active = await refundCall<{ providers: { stripeAccountStatus: string }[] }>(
      stack,
      'ADMIN_LIST_PROVIDERS',
      { status: 'ACTIVE' },
      t.admin,
    );
    expect(active.body.providers.length).toBeGreaterThan(0);
    expect(active.body.providers.every((p) => p.stripeAccountStatus === 'ACTIVE')).toBe(true);
    expect((await refundCall(stack, 'ADMIN_LIST_PROVIDERS', { status: 'PENDING', cursor: 'x' }, t.admin)).status).toBe(400);
  });
});
