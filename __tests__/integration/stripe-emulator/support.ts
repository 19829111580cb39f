import { createServer, type IncomingMessage, type Server } from 'node:http';
import type Stripe from 'stripe';
import { createStripeClient } from '../../../lib/stripe/client';
import { startStripeEmulator, type EmulatorOptions, type RunningEmulator } from '../../../lib/local/stripe-emulator/server';

export const SECRET_KEY = 'sk_test_emulator_tests';
export const PUBLISHABLE_KEY = 'pk_test_emulator_tests';
export const WEBHOOK_SECRET = 'whsec_test_emulator_secret';

export interface Harness {
  emulator: RunningEmulator;
  stripe: Stripe;
}

export async function startHarness(opts: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await startStripeEmulator({ port: 0, log: false, webhookSecret: WEBHOOK_SECRET, ...opts });
  const stripe = createStripeClient({ secretKey: SECRET_KEY, apiBase: emulator.url, maxNetworkRetries: 0 });
  return { emulator, stripe };
}

/** A form-encoded call as a browser (Stripe.js) makes it. */
export async function browserCall(
  emulator: RunningEmulator,
  method: 'GET' | 'POST',
  path: string,
  params: Record<string, string>,
  key = PUBLISHABLE_KEY,
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const body = new URLSearchParams(params).toString();
  const url = method === 'GET' ? `${emulator.url}${path}?${body}` : `${emulator.url}${path}`;
  const res = await fetch(url, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://localhost:3000' },
    ...(method === 'POST' ? { body } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

export async function helper(
  emulator: RunningEmulator,
  path: string,
  params: Record<string, string> = {},
  method = 'POST',
): Promise<Record<string, unknown>> {
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    ...(method === 'GET' ? {} : { body: new URLSearchParams(params).toString() }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

export interface Received {
  body: string;
  signature: string;
}

/** A local webhook receiver; `respond` decides each status code (default 200). */
export async function startReceiver(respond: (n: number, req: IncomingMessage) => number = () => 200): Promise<{
  url: string;
  received: Received[];
  server: Server;
  close: () => Promise<void>;
}> {
  const received: Received[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      n += 1;
      const status = respond(n, req);
      if (status >= 200 && status < 300) {
        received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: String(req.headers['stripe-signature']) });
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/api/stripe-webhook`,
    received,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
