/**
 * Reminders, preferences and the admins' view through the production handlers: the scheduled notifications step
 * queues one reminder per booking and recipient however often it runs, with the unsubscribe link and the one-click
 * headers; a signed unsubscribe switches reminders off without a session (a forged or replayed one changes nothing
 * more); admins list a booking's emails and a resend of a sent one sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notification } from '../../../lib/data/notification-writes';
import type { NotificationResponses } from '../../../lib/http/notifications';
import type { Deps } from '../../../lib/ports';
import { runScheduledWork } from '../../../lib/services/payouts';
import { unsubscribeToken } from '../../../lib/services/unsubscribe-links';
import { CUSTOMER, paidBooking, PROVIDER, refundCall, tokens } from '../refunds/support';
import { startTestStack, type TestStack } from '../support/local-stack';
import { emailsWithKey, rawHeader, waitForEmails } from '../support/maildev';

const HOUR = 3_600_000;
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack('notify-prefs');
});
afterAll(async () => stack?.close());

/** The stack's dependencies with the clock `hours` before a booking starts (the reminder window is 24 h). */
const hoursBefore = (startIso: string, hours: number): Deps => ({
  ...stack.deps,
  clock: { now: () => new Date(Date.parse(startIso) - hours * HOUR) },
});
const prefs = async (action: string, payload: object, token: string) =>
  stack.booking<NotificationResponses['GET_NOTIFICATION_PREFERENCES']>(action, payload, token);
const unsubscribe = (payload: object) => stack.booking<NotificationResponses['UNSUBSCRIBE']>('UNSUBSCRIBE', payload);

describe('reminders', () => {
  it('the hourly step queues one reminder per recipient, however often it runs, with the unsubscribe link and headers', async () => {
    const booking = await paidBooking(stack);
    await stack.events.drained();
    // 30 h before: outside the window; 20 h before, twice (and concurrently): one each
    expect((await runScheduledWork(hoursBefore(booking.startDateTime, 30), { steps: ['notifications'] })).notifications.reminders).toBe(0);
    const runs = await Promise.all([
      runScheduledWork(hoursBefore(booking.startDateTime, 20), { steps: ['notifications'] }),
      runScheduledWork(hoursBefore(booking.startDateTime, 20), { steps: ['notifications'] }),
    ]);
    expect(runs.reduce((n, r) => n + r.notifications.reminders, 0)).toBe(2);
    await runScheduledWork(hoursBefore(booking.startDateTime, 19), { steps: ['notifications'] });

    const [toCustomer, ...more] = await waitForEmails(`booking:${booking.id}:reminder:customer`);
    expect(more).toEqual([]);
    expect(await waitForEmails(`booking:${booking.id}:reminder:provider`)).toHaveLength(1);
    expect(toCustomer!.subject).toBe(`Reminder: ${booking.serviceTitle}`);
    const oneClick = await rawHeader(toCustomer!, 'List-Unsubscribe');
    expect(oneClick).toMatch(/^<.+\/api\/notifications\/unsubscribe\?user=user_demo_customer&kind=booking-reminder&token=.+>$/);
    expect(await rawHeader(toCustomer!, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(toCustomer!.html).toContain('/notifications/unsubscribe?user=user_demo_customer');
  });

  it('an account that switched reminders off gets none; the other side still does', async () => {
    const { customer } = tokens(stack);
    expect((await prefs('GET_NOTIFICATION_PREFERENCES', {}, customer)).body).toEqual({ reminders: true });
    expect((await prefs('SET_NOTIFICATION_PREFERENCES', { reminders: false }, customer)).body).toEqual({ reminders: false });
    expect((await prefs('GET_NOTIFICATION_PREFERENCES', {}, customer)).body).toEqual({ reminders: false });
    try {
      const booking = await paidBooking(stack);
      await runScheduledWork(hoursBefore(booking.startDateTime, 10), { steps: ['notifications'] });
      expect(await notification(stack.deps, `booking:${booking.id}:reminder:customer`)).toBeUndefined();
      expect(await waitForEmails(`booking:${booking.id}:reminder:provider`)).toHaveLength(1);
      expect(await emailsWithKey(`booking:${booking.id}:reminder:customer`)).toEqual([]);
    } finally {
      await prefs('SET_NOTIFICATION_PREFERENCES', { reminders: true }, customer);
    }
    // a bad preference is a 400, not a half-written record
    const bad = await prefs('SET_NOTIFICATION_PREFERENCES', { reminders: 'no' }, customer);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});

describe('the signed unsubscribe', () => {
  const secret = () => stack.deps.notifications!.unsubscribeSecret;

  it('switches reminders off without a session; again is the same; a forged or other-kind token is refused', async () => {
    const token = unsubscribeToken(secret(), PROVIDER.userId, 'booking-reminder');
    const first = await unsubscribe({ user: PROVIDER.userId, kind: 'booking-reminder', token });
    expect(first).toEqual({ status: 200, body: { unsubscribed: true, kind: 'booking-reminder' } });
    expect((await unsubscribe({ user: PROVIDER.userId, kind: 'booking-reminder', token })).status).toBe(200);
    const { provider } = tokens(stack);
    expect((await prefs('GET_NOTIFICATION_PREFERENCES', {}, provider)).body).toEqual({ reminders: false });
    await prefs('SET_NOTIFICATION_PREFERENCES', { reminders: true }, provider);

    // the provider's token does not unsubscribe the customer
    const forged = await unsubscribe({ user: CUSTOMER.userId, kind: 'booking-reminder', token });
    expect(forged.status).toBe(403);
    expect(forged.body).toMatchObject({ code: 'FORBIDDEN' });
    // transactional messages cannot be switched off
    const receipt = await unsubscribe({ user: CUSTOMER.userId, kind: 'booking-completed', token: 'x'.repeat(43) });
    expect(receipt.status).toBe(400);
    expect((await prefs('GET_NOTIFICATION_PREFERENCES', {}, tokens(stack).customer)).body).toEqual({ reminders: true });
  });
});

describe('admins', () => {
  it('list a booking’s emails; only admins; a resend of a sent message sends nothing', async () => {
    const booking = await paidBooking(stack);
    await stack.events.drained();
    await waitForEmails(`booking:${booking.id}:confirmed:customer`);
    const { admin, customer } = tokens(stack);
    const list = await refundCall<NotificationResponses['ADMIN_NOTIFICATIONS']>(
      stack,
      'ADMIN_NOTIFICATIONS',
      { bookingId: booking.id },
      admin,
    );
    expect(list.status).toBe(200);
    expect(list.body.notifications.map((n) => `${n.kind} ${n.recipientRole} ${n.status}`).sort()).toEqual([
      'booking-confirmed customer SENT',
      'booking-confirmed provider SENT',
    ]);
    expect((await refundCall(stack, 'ADMIN_NOTIFICATIONS', { bookingId: booking.id }, customer)).status).toBe(403);
    expect((await refundCall(stack, 'ADMIN_NOTIFICATIONS', { bookingId: 'bk_nope' }, admin)).status).toBe(404);

    const id = `booking:${booking.id}:confirmed:customer`;
    const resent = await refundCall<NotificationResponses['ADMIN_RESEND_NOTIFICATION']>(
      stack,
      'ADMIN_RESEND_NOTIFICATION',
      { notificationId: id },
      admin,
    );
    expect(resent.body).toEqual({ requeued: false, status: 'SENT' });
    expect(await emailsWithKey(id)).toHaveLength(1);
  });
});
