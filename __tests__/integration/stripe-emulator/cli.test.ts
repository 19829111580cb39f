import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createStripeClient } from '../../../lib/stripe/client';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'stripe-emulator-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

describe('npm run stripe:emulator (main.ts)', () => {
  it('prints its URL, keeps state in .data/, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'lib/local/stripe-emulator/main.ts')], {
      cwd: dir,
      env: { ...process.env, STRIPE_EMULATOR_PORT: String(port), STRIPE_WEBHOOK_SECRET: 'whsec_cli_test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!output.includes(`http://127.0.0.1:${port}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain(`Stripe emulator listening on http://127.0.0.1:${port}`);

    const stripe = createStripeClient({ secretKey: 'sk_test_cli', apiBase: `http://127.0.0.1:${port}`, maxNetworkRetries: 0 });
    const endpoint = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['*'] });
    expect(endpoint.secret).toBe('whsec_cli_test');
    const pi = await stripe.paymentIntents.create({ amount: 1_000, currency: 'usd' });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const state = JSON.parse(readFileSync(join(dir, '.data/stripe-emulator.json'), 'utf8')) as { objects: Record<string, unknown> };
    expect(Object.keys(state.objects)).toContain(pi.id);
    expect(existsSync(join(dir, '.data'))).toBe(true);
  });
});
