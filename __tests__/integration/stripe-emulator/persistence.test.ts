import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { helper, startHarness } from './support';

const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('keeps objects, events, idempotency and onboarding across a restart', async () => {
    const statePath = join(dir, '.data', 'stripe-emulator.json');
    const first = await startHarness({ statePath });
    const account = await first.stripe.accounts.create({
      type: 'express',
      country: 'US',
      capabilities: { transfers: { requested: true } },
    });
    await helper(first.emulator, `/_emulator/accounts/${account.id}/complete_onboarding`);
    const pi = await first.stripe.paymentIntents.create(
      { amount: 1999, currency: 'usd', metadata: { bookingId: 'bk_p' } },
      { idempotencyKey: 'persist-key' },
    );
    await first.stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
    await first.emulator.close();
    expect(JSON.parse(readFileSync(statePath, 'utf8')).version).toBe(1);
    expect(readdirSync(join(dir, '.data'))).toEqual(['stripe-emulator.json']); // temp files renamed away

    const second = await startHarness({ statePath });
    const again = await second.stripe.paymentIntents.retrieve(pi.id);
    expect(again.status).toBe('succeeded');
    expect(again.metadata.bookingId).toBe('bk_p');
    expect((await second.stripe.charges.retrieve(again.latest_charge as string)).amount).toBe(1999);
    expect((await second.stripe.accounts.retrieve(account.id)).charges_enabled).toBe(true);
    const replay = await second.stripe.paymentIntents.create(
      { amount: 1999, currency: 'usd', metadata: { bookingId: 'bk_p' } },
      { idempotencyKey: 'persist-key' },
    );
    expect(replay.id).toBe(pi.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    const events = await second.stripe.events.list({ type: 'payment_intent.succeeded' });
    expect(events.data).toHaveLength(1);
    await second.emulator.close();
  });
});
