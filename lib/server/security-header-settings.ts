/**
 * The inputs of the security headers (lib/server/security-headers.ts) read from this process's environment, for
 * next.config.ts (at build, and at start for `next dev`) and proxy.ts (per request, plus the nonce). Relative imports
 * only: next.config.ts loads this file before the `@/` alias exists.
 */
import { loadAmplifyOutputs } from '../aws/outputs';
import { MARKETPLACE_MODE, STRIPE_API_BASE } from '../client/config';
import { serverAppUrl } from './mode';
import type { SecurityHeaderOptions } from './security-headers';

export type SecurityHeaderSettings = Omit<SecurityHeaderOptions, 'nonce'>;

/** The Cognito region of amplify_outputs.json; undefined when the outputs are missing (sign-in then answers 503). */
function cognitoRegion(env: Record<string, string | undefined>): string | undefined {
  try {
    return loadAmplifyOutputs(env).auth?.aws_region;
  } catch {
    return undefined;
  }
}

/**
 * Mode and emulator base are the values inlined into the browser bundle (lib/client/config.ts), so the policy names
 * exactly what the pages were built to call; the app URL and amplify_outputs.json are read from `env`.
 */
export function securityHeaderSettings(env: Record<string, string | undefined> = process.env): SecurityHeaderSettings {
  return {
    mode: MARKETPLACE_MODE,
    appUrl: serverAppUrl(env),
    stripeApiBase: STRIPE_API_BASE,
    ...(MARKETPLACE_MODE === 'aws' ? { cognitoRegion: cognitoRegion(env) } : {}),
    dev: process.env.NODE_ENV === 'development',
  };
}
