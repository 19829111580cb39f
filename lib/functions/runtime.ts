import type { TokenVerifier } from '../auth/identity';
import type { Deps, RateLimits } from '../ports';
import type { ConsumerDeps } from '../services/event-consumers';

/**
 * What a composition root gives a function: its dependencies and how to verify callers.
 * AWS: amplify/functions/<name>/handler.ts builds it from `$amplify/env/<name>`.
 * Local: lib/local/functions.ts builds it for DynamoDB Local and the Stripe emulator.
 * `deps` is lazy so cold starts pay for clients only when a request needs them.
 */
export interface FunctionRuntime {
  deps: () => Promise<Deps>;
  verifier: TokenVerifier;
  /**
   * Counts the actions marked `limit` per verified caller (dispatch.ts). Production: lib/services/rate-limits.ts on the
   * shared rate-limit table with RATE_LIMIT_POLICIES; tests pass smaller limits. stripe-webhook has no such actions.
   */
  rateLimits: RateLimits;
  /** Webhook signing secret; only stripe-webhook reads it. */
  webhookSecret?: () => Promise<string>;
}

/**
 * What a composition root gives the domain-events function: tables and a clock (no Stripe, no callers to verify).
 * AWS: amplify/functions/domain-events/handler.ts; local: lib/local/event-stream.ts.
 */
export interface ConsumerRuntime {
  deps: () => Promise<ConsumerDeps>;
  /** Where skipped and failed records are reported (default: console.error, i.e. the function's log). */
  log?: (line: string) => void;
}
