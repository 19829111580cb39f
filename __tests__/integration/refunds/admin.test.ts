import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminActions } from '../../../lib/functions/actions/admin';
import { logEventOutcome, logEventReceived } from '../../../lib/data/event-log-writes';
import type { AuditPage } from '../../../lib/services/audit';
import { startTestStack, type TestStack } from '../support/local-stack';
import { ADMIN, CUSTOMER, paidBooking, refundCall, tokens } from './support';

let stack: TestStack;
let t: ReturnType<typeof tokens>;
beforeAll(async () => {
  stack = await startTestStack('refund-admin');
  t = tokens(stack);
});
afterAll(async () => stack?.close());

const ADMIN_ONLY = [...Object.keys(adminActions), 'ADMIN_RESOLVE_REFUND_DISPUTE'];
const SAMPLE: Record<string, object> = {
  ADMIN_GET_BOOKING: { bookingId: 'bk_x' },
  ADMIN_REPROCESS_EVENT: { eventId: 'evt_x' },
  ADMIN_RESOLVE_REFUND_DISPUTE: { bookingId: 'bk_x', resolution: 'resolved' },
};

describe('authorization matrix', () => {
  it.each(ADMIN_ONLY)('%s: customer 403, provider 403, anonymous 401', async (action) => {
    const payload = SAMPLE[action] ?? {};
    expect((await refundCall(stack, action, payload, t.customer)).status).toBe(403);
    expect((await refundCall(stack, action, payload, t.provider)).status).toBe(403);
    expect((await refundCall(stack, action, payload)).status).toBe(401);
  });
});

describe('admin API', () => {
  it('lists and searches bookings, shows the money flow and audits the refund', async () => {
    const booking = await paidBooking(stack);
    const all = await refundCall<{ bookings: { id: string }[] }>(stack, 'ADMIN_LIST_BOOKINGS', {}, t.admin);
    expect(all.status).toBe(200);
    expect(all.body.bookings[0]?.id).toBe(booking.id);
    const byEmail = await refundCall<{ bookings: { id: string }[] }>(stack, 'ADMIN_LIST_BOOKINGS', { search: CUSTOMER.email }, t.admin);
    expect(byEmail.body.bookings.map((b) => b.id)).toContain(booking.id);
    const byId = await refundCall<{ bookings: { id: string }[] }>(stack, 'ADMIN_LIST_BOOKINGS', { search: booking.id }, t.admin);
    expect(byId.body.bookings.map((b) => b.id)).toEqual([booking.id]);
    const confirmed = await refundCall<{ bookings: { id: string; status: string }[] }>(
      stack,
      'ADMIN_LIST_BOOKINGS',
      { status: 'CONFIRMED' },
      t.admin,
    );
    expect(confirmed.body.bookings.every((b) => b.status === 'CONFIRMED')).toBe(true);

    const refund = await refundCall(
      stack,
      'PROCESS_REFUND',
      { bookingId: booking.id, refundAmount: 2_500, reason: 'late arrival', requestId: 'req-admin-1' },
      t.admin,
    );
    expect(refund.status).toBe(200);
    const detail = await refundCall<{ flow: { balanced: boolean; refundedCents: number }; stripe: { agrees: boolean } }>(
      stack,
      'ADMIN_GET_BOOKING',
      { bookingId: booking.id },
      t.admin,
    );
    expect(detail.body.flow).toMatchObject({ balanced: true, refundedCents: 2_500 });
    expect(detail.body.stripe.agrees).toBe(true);
    const audit = await refundCall<AuditPage>(stack, 'ADMIN_AUDIT_LOG', { adminActionsOnly: true }, t.admin);
    expect(audit.body.entries[0]).toMatchObject({
      aggregateType: 'Booking',
      aggregateId: booking.id,
      payload: { action: 'PROCESS_REFUND', reason: 'late arrival' },
      actorEmail: 'admin@marketplace.local',
    });

    // the metrics read the rollups, which the events' consumer keeps: wait for it to catch up
    await stack.events.drained();
    const metrics = await refundCall<{
      days: { day: string; commissionCents: number; refundedCents: number; bookings: number; refundRateBps: number }[];
    }>(stack, 'ADMIN_METRICS', { days: 7 }, t.admin);
    const today = metrics.body.days.at(-1)!;
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    expect(today.bookings).toBeGreaterThanOrEqual(1);
    expect(today.refundedCents).toBe(2_500);
    expect(today.commissionCents).toBe(960 - 200);

    const providers = await refundCall<{ providers: { email: string; stripeAccountStatus: string }[] }>(
      stack,
      'ADMIN_LIST_PROVIDERS',
      {},
      t.admin,
    );
    expect(providers.body.providers).toEqual([
      expect.objectContaining({ email: 'provider@marketplace.local', stripeAccountStatus: 'ACTIVE' }),
    ]);
  });

  it('lists webhook events and reprocesses a failed one from Stripe', async () => {
    const booking = await paidBooking(stack);
    const events = await stack.deps.stripe.events.list({ type: 'payment_intent.succeeded', limit: 1 });
    const event = events.data[0]!;
    expect((event.data.object as unknown as { metadata: { bookingId: string } }).metadata.bookingId).toBe(booking.id);
    // A delivery of it that failed, logged as the dispatcher logs one.
    const receivedAt = await logEventReceived(stack.deps, event, stack.deps.clock.now());
    await logEventOutcome(stack.deps, event.id, receivedAt!, { status: 'FAILED', error: 'boom' }, stack.deps.clock.now());
    const failed = await refundCall<{ events: { id: string; status: string }[] }>(
      stack,
      'ADMIN_LIST_EVENTS',
      { status: 'FAILED' },
      t.admin,
    );
    expect(failed.body.events.map((e) => e.id)).toContain(event.id);
    const re = await refundCall<{ outcome: string }>(stack, 'ADMIN_REPROCESS_EVENT', { eventId: event.id }, t.admin);
    expect(re.status).toBe(200);
    expect(re.body.outcome).toBe('duplicate'); // it had in fact been processed: the dispatcher's dedupe holds
    const all = await refundCall<{ events: { id: string; status: string }[] }>(stack, 'ADMIN_LIST_EVENTS', {}, t.admin);
    expect(all.body.events.find((e) => e.id === event.id)?.status).toBe('PROCESSED');
    // The reprocess moved the row between the status lists (its statusMonth changed with its status).
    const byStatus = async (status: string) =>
      (await refundCall<{ events: { id: string }[] }>(stack, 'ADMIN_LIST_EVENTS', { status, limit: 200 }, t.admin)).body.events.map(
        (e) => e.id,
      );
    expect(await byStatus('FAILED')).not.toContain(event.id);
    expect(await byStatus('PROCESSED')).toContain(event.id);
    expect((await refundCall(stack, 'ADMIN_REPROCESS_EVENT', { eventId: event.id }, t.admin)).status).toBe(409);
    const audit = await refundCall<AuditPage>(stack, 'ADMIN_AUDIT_LOG', { aggregateType: 'StripeEvent', aggregateId: event.id }, t.admin);
    expect(audit.body.entries.map((e) => [e.type, e.actor.id, e.payload])).toEqual([
      ['AdminActionTaken', ADMIN.userId, { action: 'ADMIN_REPROCESS_EVENT', details: { eventType: event.type, outcome: 'duplicate' } }],
    ]);
  });
});
