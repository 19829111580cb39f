/**
 * The confirmation email, seen as a person would: book and pay in Chromium, then open MailDev's web inbox (started by
 * __tests__/setup/e2e.ts) and read the message there; its button leads back to the booking, whose page offers the
 * same calendar invite as a download. Signs in as the demo customer (no sign-up: the suite's sign-up budget is spent).
 */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, logInAs, useBrowserSession } from '../setup/browser';
import { parseIcs } from '../setup/ics';
import { bookFirstFreeSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const maildevUrl = inject('maildevUrl');
const customer = inject('demoLogins').find((l) => l.role === 'customer') ?? {
  role: 'customer',
  email: 'customer@marketplace.local',
  password: 'demo1234',
};

interface CaughtEmail {
  id: string;
  subject: string;
  to: { address: string }[];
  headers: Record<string, string | string[]>;
}

/** The caught email of an outbox key (our transports put the key in the Message-ID), once it has arrived. */
async function caughtEmail(key: string): Promise<CaughtEmail> {
  const messageId = `<${key.replace(/[^A-Za-z0-9._-]/g, '.')}@bookwell.local>`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const all = (await (await fetch(`${maildevUrl}/api/email`)).json()) as CaughtEmail[];
    const found = all.filter((e) => e.headers['message-id'] === messageId);
    if (found.length > 0) {
      expect(found).toHaveLength(1);
      return found[0]!;
    }
    if (Date.now() > deadline) throw new Error(`no email ${messageId} in MailDev`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

// Playwright accepts downloads by default: the invite is saved where the test can read it.
const session = useBrowserSession(baseURL);

describe('the confirmation email', () => {
  it('arrives in the MailDev inbox after paying in the browser, and leads back to the booking and its invite', async () => {
    const { page } = session;
    await logInAs(page, customer.email, customer.password);
    await page.getByRole('button', { name: /account menu/i }).waitFor();
    const bookingId = await bookFirstFreeSlot(page);
    await fillCardForm(page);
    await page.getByRole('button', { name: /^Pay / }).click();
    await page.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
    await page.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });

    const email = await caughtEmail(`booking:${bookingId}:confirmed:customer`);
    expect(email.to[0]!.address).toBe(customer.email);
    expect(email.subject).toMatch(/^Booking confirmed: /);

    // The web inbox, as a developer opens it: the message in the list, then its content.
    const inbox = await page.context().newPage();
    await inbox.goto(`${maildevUrl}/#/email/${encodeURIComponent(email.id)}`);
    await inbox.getByText(email.subject).first().waitFor();
    const body = inbox.frameLocator('iframe[title="Email HTML content"]');
    await body.getByRole('heading', { name: 'Your booking is confirmed' }).waitFor();
    await body
      .getByText(/\(America\/New_York\)/)
      .first()
      .waitFor();
    const viewBooking = body.getByRole('link', { name: 'View the booking' });
    expect(await viewBooking.getAttribute('href')).toBe(`${baseURL}/bookings/${bookingId}`);
    await inbox.screenshot({ path: path.join(SHOTS, 'confirmation-email.png'), fullPage: true });
    await inbox.close();

    // The booking page's download is the same event: one UID for the emails and the download.
    await page.goto(`/bookings/${encodeURIComponent(bookingId)}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    const file = await download.path();
    const { readFile } = await import('node:fs/promises');
    const invite = parseIcs(await readFile(file, 'utf8'));
    expect(invite).toMatchObject({ uid: `${bookingId}@bookwell`, status: 'CONFIRMED', method: 'REQUEST' });
  });
});
