/**
 * A no-show told to the customer: MARK_NO_SHOW's BookingNoShow event becomes one email (through the production
 * consumers on the DomainEvent stream and MailDev), the customer's booking view says when, and a second click (409)
 * or a replay of the stream sends nothing more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BookingView } from '../../../lib/http/booking-processor';
import { startLocalEventStream, type EventStream } from '../../../lib/local/event-stream';
import { CUSTOMER, paidBooking, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';
import { emailsWithKey, waitForEmails } from '../support/maildev';

const CLEANING = 'svc_demo_cleaning';

let stack: LifecycleStack;
let stream: EventStream;
beforeAll(async () => {
  stack = await startLifecycleStack('no-show-message');
  stream = startLocalEventStream(stack.deps, { endpoint: process.env.DYNAMODB_ENDPOINT!, progress: false, log: () => {} });
});
afterAll(async () => {
  await stream?.stop();
  await stack?.close();
});

describe('a no-show, told to the customer', () => {
  it('one email to the customer, the booking view says when, nothing more on a second click', async () => {
    const { bookingId, slot } = await paidBooking(stack, CLEANING, 1);
    stack.setClockOffset(Date.parse(slot.startDateTime) + 20 * 60_000 - Date.now());
    try {
      const marked = await stack.booking<{ noShowAt: string }>('MARK_NO_SHOW', { bookingId }, stack.providerToken);
      expect(marked.status).toBe(200);

      await stream.drained();
      const key = `booking:${bookingId}:no-show:customer`;
      const [email] = await waitForEmails(key);
      expect(email?.to[0]?.address).toBe(CUSTOMER.email);
      expect(email?.subject).toMatch(/^Marked as a no-show: /);
      expect(email?.text).toContain('If you did attend, contest the refund decision from the booking page.');
      // the provider is not told what they did themselves
      expect(await emailsWithKey(`booking:${bookingId}:no-show:provider`)).toEqual([]);

      const view = await stack.booking<{ booking: BookingView }>('GET_BOOKING', { bookingId }, stack.customerToken);
      expect(view.body.booking).toMatchObject({ status: 'COMPLETED', noShowAt: marked.body.noShowAt });

      expect((await stack.booking('MARK_NO_SHOW', { bookingId }, stack.providerToken)).status).toBe(409);
      await stream.drained();
      expect(await emailsWithKey(key)).toHaveLength(1);
    } finally {
      stack.setClockOffset(0);
    }
  });
});
