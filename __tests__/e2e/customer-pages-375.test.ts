/**
 * Every customer page at a 375 px wide viewport (global setup __tests__/setup/e2e.ts), as the demo customer: no
 * horizontal scroll, and the keyboard alone (Tab from the top of the page) reaches the page's main action, which
 * shows a visible focus ring.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { callApi, useBrowserSession } from '../setup/browser';
import '../setup/provided';

const baseURL = inject('baseURL');
const customer = inject('demoLogins').find((l) => l.role === 'customer')!;
const session = useBrowserSession(baseURL);
const WIDTH = 375;
const MAX_TABS = 80;
const TABS_PER_CHECK = 8;

type Slot = { startDateTime: string; endDateTime: string };

interface CustomerPage {
  path: string;
  mainAction: (p: Page) => Locator;
}

function pages(bookingId: string): CustomerPage[] {
  const inMain = (p: Page) => p.locator('main');
  const booking = `/bookings/${encodeURIComponent(bookingId)}`;
  return [
    { path: '/', mainAction: (p) => inMain(p).getByRole('link', { name: 'Browse services' }) },
    { path: '/services', mainAction: (p) => inMain(p).getByRole('article').first().getByRole('heading').getByRole('link') },
    {
      path: '/services/svc_demo_yoga',
      mainAction: (p) =>
        p
          .getByRole('group', { name: /available times/i })
          .getByRole('radio')
          .first(),
    },
    { path: `${booking}/pay`, mainAction: (p) => p.getByLabel('Card number') },
    { path: booking, mainAction: (p) => inMain(p).getByRole('button', { name: 'Cancel booking' }) },
    {
      path: '/bookings',
      mainAction: (p) =>
        inMain(p)
          .getByRole('link', { name: /^View booking/ })
          .first(),
    },
    { path: '/account', mainAction: (p) => inMain(p).getByRole('checkbox').first() },
    { path: '/account/cards', mainAction: (p) => inMain(p).getByRole('button', { name: 'Save card' }) },
    { path: '/account/payments', mainAction: (p) => inMain(p).getByRole('link').first() },
    { path: '/account/notifications', mainAction: (p) => inMain(p).getByRole('checkbox').first() },
    { path: '/credits', mainAction: (p) => inMain(p).getByRole('button', { name: /^Buy / }).first() },
    { path: '/memberships', mainAction: (p) => inMain(p).getByRole('button').first() },
  ];
}

/**
 * Tabs from the top of the page until the main action has had the focus: 'unreached', or whether it showed a focus
 * ring then (on itself, or on the card around it: a whole card clickable through its title link). The page records
 * it as the focus arrives, so the Tab presses need no round trip each.
 */
async function tabToMainAction(p: Page, target: Locator): Promise<'unreached' | 'ring' | 'no ring'> {
  await target.evaluate((el) => {
    const w = window as unknown as { mainAction?: string };
    w.mainAction = 'unreached';
    el.addEventListener('focus', () => {
      const own = getComputedStyle(el);
      let ring = own.outlineStyle !== 'none' || own.boxShadow !== 'none';
      for (let up = el.parentElement, i = 0; up && !ring && i < 4; up = up.parentElement, i++) {
        ring = up.matches(':focus-within') && getComputedStyle(up).outlineStyle !== 'none';
      }
      w.mainAction = ring ? 'ring' : 'no ring';
    });
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  for (let i = 0; i < MAX_TABS; i += TABS_PER_CHECK) {
    for (let j = 0; j < TABS_PER_CHECK; j++) await p.keyboard.press('Tab');
    const seen = await p.evaluate(() => (window as unknown as { mainAction?: string }).mainAction);
    if (seen === 'ring' || seen === 'no ring') return seen;
  }
  return 'unreached';
}

describe('customer pages at 375 px', () => {
  it('hold without horizontal scroll, and Tab reaches each page’s main action with a visible focus', async () => {
    const p = session.page;
    await p.setViewportSize({ width: WIDTH, height: 800 });
    await callApi(p.request, 'auth/login', { email: customer.email, password: customer.password });
    const today = new Date().toISOString().slice(0, 10);
    const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const { slots } = await callApi<{ slots: Slot[] }>(p.request, 'booking-processor', {
      action: 'CHECK_AVAILABILITY',
      serviceId: 'svc_demo_cleaning',
      from: today,
      to,
    });
    let bookingId = '';
    for (const slot of slots.slice(-20).reverse()) {
      const res = await p.request.post('/api/booking-processor', {
        data: { action: 'CREATE_BOOKING', serviceId: 'svc_demo_cleaning', ...slot, groupSize: 1 },
      });
      if (res.ok()) {
        bookingId = ((await res.json()) as { bookingId: string }).bookingId;
        break;
      }
    }
    expect(bookingId).not.toBe('');

    const failures: string[] = [];
    try {
      for (const page of pages(bookingId)) {
        await p.goto(page.path);
        const target = page.mainAction(p);
        await target.waitFor({ state: 'attached' });
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        if (width > WIDTH) failures.push(`${page.path}: ${width}px wide`);
        const reached = await tabToMainAction(p, target);
        if (reached === 'unreached') failures.push(`${page.path}: Tab never reaches the main action`);
        if (reached === 'no ring') failures.push(`${page.path}: no visible focus on the main action`);
      }
    } finally {
      await p.request.post('/api/booking-processor', { data: { action: 'CANCEL_BOOKING', bookingId } });
    }
    expect(failures).toEqual([]);
  });
});
