/**
 * Public (browser-safe) configuration. Each `process.env.NEXT_PUBLIC_…` is written out literally so
 * Next.js can inline it at build time. Nothing secret ever goes here.
 */
export type MarketplaceMode = 'local' | 'aws';

const rawMode = process.env.NEXT_PUBLIC_MARKETPLACE_MODE;

export const MARKETPLACE_MODE: MarketplaceMode = rawMode === 'aws' ? 'aws' : 'local';

export const STRIPE_PUBLISHABLE_KEY: string = process.env.NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY || 'pk_test_local_emulator';

/** Base URL of the Stripe API the browser talks to in local mode (the emulator). No trailing slash. */
export const STRIPE_API_BASE: string = (process.env.NEXT_PUBLIC_STRIPE_API_BASE || 'http://127.0.0.1:12111').replace(/\/+$/, '');

export const isLocalMode = MARKETPLACE_MODE === 'local';
