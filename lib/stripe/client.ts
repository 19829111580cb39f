import Stripe from 'stripe';

interface StripeClientOptions {
  secretKey: string;
  /** e.g. http://127.0.0.1:12111 for the local emulator; absent for real Stripe. */
  apiBase?: string;
  maxNetworkRetries?: number;
  /** Per-request timeout (default 20 s); the chaos runs shorten it so an injected timeout costs seconds, not minutes. */
  timeoutMs?: number;
}

export function createStripeClient({ secretKey, apiBase, maxNetworkRetries = 2, timeoutMs = 20_000 }: StripeClientOptions): Stripe {
  const base = apiBase ? new URL(apiBase) : undefined;
  return new Stripe(secretKey, {
    maxNetworkRetries,
    timeout: timeoutMs,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
          protocol: base.protocol.replace(':', '') as 'http' | 'https',
        }
      : {}),
  });
}
