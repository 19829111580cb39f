/**
 * Notifications end to end on DynamoDB Local, the Stripe emulator and MailDev: the production consumers read the
 * DomainEvent stream, the notifier writes one outbox row per message and sends it over SMTP after the commit. Checked
 * in MailDev's inbox: a confirmation per recipient however often the payment's webhook comes, with an invite that
 * parses back in the right zone (also across a DST change); a failed payout's email with Stripe's reason; a failed
 * send retried once and never duplicated; a refused address or a missing field fails only that message.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { notification, putNotificationOnce } from '../../../lib/data/notification-writes';
import type { SchedulePayoutResponse } from '../../../lib/http/payout-manager';
import { startLocalEventStream, type EventStream } from '../../../lib/local/event-stream';
import { MailRejected, type Deps, type Mailer } from '../../../lib/ports';
import { deliverDueNotifications, deliverNotification, resendNotification } from '../../../lib/services/notification-delivery';
import { icsUtc, parseIcs } from '../../setup/ics';
import { CUSTOMER, freeSlots, payLikeStripeJs, PORTRAIT, PROVIDER, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';
import { attachmentText, emailsWithKey, rawHeader, waitForEmails } from '../support/maildev';

const INSTANT = '4000000000000077'; // funds available at once: transfers and payouts can follow
const HOUR = 3_600_000;

let stack: LifecycleStack;
let events: EventStream;
let deps: Deps;
/** Keys whose next send fails like a dropped connection (once each), and keys the server refuses for good. */
const failOnce = new Set<string>();
const refuse = new Set<string>();

beforeAll(async () => {
  stack = await startLifecycleStack('notify');
  const smtp = stack.deps.mailer!;
  const faulty: Mailer = {
    async send(email) {
      if (refuse.has(email.idempotencyKey)) throw new MailRejected(`550 mailbox unavailable: ${email.to}`);
      if (failOnce.delete(email.idempotencyKey)) throw new Error('injected fault: connection reset');
      return smtp.send(email);
    },
  };
  deps = { ...stack.deps, mailer: faulty };
  events = startLocalEventStream(deps, {
    endpoint: process.env.DYNAMODB_ENDPOINT!,
    progress: false,
    log: (line) => console.warn(`[events notify] ${line}`),
  });
  // The customer reads times in Berlin; the provider (and the service) in New York.
  await stack.deps.db.send(
    new UpdateCommand({
      TableName: stack.tables.UserProfile,
      Key: { id: CUSTOMER.userId },
      UpdateExpression: 'SET #zone = :z',
      ExpressionAttributeNames: { '#zone': 'timeZone' },
      ExpressionAttributeValues: { ':z': 'Europe/Berlin' },
    }),
  );
});
afterAll(async () => {
  await events?.stop();
  await stack?.close();
});

/** Slots taken here (a booking moved to another date still holds its slot). */
const taken = new Set<string>();

async function book(pick: (s: { startDateTime: string }) => boolean = () => true) {
  const slot = (await freeSlots(stack, PORTRAIT)).find((s) => !taken.has(s.startDateTime) && pick(s));
  if (!slot) throw new Error('no free slot');
  const res = await stack.booking<{ bookingId: string; clientSecret: string }>(
    'CREATE_BOOKING',
    { serviceId: PORTRAIT, ...slot, groupSize: 1 },
    stack.customerToken,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  taken.add(slot.startDateTime);
  return { ...res.body, slot };
}

async function pay(clientSecret: string, card = '4242424242424242') {
  expect((await payLikeStripeJs(stack, clientSecret, card)).body.status).toBe('succeeded');
  await stack.emulator.flushWebhooks();
}

/** The payment's webhook again: the same event, and the same event under a new id (what a retrying sender may do). */
async function deliverPaymentAgain(bookingId: string) {
  const list = await stack.deps.stripe.events.list({ limit: 100, type: 'payment_intent.succeeded' });
  const event = list.data.find((e) => (e.data.object as Stripe.PaymentIntent).metadata.bookingId === bookingId)!;
  expect((await stack.deliver(event)).body.outcome).toBe('duplicate');
  expect((await stack.deliver({ ...event, id: `${event.id}_again` })).status).toBe(200);
}

describe('a booking paid through a signed webhook delivered twice', () => {
  it('sends exactly one confirmation per recipient, each in its zone, with an invite that parses back', async () => {
    const { bookingId, clientSecret, slot } = await book();
    await pay(clientSecret);
    await deliverPaymentAgain(bookingId);
    await events.drained();

    const [toCustomer, ...moreToCustomer] = await waitForEmails(`booking:${bookingId}:confirmed:customer`);
    const [toProvider, ...moreToProvider] = await waitForEmails(`booking:${bookingId}:confirmed:provider`);
    expect(moreToCustomer).toEqual([]);
    expect(moreToProvider).toEqual([]);
    expect(toCustomer!.to[0]!.address).toBe(CUSTOMER.email);
    expect(toProvider!.to[0]!.address).toBe(PROVIDER.email);
    expect(toCustomer!.subject).toBe('Booking confirmed: Portrait Photography Session');
    expect(toCustomer!.text).toContain('(Europe/Berlin)');
    expect(toCustomer!.text).toContain('for the provider:');
    expect(toProvider!.text).toContain('(America/New_York)');
    expect(toProvider!.text).not.toContain('Europe/Berlin');
    // transactional: no unsubscribe header
    expect(await rawHeader(toCustomer!, 'List-Unsubscribe')).toBeUndefined();

    const invite = parseIcs(await attachmentText(toCustomer!, 'booking.ics'));
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: `${bookingId}@bookwell`,
      status: 'CONFIRMED',
      dtstart: icsUtc(slot.startDateTime),
      dtend: icsUtc(slot.endDateTime),
    });
    expect(invite.sequence).toBeGreaterThan(0);

    // redelivered again, later: still one of each
    await deliverPaymentAgain(bookingId);
    await events.drained();
    expect(await emailsWithKey(`booking:${bookingId}:confirmed:customer`)).toHaveLength(1);
    expect(await emailsWithKey(`booking:${bookingId}:confirmed:provider`)).toHaveLength(1);
  });

  it('a booking across a DST change reads right in each zone; a refused address fails only its message, and a resend is idempotent', async () => {
    const { bookingId, clientSecret } = await book();
    // 01:30 EST to 04:30 EDT in New York (the clocks jump at 2:00 on 14 March 2027): moved there before it is paid
    const start = '2027-03-14T06:30:00.000Z';
    const end = '2027-03-14T08:30:00.000Z';
    await stack.deps.db.send(
      new UpdateCommand({
        TableName: stack.tables.Booking,
        Key: { id: bookingId },
        UpdateExpression: 'SET startDateTime = :s, endDateTime = :e',
        ExpressionAttributeValues: { ':s': start, ':e': end },
      }),
    );
    const providerKey = `booking:${bookingId}:confirmed:provider`;
    refuse.add(providerKey);
    const errors = vi.spyOn(console, 'error');
    await pay(clientSecret);
    await events.drained();

    // the money flow went on
    expect((await stack.storedBooking(bookingId)).status).toBe('CONFIRMED');
    expect(await stack.ledger(bookingId)).toHaveLength(3);
    expect(events.deadLetters).toEqual([]);
    // the refused message is FAILED and logged with its id; nothing reached the inbox for it
    expect(await notification(stack.deps, providerKey)).toMatchObject({ status: 'FAILED', lastError: expect.stringContaining('550') });
    expect(errors.mock.calls.flat().join('\n')).toContain(providerKey);
    errors.mockRestore();
    expect(await emailsWithKey(providerKey)).toEqual([]);

    const [toCustomer] = await waitForEmails(`booking:${bookingId}:confirmed:customer`);
    expect(toCustomer!.text).toContain('Sunday, March 14, 2027 at 7:30 AM GMT+1 to 9:30 AM GMT+1 (Europe/Berlin)');
    expect(toCustomer!.text).toContain('for the provider: Sunday, March 14, 2027 at 1:30 AM EST to 4:30 AM EDT (America/New_York)');
    const invite = parseIcs(await attachmentText(toCustomer!, 'booking.ics'));
    expect(invite).toMatchObject({ dtstart: '20270314T063000Z', dtend: '20270314T083000Z' });

    // the address works again: an admin's resend sends it once; a second resend finds it sent
    refuse.delete(providerKey);
    expect(await resendNotification(deps, providerKey)).toEqual({ requeued: true, result: 'sent' });
    expect(await resendNotification(deps, providerKey)).toEqual({ requeued: false });
    const [toProvider, ...more] = await waitForEmails(providerKey);
    expect(more).toEqual([]);
    expect(toProvider!.text).toContain('Sunday, March 14, 2027 at 1:30 AM EST to 4:30 AM EDT (America/New_York)');
  });

  it('a message missing a template field fails alone, logged with its id', async () => {
    const id = 'booking:bk_missing:confirmed:customer';
    await putNotificationOnce(
      stack.deps,
      {
        id,
        kind: 'booking-confirmed',
        recipientRole: 'customer',
        recipientEmail: CUSTOMER.email,
        subjectKey: 'booking:bk_missing',
        fields: { bookingId: 'bk_missing' },
      },
      stack.now(),
    );
    const errors = vi.spyOn(console, 'error');
    expect(await deliverNotification(deps, id)).toBe('failed');
    expect(errors.mock.calls.flat().join('\n')).toMatch(new RegExp(`message ${id} .*missing template field`));
    errors.mockRestore();
    expect(await notification(stack.deps, id)).toMatchObject({ status: 'FAILED' });
  });
});

describe('completion and payout', () => {
  let completed: Awaited<ReturnType<typeof book>>;

  it('a failed payout tells the provider with Stripe’s reason; the receipt’s failed send is retried once, never duplicated', async () => {
    completed = await book((s) => Date.parse(s.startDateTime) - Date.now() > HOUR);
    await pay(completed.clientSecret, INSTANT);
    stack.setClockOffset(Date.parse(completed.slot.startDateTime) + HOUR - Date.now());
    const receiptKey = `booking:${completed.bookingId}:completed:customer`;
    failOnce.add(receiptKey);
    expect((await stack.booking('COMPLETE_BOOKING', { bookingId: completed.bookingId }, stack.providerToken)).status).toBe(200);

    await stack.helper(`accounts/${stack.seed.providerAccountId}/payout_failure`, { failure_code: 'account_closed' });
    try {
      await stack.helper('webhooks/pause');
      const run = await stack.payouts<SchedulePayoutResponse>('SCHEDULE_PAYOUT', {}, stack.providerToken);
      await stack.helper('webhooks/resume');
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      const payoutId = run.body.payouts[0]!.id;
      await stack.emulator.advanceClock(86_400 + 60);
      await stack.emulator.flushWebhooks();
      await events.drained();

      const payout = await stack.storedPayout(payoutId);
      expect(payout).toMatchObject({ status: 'failed', failureCode: 'account_closed' });
      const [failed, ...more] = await waitForEmails(`payout:${payoutId}:failed:provider`);
      expect(more).toEqual([]);
      expect(failed!.to[0]!.address).toBe(PROVIDER.email);
      expect(failed!.subject).toBe('Payout failed: $110.40');
      expect(failed!.text).toContain(`Stripe's reason: ${payout!.failureMessage}`);
    } finally {
      await stack.helper(`accounts/${stack.seed.providerAccountId}/payout_failure`, { failure_code: '' });
    }

    // the receipt's first send failed: due again after the backoff, nothing in the inbox yet
    const pending = await notification(stack.deps, receiptKey);
    expect(pending).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'injected fault: connection reset' });
    expect(await emailsWithKey(receiptKey)).toEqual([]);
    // before the backoff ends nothing is due; after it, two concurrent runs send it once
    expect((await deliverDueNotifications(deps)).sent).toBe(0);
    stack.setClockOffset(Date.parse(pending!.nextAttemptAt!) + 1_000 - Date.now());
    const runs = await Promise.all([deliverDueNotifications(deps), deliverDueNotifications(deps)]);
    expect(runs.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(await notification(stack.deps, receiptKey)).toMatchObject({ status: 'SENT', attempts: 2 });
    const [receipt, ...again] = await waitForEmails(receiptKey);
    expect(again).toEqual([]);
    expect(receipt!.subject).toBe('Receipt: Portrait Photography Session');
  });
});
