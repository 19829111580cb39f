/**
 * Every page of the app (app/**\/page.tsx) checked with axe as the user who sees it: zero serious or critical
 * violations. One browser context per role, its pages checked three at a time in tabs of that context; each page is
 * checked once it is ready (its main landmark rendered and no loading spinner left), not after network idle, which
 * waits out every poll. Each role's pages are all checked before the test fails, so one run lists every finding.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { callApi, logInAs, useBrowserSession } from '../setup/browser';
import { seriousA11yViolations, type SeriousViolation } from '../setup/a11y';
import '../setup/provided';

const baseURL = inject('baseURL');
const login = (role: string) => inject('demoLogins').find((l) => l.role === role)!;
const session = useBrowserSession(baseURL);
type Slot = { startDateTime: string; endDateTime: string };

/** Tabs per role: axe is CPU-bound, and the CI machine has two cores. */
const TABS = 3;
const READY_MS = 10_000;

/** The page as its user sees it once loaded: the main landmark is there and no list or panel still shows its spinner. */
async function ready(p: Page): Promise<void> {
  await p.locator('main#main').waitFor();
  await p
    .waitForFunction(() => document.querySelector('.spinner') === null, undefined, { timeout: READY_MS })
    // a page that keeps a spinner (waiting on a payment) is checked as it is: the spinner has its words too
    .catch(() => undefined);
}

async function check(p: Page, paths: string[]): Promise<Record<string, SeriousViolation[]>> {
  const found: Record<string, SeriousViolation[]> = {};
  const queue = [...paths];
  const extra = await Promise.all(Array.from({ length: Math.min(TABS, paths.length) - 1 }, () => p.context().newPage()));
  await Promise.all(
    [p, ...extra].map(async (tab) => {
      for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
        await tab.goto(path);
        await ready(tab);
        const violations = await seriousA11yViolations(tab);
        if (violations.length > 0) found[path] = violations;
      }
    }),
  );
  await Promise.all(extra.map((tab) => tab.close()));
  return found;
}

/** An unpaid booking of the demo customer, late in the window so it takes no slot another test books first. */
async function unpaidBooking(p: Page): Promise<string> {
  const from = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.now() + 27 * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await callApi<{ slots: Slot[] }>(p.request, 'booking-processor', {
    action: 'CHECK_AVAILABILITY',
    serviceId: 'svc_demo_yoga',
    from,
    to,
  });
  for (const slot of [...slots].reverse()) {
    const res = await p.request.post('/api/booking-processor', {
      data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_yoga', ...slot, groupSize: 1 },
    });
    if (res.ok()) return ((await res.json()) as { bookingId: string }).bookingId;
  }
  throw new Error('no free yoga slot for the accessibility check');
}

let bookingId = '';

describe('accessibility (axe): no serious or critical violations on any page', () => {
  it('public pages', async () => {
    const found = await check(session.page, [
      '/',
      '/services',
      '/services?q=yoga&maxPrice=1',
      '/services/svc_demo_yoga',
      '/login',
      '/login/reset',
      '/signup',
      '/signup/confirm',
      '/notifications/unsubscribe',
      '/memberships',
    ]);
    expect(found).toEqual({});
  });

  it('customer pages', async () => {
    const p = session.page;
    const customer = login('customer');
    await logInAs(p, customer.email, customer.password);
    bookingId = await unpaidBooking(p);
    const id = encodeURIComponent(bookingId);
    const found = await check(p, [
      '/account',
      '/account/cards',
      '/account/notifications',
      '/account/payments',
      '/bookings',
      `/bookings/${id}`,
      `/bookings/${id}/pay`,
      '/credits',
      `/credits/pay/${id}`,
      '/credits/success',
      '/memberships',
    ]);
    expect(found).toEqual({});
  });

  it('provider pages', async () => {
    const provider = login('provider');
    await logInAs(session.page, provider.email, provider.password);
    const found = await check(session.page, ['/provider', '/provider/bookings', '/provider/earnings', '/provider/services']);
    expect(found).toEqual({});
  });

  it('admin pages', async () => {
    const admin = login('admin');
    await logInAs(session.page, admin.email, admin.password);
    const found = await check(session.page, [
      '/admin',
      '/admin/audit',
      '/admin/audit?eventType=BookingConfirmed&actorRole=STRIPE',
      `/admin/bookings/${encodeURIComponent(bookingId || 'missing')}`,
      '/admin/credits',
      '/admin/disputes',
      '/admin/disputes?disputes=all&due=latest&cases=ESCALATED',
      '/admin/events',
      '/admin/notifications',
      '/admin/notifications?status=DEAD&order=oldest',
      '/admin/providers',
      '/admin/reconciliation',
    ]);
    expect(found).toEqual({});
  });
});
