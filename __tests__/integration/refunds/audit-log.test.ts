/**
 * The audit log as a view over the domain events: admins' refunds, cancellations and case resolutions are
 * AdminActionTaken events on the booking (with the admin's id and reason, the refund's in the refund's own
 * transaction); ADMIN_AUDIT_LOG lists events newest first, across months with its cursor, or one aggregate's; admins only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordAdminAction } from '../../../lib/data/admin-actions';
import { eventItem } from '../../../lib/data/outbox';
import { eventsOfAggregate } from '../support/events';
import { transactWrite } from '../../../lib/data/transact';
import type { NewDomainEvent } from '../../../lib/domain/events';
import type { ProcessRefundResult } from '../../../lib/http/refund-processor';
import { listAudit, type AuditPage } from '../../../lib/services/audit';
import { startTestStack, type TestStack } from '../support/local-stack';
import { ADMIN, paidBooking, refundCall, tokens } from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('audit-log');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

const adminActionsOf = async (bookingId: string) =>
  (await eventsOfAggregate(stack.deps, 'Booking', bookingId)).filter((e) => e.type === 'AdminActionTaken');
const auditCall = (payload: object, token = t.admin) => refundCall<AuditPage>(stack, 'ADMIN_AUDIT_LOG', payload, token);

describe('admin actions are AdminActionTaken events', () => {
  it("an admin's refund is recorded once, with the admin and the reason, in the refund's transaction", async () => {
    const booking = await paidBooking(stack);
    const request = { bookingId: booking.id, refundAmount: 1_500, reason: 'Started 20 minutes late', requestId: 'req-audit-refund' };
    const refund = await refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', request, t.admin);
    expect(refund.status).toBe(200);
    expect((await refundCall<ProcessRefundResult>(stack, 'PROCESS_REFUND', request, t.admin)).body.replayed).toBe(true);

    const actions = await adminActionsOf(booking.id);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      actorRole: 'ADMIN',
      actorId: ADMIN.userId,
      payload: {
        action: 'PROCESS_REFUND',
        reason: 'Started 20 minutes late',
        details: { refundCents: 1_500, currency: 'usd', stripeRefundId: refund.body.refund.stripeRefundId },
      },
    });
    // Written by the transaction that recorded the refund (one clock reading for both).
    expect(actions[0]!.occurredAt).toBe(refund.body.refund.createdAt);

    const view = await auditCall({ aggregateType: 'Booking', aggregateId: booking.id, adminActionsOnly: true });
    expect(view.status).toBe(200);
    expect(view.body.entries.map((e) => [e.type, e.actor, e.actorEmail])).toEqual([
      ['AdminActionTaken', { role: 'ADMIN', id: ADMIN.userId }, ADMIN.email],
    ]);
  });

  it("an admin's cancellation is one, a customer's is not; an admin's resolution of a contested refund is one", async () => {
    const byAdmin = await paidBooking(stack);
    const cancelled = await stack.booking<ProcessRefundResult>(
      'CANCEL_PAID_BOOKING',
      { bookingId: byAdmin.id, reason: 'Provider is ill' },
      t.admin,
    );
    expect(cancelled.status).toBe(200);
    expect((await adminActionsOf(byAdmin.id)).map((e) => [e.actorId, e.payload])).toEqual([
      [ADMIN.userId, expect.objectContaining({ action: 'CANCEL_PAID_BOOKING', reason: 'Provider is ill' })],
    ]);

    const byCustomer = await paidBooking(stack);
    expect((await stack.booking('CANCEL_PAID_BOOKING', { bookingId: byCustomer.id }, t.customer)).status).toBe(200);
    expect(await adminActionsOf(byCustomer.id)).toEqual([]);

    // A refund decision to contest (the admin's refund is its own audit line).
    const contested = await paidBooking(stack);
    const partial = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: contested.id, refundAmount: 1_000, reason: 'Late start', requestId: 'req-audit-contested' },
      t.admin,
    );
    expect(partial.status).toBe(200);
    expect((await refundCall(stack, 'DISPUTE_REFUND', { bookingId: contested.id, reason: 'I want it all back' }, t.customer)).status).toBe(
      200,
    );
    expect(
      (
        await refundCall(
          stack,
          'ADMIN_RESOLVE_REFUND_DISPUTE',
          { bookingId: contested.id, resolution: 'Policy applied correctly' },
          t.admin,
        )
      ).status,
    ).toBe(200);
    expect((await adminActionsOf(contested.id)).map((e) => [e.actorId, e.payload])).toEqual([
      [ADMIN.userId, expect.objectContaining({ action: 'PROCESS_REFUND', reason: 'Late start' })],
      [ADMIN.userId, { action: 'ADMIN_RESOLVE_REFUND_DISPUTE', reason: 'Policy applied correctly' }],
    ]);
  });
});

describe('ADMIN_AUDIT_LOG', () => {
  it('lists newest first across aggregates and months, a page at a time, and one aggregate on its own', async () => {
    // A quiet corner of time of this file's own tables: May and March 2091 (April empty), December 2090, and one event
    // long before, past a year without events, where the walk back ends.
    const at = (iso: string) => new Date(iso);
    const confirmed = (bookingId: string): NewDomainEvent => ({
      type: 'BookingConfirmed',
      aggregateType: 'Booking',
      aggregateId: bookingId,
      actor: { role: 'STRIPE' },
      payload: { transition: 'CONFIRM_PAYMENT', from: 'PENDING_PAYMENT', to: 'CONFIRMED' },
    });
    const admin = (aggregateId: string, reason: string) => ({
      adminId: ADMIN.userId,
      action: 'PROCESS_REFUND',
      aggregateType: 'Booking' as const,
      aggregateId,
      reason,
    });
    await transactWrite(stack.deps, [eventItem(stack.deps, confirmed('bk_audit_old'), at('2089-06-01T00:00:00Z'))]);
    await transactWrite(stack.deps, [eventItem(stack.deps, confirmed('bk_audit_a'), at('2090-12-24T09:00:00Z'))]);
    await transactWrite(stack.deps, [eventItem(stack.deps, confirmed('bk_audit_b'), at('2091-03-10T09:00:00Z'))]);
    await recordAdminAction(stack.deps, admin('bk_audit_a', 'march'), at('2091-03-11T09:00:00Z'));
    await transactWrite(stack.deps, [eventItem(stack.deps, confirmed('bk_audit_c'), at('2091-05-02T09:00:00Z'))]);
    await recordAdminAction(stack.deps, admin('bk_audit_c', 'may'), at('2091-05-20T09:00:00Z'));
    const deps = { ...stack.deps, clock: { now: () => at('2091-05-31T23:00:00Z') } };

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 6; page++) {
      const result = await listAudit(deps, { limit: 2, cursor });
      expect(result.entries.length).toBeLessThanOrEqual(2);
      seen.push(...result.entries.map((e) => `${e.occurredAt.slice(0, 10)} ${e.aggregateId}`));
      cursor = result.cursor;
      if (!cursor) break;
    }
    expect(cursor).toBeUndefined();
    expect(seen).toEqual([
      '2091-05-20 bk_audit_c',
      '2091-05-02 bk_audit_c',
      '2091-03-11 bk_audit_a',
      '2091-03-10 bk_audit_b',
      '2090-12-24 bk_audit_a',
    ]);

    const adminOnly = await listAudit(deps, { limit: 10, adminActionsOnly: true });
    expect(adminOnly.entries.map((e) => e.payload)).toEqual([
      expect.objectContaining({ reason: 'may' }),
      expect.objectContaining({ reason: 'march' }),
    ]);
    expect(adminOnly.entries[0]?.actorEmail).toBe(ADMIN.email);
    const byStripe = await listAudit(deps, { limit: 10, actorRole: 'STRIPE' });
    expect(byStripe.entries.map((e) => e.aggregateId)).toEqual(['bk_audit_c', 'bk_audit_b', 'bk_audit_a']);

    const first = await listAudit(deps, { aggregateType: 'Booking', aggregateId: 'bk_audit_a', limit: 1 });
    expect(first.entries.map((e) => e.type)).toEqual(['AdminActionTaken']);
    const second = await listAudit(deps, { aggregateType: 'Booking', aggregateId: 'bk_audit_a', limit: 1, cursor: first.cursor });
    expect(second.entries.map((e) => e.type)).toEqual(['BookingConfirmed']);
    expect(second.cursor).toBeUndefined();
  });

  it('refuses a half aggregate filter and a cursor it did not make; only admins may read it', async () => {
    expect((await auditCall({ aggregateId: 'bk_1' })).status).toBe(400);
    expect((await auditCall({ cursor: 'not-a-cursor' })).status).toBe(400);
    for (const reason of ['one', 'two'])
      await recordAdminAction(
        stack.deps,
        { adminId: ADMIN.userId, action: 'TEST', aggregateType: 'Booking', aggregateId: 'bk_2', reason },
        new Date(),
      );
    const everything = await auditCall({ limit: 1 });
    expect(everything.status).toBe(200);
    expect(everything.body.cursor).toBeDefined();
    // A cursor of the list of everything does not page one aggregate's history.
    expect((await auditCall({ aggregateType: 'Booking', aggregateId: 'bk_1', cursor: everything.body.cursor })).status).toBe(400);

    const filter = { aggregateType: 'Booking', aggregateId: 'bk_1', adminActionsOnly: true };
    expect((await auditCall(filter, t.customer)).status).toBe(403);
    expect((await auditCall(filter, t.provider)).status).toBe(403);
    expect((await refundCall(stack, 'ADMIN_AUDIT_LOG', filter)).status).toBe(401);
  });
});
