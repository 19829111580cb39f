import type { TokenVerifier } from '../auth/identity';
import type { Deps } from '../services/deps';

/**
 * What a composition root gives a function: its dependencies and how to verify callers.
 * AWS: amplify/functions/<name>/handler.ts builds it from `$amplify/env/<name>`.
 * Local: lib/local/functions.ts builds it for DynamoDB Local and the Stripe emulator.
 * `deps` is lazy so cold starts pay for clients only when a request needs them.
 */
export interface FunctionRuntime {
  deps: () => Promise<Deps>;
  verifier: TokenVerifier;
  /** Webhook signing secret; only stripe-webhook reads it. */
  webhookSecret?: () => Promise<string>;
}
