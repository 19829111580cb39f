/**
 * The admin lists of the disputes page (chargebacks, contested refunds), the emails page and the audit log page on the
 * server: pages with the opaque cursor (every row once), the filter and the order done by the index, and a cursor of
 * another list or filter refused with a 400.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdminAction } from '../../../lib/data/admin-actions';
import { eventItem } from '../../../lib/data/outbox';
import { transactWrite } from '../../../lib/data/transact';
import type { NewDomainEvent } from '../../../lib/domain/events';
import { listAudit } from '../../../lib/services/audit';
import { startTestStack, type TestStack } from '../support/local-stack';
import { refundCall, tokens } from '../refunds/support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('admin-lists');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

const run = Math.random().toString(36).slice(2, 8);
const put = (table: string, item: Record<string, unknown>) => stack.deps.db.send(new PutCommand({ TableName: table, Item: item }));

type Page = { status: number; body: Record<string, unknown> & { nextCursor?: string; code?: string } };

/** Every page of a list (at most 20), as the ids of its rows, checking each answer is a 200. */
async function walk(call: (cursor?: string) => Promise<Page>, rows: string, id: string): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await call(cursor);
    expect(page.status, JSON.stringify(page.body)).toBe(200);
    seen.push(...(page.body[rows] as Record<string, string>[]).map((r) => r[id]!));
    cursor = page.body.nextCursor;
    if (!cursor) break;
  }
  expect(cursor).toBeUndefined();
  expect(new Set(seen).size).toBe(seen.length);
  return seen;
}
const mine = (ids: string[]) => ids.filter((id) => id.includes(run));

async function expectRefused(call: () => Promise<Page>) {
  const res = await call();
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED' });
}

describe('ADMIN_LIST_DISPUTES: chargebacks by evidence due date', () => {
  // due: d1 < d2 < ... ; open ones under needs_response / under_review, decided ones won / lost
  const disputes = [
    ['needs_response', '2030-01-05'],
    ['under_review', '2030-01-02'],
    ['needs_response', '2030-01-09'],
    ['won', '2030-01-01'],
    ['under_review', '2030-01-07'],
    ['lost', '2030-01-08'],
  ].map(([status, day], i) => ({ id: `dp_${run}_${i}`, status: status!, evidenceDueBy: `${day}T12:00:00.000Z` }));
  const ids = (rows: typeof disputes) => [...rows].sort((a, b) => a.evidenceDueBy.localeCompare(b.evidenceDueBy)).map((d) => d.id);
  const list = (payload: object) => refundCall(stack, 'ADMIN_LIST_DISPUTES', payload, t.admin) as Promise<Page>;

  beforeAll(async () => {
    for (const d of disputes)
      await put(stack.tables.Dispute, {
        __typename: 'Dispute',
        testFixture: 'a dispute in a status and due date the list orders',
        ...d,
        bookingId: `bk_${d.id}`,
        chargeId: `ch_${d.id}`,
        amountCents: 1_000,
        currency: 'usd',
        reason: 'fraudulent',
        createdAt: '2029-12-01T00:00:00.000Z',
        updatedAt: '2029-12-01T00:00:00.000Z',
      });
  });

  it('pages the open statuses merged soonest first, every one once; latest first; with won and lost; one status', async () => {
    const open = disputes.filter((d) => d.status === 'needs_response' || d.status === 'under_review');
    expect(mine(await walk((cursor) => list({ limit: 1, ...(cursor ? { cursor } : {}) }), 'disputes', 'id'))).toEqual(ids(open));
    expect(mine(await walk((cursor) => list({ limit: 2, order: 'latest', ...(cursor ? { cursor } : {}) }), 'disputes', 'id'))).toEqual(
      ids(open).reverse(),
    );
    expect(mine(await walk((cursor) => list({ limit: 2, includeClosed: true, ...(cursor ? { cursor } : {}) }), 'disputes', 'id'))).toEqual(
      ids(disputes),
    );
    const review = await walk((cursor) => list({ limit: 1, status: 'under_review', ...(cursor ? { cursor } : {}) }), 'disputes', 'id');
    expect(mine(review)).toEqual(ids(disputes.filter((d) => d.status === 'under_review')));
    const first = await list({ limit: 2 });
    expect((first.body.disputes as { id: string }[]).map((d) => d.id)).toEqual(ids(open).slice(0, 2));
  });

  it('refuses a cursor of another filter or order, or a made-up one', async () => {
    const first = await list({ limit: 1 });
    expect(first.body.nextCursor).toBeDefined();
    await expectRefused(() => list({ limit: 1, status: 'won', cursor: first.body.nextCursor }));
    await expectRefused(() => list({ limit: 1, order: 'latest', cursor: first.body.nextCursor }));
    await expectRefused(() => list({ limit: 1, includeClosed: true, cursor: first.body.nextCursor }));
    await expectRefused(() => list({ cursor: 'garbage' }));
    const madeUp = Buffer.from(JSON.stringify({ s: 'disputes:open:soonest', k: { needs_response: '{"id":"x"}' } })).toString('base64url');
    await expectRefused(() => list({ cursor: madeUp }));
    expect((await refundCall(stack, 'ADMIN_LIST_DISPUTES', { limit: 1 }, t.customer)).status).toBe(403);
  });
});

describe('ADMIN_LIST_REFUND_CASES: escalated, then open, by when opened', () => {
  const cases = [
    ['OPEN', '2031-02-03'],
    ['ESCALATED', '2031-02-02'],
    ['OPEN', '2031-02-01'],
    ['ESCALATED', '2031-02-04'],
    ['OPEN', '2031-02-05'],
  ].map(([state, day], i) => ({ id: `bk_rc_${run}_${i}`, state: state!, openedAt: `${day}T08:00:00.000Z` }));
  const byOpened = (rows: typeof cases) => [...rows].sort((a, b) => a.openedAt.localeCompare(b.openedAt)).map((c) => c.id);
  const escalated = cases.filter((c) => c.state === 'ESCALATED');
  const open = cases.filter((c) => c.state === 'OPEN');
  const list = (payload: object) => refundCall(stack, 'ADMIN_LIST_REFUND_CASES', payload, t.admin) as Promise<Page>;

  beforeAll(async () => {
    for (const c of cases)
      await put(stack.tables.Booking, {
        __typename: 'Booking',
        testFixture: 'a booking with an open refund case in the queue',
        id: c.id,
        status: 'CONFIRMED',
        serviceTitle: 'Portrait session',
        customerEmail: `${c.id}@example.com`,
        providerId: 'usr_provider',
        currency: 'usd',
        refundCaseState: c.state,
        refundCaseOpenedAt: c.openedAt,
        refundDispute: {
          status: 'OPEN',
          openedByRole: 'CUSTOMER',
          reason: 'Late',
          openedAt: c.openedAt,
          amountCents: 500,
          heldCents: 500,
          ...(c.state === 'ESCALATED' ? { escalatedAt: '2031-03-01T00:00:00.000Z' } : {}),
        },
        createdAt: '2031-01-01T00:00:00.000Z',
        updatedAt: '2031-01-01T00:00:00.000Z',
      });
  });

  it('pages escalated cases first then open ones, oldest first; newest first; one state', async () => {
    const all = await walk((cursor) => list({ limit: 2, ...(cursor ? { cursor } : {}) }), 'refundCases', 'bookingId');
    expect(mine(all)).toEqual([...byOpened(escalated), ...byOpened(open)]);
    const newest = await walk((cursor) => list({ limit: 1, order: 'newest', ...(cursor ? { cursor } : {}) }), 'refundCases', 'bookingId');
    expect(mine(newest)).toEqual([...byOpened(escalated).reverse(), ...byOpened(open).reverse()]);
    const onlyOpen = await walk((cursor) => list({ limit: 2, state: 'OPEN', ...(cursor ? { cursor } : {}) }), 'refundCases', 'bookingId');
    expect(mine(onlyOpen)).toEqual(byOpened(open));
    const first = await list({ limit: 1 });
    expect(first.body.refundCases).toEqual([
      expect.objectContaining({ bookingId: byOpened(escalated)[0], heldCents: 500, amountCents: 500 }),
    ]);
  });

  it('refuses a cursor of another filter or order, or a made-up one', async () => {
    const first = await list({ limit: 1 });
    await expectRefused(() => list({ state: 'OPEN', cursor: first.body.nextCursor }));
    await expectRefused(() => list({ order: 'newest', cursor: first.body.nextCursor }));
    await expectRefused(() =>
      list({ cursor: Buffer.from(JSON.stringify({ s: 'refund-cases:all:oldest', k: { id: 'x' } })).toString('base64url') }),
    );
    const halfKey = Buffer.from(JSON.stringify({ s: 'refund-cases:all:oldest', k: { refundCaseState: 'OPEN', id: 'x' } })).toString(
      'base64url',
    );
    await expectRefused(() => list({ cursor: halfKey }));
  });
});

describe('ADMIN_NOTIFICATIONS: failed and dead-lettered emails', () => {
  const rows = [
    ['FAILED', '2032-01-01T00:00:01.000Z'],
    ['DEAD', '2032-01-01T00:00:02.000Z'],
    ['FAILED', '2032-01-01T00:00:03.000Z'],
    ['DEAD', '2032-01-01T00:00:04.000Z'],
    ['FAILED', '2032-01-01T00:00:05.000Z'],
    ['SENT', '2032-01-01T00:00:06.000Z'],
  ].map(([status, createdAt], i) => ({ id: `booking:nt_${run}_${i}:confirmed:customer`, status: status!, createdAt: createdAt! }));
  const newestFirst = (list: typeof rows) => [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((r) => r.id);
  const undelivered = rows.filter((r) => r.status !== 'SENT');
  const list = (payload: object) => refundCall(stack, 'ADMIN_NOTIFICATIONS', payload, t.admin) as Promise<Page>;

  beforeAll(async () => {
    for (const r of rows)
      await put(stack.tables.Notification, {
        __typename: 'Notification',
        ...r,
        kind: 'booking-confirmed',
        recipientRole: 'CUSTOMER',
        recipientEmail: 'someone@example.com',
        subjectKey: `booking:nt_${run}`,
        attempts: 1,
        fields: {},
        updatedAt: r.createdAt,
      });
  });

  it('pages FAILED and DEAD merged newest first (never SENT); oldest first; one status', async () => {
    expect(mine(await walk((cursor) => list({ limit: 2, ...(cursor ? { cursor } : {}) }), 'notifications', 'id'))).toEqual(
      newestFirst(undelivered),
    );
    const oldest = await walk((cursor) => list({ limit: 3, order: 'oldest', ...(cursor ? { cursor } : {}) }), 'notifications', 'id');
    expect(mine(oldest)).toEqual(newestFirst(undelivered).reverse());
    const dead = await walk((cursor) => list({ limit: 1, status: 'DEAD', ...(cursor ? { cursor } : {}) }), 'notifications', 'id');
    expect(mine(dead)).toEqual(newestFirst(rows.filter((r) => r.status === 'DEAD')));
  });

  it('refuses a cursor of another filter, a made-up one, and a cursor on a booking', async () => {
    const first = await list({ limit: 1 });
    await expectRefused(() => list({ status: 'FAILED', cursor: first.body.nextCursor }));
    await expectRefused(() => list({ order: 'oldest', cursor: first.body.nextCursor }));
    await expectRefused(() => list({ cursor: 'garbage' }));
    await expectRefused(() => list({ bookingId: 'bk_1', status: 'DEAD' }));
  });
});

describe('ADMIN_AUDIT_LOG: event type filter and a bounded walk over months', () => {
  it('filters by event type on the server, reads at most six months a page, and refuses a cursor of another filter', async () => {
    // A quiet corner of time: one BookingConfirmed in January 2095 and an admin action in December 2095.
    const confirmed: NewDomainEvent = {
      type: 'BookingConfirmed',
      aggregateType: 'Booking',
      aggregateId: `bk_audit_${run}`,
      actor: { role: 'STRIPE' },
      payload: { transition: 'CONFIRM_PAYMENT', from: 'PENDING_PAYMENT', to: 'CONFIRMED' },
    };
    await transactWrite(stack.deps, [eventItem(stack.deps, confirmed, new Date('2095-01-15T09:00:00Z'))]);
    await recordAdminAction(
      stack.deps,
      { adminId: 'usr_admin', action: 'TEST', aggregateType: 'Booking', aggregateId: `bk_audit_${run}`, reason: 'late' },
      new Date('2095-12-10T09:00:00Z'),
    );
    const deps = { ...stack.deps, clock: { now: () => new Date('2095-12-31T00:00:00Z') } };

    // Six months a page: December back to July, then June back to January.
    const first = await listAudit(deps, { limit: 10, eventType: 'BookingConfirmed' });
    expect(first.entries).toEqual([]);
    expect(first.cursor).toBeDefined();
    const second = await listAudit(deps, { limit: 10, eventType: 'BookingConfirmed', cursor: first.cursor });
    expect(second.entries.map((e) => [e.type, e.aggregateId])).toEqual([['BookingConfirmed', `bk_audit_${run}`]]);
    const admin = await listAudit(deps, { limit: 10, eventType: 'AdminActionTaken' });
    expect(admin.entries.map((e) => e.payload)).toEqual([expect.objectContaining({ reason: 'late' })]);

    // A cursor of one filter does not page another; admin actions only with another type is refused.
    await expect(listAudit(deps, { limit: 10, eventType: 'AdminActionTaken', cursor: first.cursor })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(listAudit(deps, { limit: 10, cursor: first.cursor })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(listAudit(deps, { limit: 10, adminActionsOnly: true, eventType: 'BookingConfirmed' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const res = (await refundCall(stack, 'ADMIN_AUDIT_LOG', { eventType: 'NotAnEvent' }, t.admin)) as Page;
    expect(res.status).toBe(400);
  });
});
