/**
 * Rendering a stored message: times in the recipient's zone with the zone named (and the provider's when it differs),
 * across a daylight-saving change; the invite's UID, SEQUENCE and UTC times; the unsubscribe headers only where a
 * message can be switched off; a missing field fails the message.
 */
import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, MAX_SEND_ATTEMPTS, notificationKey, retryDelayMs } from '../../lib/domain/notifications';
import { inviteSequence } from '../../lib/email/calendar';
import { MissingField } from '../../lib/email/messages';
import { renderEmail } from '../../lib/email/render';
import { icsUtc, parseIcs } from '../setup/ics';

// 01:30 EST to 04:30 EDT in New York: the clocks jump from 2:00 to 3:00 on 14 March 2027.
const ACROSS_DST = { startIso: '2027-03-14T06:30:00.000Z', endIso: '2027-03-14T08:30:00.000Z' };
const booking = {
  bookingId: 'bk_dst',
  serviceTitle: 'Night photo walk',
  ...ACROSS_DST,
  providerZone: 'America/New_York',
  customerEmail: 'c@example.test',
  amount: '$120.00',
  changedAt: '2027-03-01T10:00:00.000Z',
  appUrl: 'https://app.example.test',
};

describe('booking confirmed', () => {
  it('shows each end of a booking across a DST change in its own offset, the zone named', async () => {
    const email = await renderEmail({
      id: 'booking:bk_dst:confirmed:provider',
      kind: 'booking-confirmed',
      to: 'p@example.test',
      fields: { ...booking, recipientZone: 'America/New_York', recipientRole: 'provider' },
    });
    expect(email.text).toContain('Sunday, March 14, 2027 at 1:30 AM EST to 4:30 AM EDT (America/New_York)');
    expect(email.html).toContain('1:30 AM EST to 4:30 AM EDT');
    expect(email.headers).toBeUndefined(); // transactional: no unsubscribe
    const invite = parseIcs(email.attachments![0]!.content);
    expect(invite).toMatchObject({
      method: 'REQUEST',
      uid: 'bk_dst@bookwell',
      status: 'CONFIRMED',
      dtstart: icsUtc(ACROSS_DST.startIso),
      dtend: icsUtc(ACROSS_DST.endIso),
      sequence: inviteSequence(booking.changedAt),
    });
  });

  it("a customer elsewhere reads their own zone, and the provider's local time too", async () => {
    const email = await renderEmail({
      id: 'booking:bk_dst:confirmed:customer',
      kind: 'booking-confirmed',
      to: 'c@example.test',
      fields: { ...booking, recipientZone: 'Europe/Berlin', recipientRole: 'customer' },
    });
    expect(email.text).toContain('Sunday, March 14, 2027 at 7:30 AM GMT+1 to 9:30 AM GMT+1 (Europe/Berlin)');
    expect(email.text).toContain('for the provider: Sunday, March 14, 2027 at 1:30 AM EST to 4:30 AM EDT (America/New_York)');
  });
});

describe('a booking paid with a promotion code', () => {
  it.each([
    [{ discount: '$9.60', promotionCode: 'SPRING10' }, 'paid $110.40 ($9.60 off with the code SPRING10).'],
    [{}, 'paid $110.40.'],
  ])('the customer reads what they paid and the discount: %o', async (extra, words) => {
    const email = await renderEmail({
      id: 'booking:bk_promo:confirmed:customer',
      kind: 'booking-confirmed',
      to: 'c@example.test',
      fields: { ...booking, amount: '$110.40', ...extra, recipientZone: 'UTC', recipientRole: 'customer' },
    });
    expect(email.text).toContain(`You booked Night photo walk and ${words}`);
  });
});

describe('the invite across messages', () => {
  it('keeps its UID and raises SEQUENCE when the booking is cancelled later', async () => {
    const confirmed = await renderEmail({
      id: 'a',
      kind: 'booking-confirmed',
      to: 'c@x.test',
      fields: { ...booking, recipientZone: 'UTC', recipientRole: 'customer' },
    });
    const cancelled = await renderEmail({
      id: 'b',
      kind: 'booking-cancelled',
      to: 'c@x.test',
      fields: { ...booking, changedAt: '2027-03-02T10:00:00.000Z', recipientZone: 'UTC', recipientRole: 'customer' },
    });
    const [a, b] = [confirmed, cancelled].map((e) => parseIcs(e.attachments![0]!.content));
    expect(b!.uid).toBe(a!.uid);
    expect(b!.sequence).toBeGreaterThan(a!.sequence!);
    expect(b).toMatchObject({ method: 'CANCEL', status: 'CANCELLED' });
  });
});

describe('booking rescheduled', () => {
  it('says the new time and the old one, each in the zone named, and moves the calendar event (same UID, later SEQUENCE)', async () => {
    const moved = await renderEmail({
      id: 'booking:bk_dst:rescheduled:1:customer',
      kind: 'booking-rescheduled',
      to: 'c@x.test',
      fields: {
        ...booking,
        startIso: '2027-03-16T14:00:00.000Z',
        endIso: '2027-03-16T15:00:00.000Z',
        fromStartIso: '2027-03-12T15:00:00.000Z',
        fromEndIso: '2027-03-12T16:00:00.000Z',
        changedAt: '2027-03-05T10:00:00.000Z',
        recipientZone: 'America/New_York',
        recipientRole: 'customer',
      },
    });
    // the same wall-clock time on both sides of the change: 10 AM EST before, 10 AM EDT after
    expect(moved.text).toContain('New time: Tuesday, March 16, 2027 at 10:00 AM EDT to 11:00 AM EDT (America/New_York)');
    expect(moved.text).toContain('It was: Friday, March 12, 2027 at 10:00 AM EST to 11:00 AM EST (America/New_York)');
    const invite = parseIcs(moved.attachments![0]!.content);
    expect(invite).toMatchObject({ method: 'REQUEST', uid: 'bk_dst@bookwell', dtstart: icsUtc('2027-03-16T14:00:00.000Z') });
    expect(invite.sequence).toBeGreaterThan(inviteSequence(booking.changedAt));
  });
});

describe('switching off and failing', () => {
  it('a reminder carries the unsubscribe link and the one-click headers', async () => {
    const q = 'user=u&kind=booking-reminder&token=t';
    const pageUrl = `https://app.example.test/notifications/unsubscribe?${q}`;
    const oneClickUrl = `https://app.example.test/api/notifications/unsubscribe?${q}`;
    const email = await renderEmail({
      id: 'r',
      kind: 'booking-reminder',
      to: 'c@x.test',
      fields: { ...booking, recipientZone: 'UTC', recipientRole: 'customer' },
      unsubscribe: { pageUrl, oneClickUrl },
    });
    expect(email.headers).toEqual({ 'List-Unsubscribe': `<${oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    expect(email.html).toContain(pageUrl.replace(/&/g, '&amp;'));
  });

  it('a missing field fails the message with MissingField', async () => {
    const { serviceTitle: _dropped, ...without } = booking;
    await expect(
      renderEmail({
        id: 'm',
        kind: 'booking-confirmed',
        to: 'c@x.test',
        fields: { ...without, recipientZone: 'UTC', recipientRole: 'customer' },
      }),
    ).rejects.toBeInstanceOf(MissingField);
  });
});

describe('keys and retries', () => {
  it('the key names subject, what happened and the recipient', () => {
    expect(notificationKey('booking:bk_1', 'confirmed', 'customer')).toBe('booking:bk_1:confirmed:customer');
  });

  it.each([
    [1, 60_000],
    [2, 240_000],
    [3, 960_000],
    [4, 3_840_000],
  ])('after attempt %i the next waits %i ms', (attempt, ms) => {
    expect(retryDelayMs(attempt)).toBe(ms);
    expect(afterFailedAttempt(attempt, new Date(0))).toEqual({ status: 'PENDING', nextAttemptAt: new Date(ms).toISOString() });
  });

  it('the last attempt dead-letters the message', () => {
    expect(afterFailedAttempt(MAX_SEND_ATTEMPTS, new Date(0))).toEqual({ status: 'DEAD' });
  });
});
