/** Browser test of memberships: subscribe (first invoice paid with the card form), change plan with the preview, cancel at period end. */
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { E2E_SHOTS as SHOTS, logInAs, useBrowserSession } from '../setup/browser';
import { fillCardForm } from '../setup/steps';
import '../setup/provided';

const baseURL = inject('baseURL');
const customer = inject('demoLogins').find((l) => l.role === 'customer') ?? {
  role: 'customer',
  email: 'customer@marketplace.local',
  password: 'demo1234',
};

const session = useBrowserSession(baseURL);

describe('memberships in the browser', () => {
  it('subscribes to a plan, pays the first invoice, upgrades after seeing the prorated price, then cancels at the end of the period', async () => {
    await logInAs(session.page, customer.email, customer.password);

    await session.page.goto('/memberships');
    await session.page.getByRole('button', { name: 'Subscribe to Basic' }).click();
    await session.page.getByRole('heading', { name: 'Pay for Basic' }).waitFor();
    await fillCardForm(session.page);
    await session.page.getByRole('button', { name: /^Pay / }).click();

    const status = session.page.getByTestId('membership-status');
    await status.waitFor({ timeout: 60_000 });
    await session.page.getByText(/Welcome to Basic/).waitFor();
    expect(await status.textContent()).toBe('Active');
    await session.page.screenshot({ path: path.join(SHOTS, 'membership-active.png'), fullPage: true });

    // Upgrade: the prorated price is shown before confirming.
    await session.page.getByRole('button', { name: /^Switch to Plus/ }).click();
    const summary = session.page.getByTestId('plan-change-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/^You pay \$\d+\.\d\d today, then \$49\.00\/month from .+\.$/);
    await session.page.screenshot({ path: path.join(SHOTS, 'membership-plan-change-preview.png'), fullPage: true });
    await session.page.getByRole('button', { name: 'Confirm change to Plus' }).click();
    await session.page.getByText(/^You are now on Plus\./).waitFor();
    await session.page.getByRole('heading', { name: 'Your membership: Plus' }).waitFor();

    await session.page.getByRole('button', { name: 'Cancel at the end of the period' }).click();
    await session.page.getByRole('button', { name: 'Keep my membership' }).waitFor();
    expect(await session.page.getByTestId('membership-status').textContent()).toMatch(/^Active, ends on /);
    await session.page.screenshot({ path: path.join(SHOTS, 'membership-canceling.png'), fullPage: true });
  });
});
