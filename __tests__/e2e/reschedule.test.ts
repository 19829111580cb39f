/**
 * A customer moves a paid booking across a daylight-saving change in the service's zone (America/New_York), on a
 * phone-sized screen, with the keyboard for the first step: the page shows the same wall-clock time before and after,
 * each in its own offset, and says it was moved. The demo customer; no sign-up. Detail is in the integration tests.
 */
import path from 'node:path';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { BookingRecord } from '../../lib/data/records';
import { localDeps, localEnv } from '../../lib/local/runtime';
import { E2E_SHOTS as SHOTS, callApi, emulatorPost, logInAs, useBrowserSession } from '../setup/browser';
import { fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const emulatorUrl = inject('stripeEmulatorUrl');
const customer = inject('demoLogins').find((l) => l.role === 'customer')!;
const session = useBrowserSession(baseURL);
const deps = localDeps(localEnv());

const SERVICE = 'svc_demo_cleaning'; // FLEXIBLE: movable until 24 h before; America/New_York
const ZONE = 'America/New_York';
const DAY = 86_400_000;
type Slot = { startDateTime: string; endDateTime: string };

const offsetOf = (at: Date) =>
  new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')!.value;
const wallClock = (iso: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
const localDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(at);

/** The first local date, at least four days ahead (the old time must be movable: 24 h before it), whose noon has another UTC offset than the day before's. */
function nextOffsetChange(): Date {
  for (let t = Date.now() + 4 * DAY; t < Date.now() + 366 * DAY; t += DAY) {
    if (offsetOf(new Date(t)) !== offsetOf(new Date(t - DAY))) return new Date(t);
  }
  throw new Error('no offset change within a year');
}

const api = <T>(p: Page, action: string, fields: object) => callApi<T>(p.request, 'booking-processor', { action, ...fields });

/** A free time on a day before the change and one at the same wall-clock time on a day after it. */
async function slotsAcross(p: Page, change: Date): Promise<[Slot, Slot]> {
  const { slots } = await api<{ slots: Slot[] }>(p, 'CHECK_AVAILABILITY', {
    serviceId: SERVICE,
    from: localDate(new Date(change.getTime() - 6 * DAY)),
    to: localDate(new Date(change.getTime() + 6 * DAY)),
  });
  const before = slots.filter((s) => offsetOf(new Date(s.startDateTime)) === offsetOf(new Date(change.getTime() - 2 * DAY)));
  const after = slots.filter((s) => offsetOf(new Date(s.startDateTime)) === offsetOf(new Date(change.getTime() + 2 * DAY)));
  for (const old of before.reverse()) {
    const twin = after.find((s) => wallClock(s.startDateTime) === wallClock(old.startDateTime));
    if (twin) return [old, twin];
  }
  throw new Error('no free times at one wall-clock time on both sides of the change');
}

/** The service's booking window must reach the day after the change (the default is 180 days). */
async function windowReaching(until: Date): Promise<() => Promise<void>> {
  if (until.getTime() < Date.now() + 175 * DAY) return async () => {};
  const update = (expr: string, values?: Record<string, unknown>) =>
    deps.db.send(
      new UpdateCommand({
        TableName: deps.tables.Service,
        Key: { id: SERVICE },
        UpdateExpression: expr,
        ...(values ? { ExpressionAttributeValues: values } : {}),
      }),
    );
  await update('SET maxAdvanceDays = :d', { ':d': 365 });
  return async () => void (await update('REMOVE maxAdvanceDays'));
}

/** A paid booking of `slot`, paid as Stripe.js would with the emulator (the webhook confirms it). */
async function paidBooking(p: Page, slot: Slot): Promise<string> {
  const created = await api<{ bookingId: string; clientSecret: string }>(p, 'CREATE_BOOKING', {
    serviceId: SERVICE,
    ...slot,
    groupSize: 1,
  });
  const key = 'pk_test_e2e_reschedule';
  const pm = await emulatorPost<{ id: string }>(emulatorUrl, '/v1/payment_methods', {
    key,
    type: 'card',
    'card[number]': '4242424242424242',
    'card[exp_month]': '12',
    'card[exp_year]': String(new Date().getUTCFullYear() + 3),
    'card[cvc]': '123',
  });
  const piId = created.clientSecret.split('_secret_')[0]!;
  await emulatorPost(emulatorUrl, `/v1/payment_intents/${piId}/confirm`, {
    key,
    client_secret: created.clientSecret,
    payment_method: pm.id,
  });
  return created.bookingId;
}

describe('rescheduling across a daylight-saving change', () => {
  it('shows the same wall-clock time on both sides, each in its offset, and that the booking was moved', async () => {
    const p = session.page;
    await p.setViewportSize({ width: 375, height: 812 });
    await logInAs(p, customer.email, customer.password);
    const change = nextOffsetChange();
    const restore = await windowReaching(new Date(change.getTime() + 7 * DAY));
    try {
      const [oldSlot, newSlot] = await slotsAcross(p, change);
      const time = wallClock(oldSlot.startDateTime);
      const bookingId = await paidBooking(p, oldSlot);

      await p.goto(`/bookings/${encodeURIComponent(bookingId)}`);
      await p.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
      const details = p.getByRole('region', { name: 'Booking details' });
      await details.getByText(`${time} – `).waitFor();
      const offsetBefore = (await details.textContent()) ?? '';

      // keyboard: focus the button and press Enter
      const open = p.getByRole('button', { name: 'Reschedule', exact: true });
      await open.focus();
      await p.keyboard.press('Enter');
      await p.getByLabel('Or pick another date').fill(localDate(new Date(newSlot.startDateTime)));
      const times = p.getByRole('group', { name: /^Free times on / });
      await times.getByRole('radio', { name: new RegExp(`^${time} to `) }).check();
      await p.getByRole('status').filter({ hasText: 'Same price' }).waitFor();
      await p.screenshot({ path: path.join(SHOTS, 'reschedule-picker-375.png'), fullPage: true });
      await p.getByRole('button', { name: new RegExp(`^Move to ${time} on `) }).click();

      await p.getByRole('status').filter({ hasText: 'Your booking was moved to' }).waitFor();
      await details.getByText(/Moved from/).waitFor();
      await expect.poll(async () => (await details.textContent()) ?? '').toContain(`${time} – `);
      const offsetAfter = (await details.textContent()) ?? '';
      // the zone's label names the offset in force at each time (e.g. EST before, EDT after)
      const abbreviation = (iso: string) =>
        new Intl.DateTimeFormat('en-US', { timeZone: ZONE, timeZoneName: 'short' })
          .formatToParts(new Date(iso))
          .find((x) => x.type === 'timeZoneName')!.value;
      expect(offsetBefore).toContain(abbreviation(oldSlot.startDateTime));
      expect(offsetAfter).toContain(abbreviation(newSlot.startDateTime));
      expect(abbreviation(oldSlot.startDateTime)).not.toBe(abbreviation(newSlot.startDateTime));
      expect(offsetAfter).toContain(`Moved from`);
      expect(offsetAfter).toContain(time);
      await p.screenshot({ path: path.join(SHOTS, 'rescheduled-375.png'), fullPage: true });

      const stored = (await deps.db.send(new GetCommand({ TableName: deps.tables.Booking, Key: { id: bookingId }, ConsistentRead: true })))
        .Item as BookingRecord;
      expect(stored).toMatchObject({ id: bookingId, status: 'CONFIRMED', startDateTime: newSlot.startDateTime, rescheduleCount: 1 });
      // one hour less or more than whole days apart in UTC: the same local time across the change
      expect((Date.parse(newSlot.startDateTime) - Date.parse(oldSlot.startDateTime)) % DAY).not.toBe(0);
    } finally {
      await restore();
    }
  });

  it('to a higher price: "You pay $5.01 more", paid with the checkout\'s card form, then moved', async () => {
    const p = session.page;
    await p.setViewportSize({ width: 375, height: 812 });
    await logInAs(p, customer.email, customer.password);
    const setPrice = (cents: number) =>
      deps.db.send(
        new UpdateCommand({
          TableName: deps.tables.Service,
          Key: { id: SERVICE },
          UpdateExpression: 'SET priceCents = :p',
          ExpressionAttributeValues: { ':p': cents },
        }),
      );
    const { slots } = await api<{ slots: Slot[] }>(p, 'CHECK_AVAILABILITY', {
      serviceId: SERVICE,
      from: localDate(new Date(Date.now() + 9 * DAY)),
      to: localDate(new Date(Date.now() + 16 * DAY)),
    });
    const oldSlot = slots[0]!;
    const newSlot = slots.find((s) => localDate(new Date(s.startDateTime)) !== localDate(new Date(oldSlot.startDateTime)))!;
    const bookingId = await paidBooking(p, oldSlot);
    await setPrice(9_500);
    try {
      await p.goto(`/bookings/${encodeURIComponent(bookingId)}`);
      await p.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
      await p.getByRole('button', { name: 'Reschedule', exact: true }).click();
      await p.getByLabel('Or pick another date').fill(localDate(new Date(newSlot.startDateTime)));
      const times = p.getByRole('group', { name: /^Free times on / });
      await times.getByRole('radio', { name: new RegExp(`^${wallClock(newSlot.startDateTime)} to `) }).check();
      await p.getByRole('status').filter({ hasText: 'you pay $5.01 more' }).waitFor();
      await p.getByRole('button', { name: /^Move to / }).click();
      await p.getByRole('heading', { name: 'You pay $5.01 more' }).waitFor();
      await fillCardForm(p);
      await p.getByRole('button', { name: /^Pay / }).click();
      await p.getByRole('status').filter({ hasText: 'You paid $5.01 for the price difference' }).waitFor({ timeout: 30_000 });
      const stored = (await deps.db.send(new GetCommand({ TableName: deps.tables.Booking, Key: { id: bookingId }, ConsistentRead: true })))
        .Item as BookingRecord;
      expect(stored).toMatchObject({ startDateTime: newSlot.startDateTime, totalAmountCents: 9_500, rescheduleCount: 1 });
    } finally {
      await setPrice(8_999);
    }
  });
});
