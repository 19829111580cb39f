import { localSessionVerifier } from '../auth/local-session';
import { localRateLimitTableFor, localTableNames, type TableNames } from '../data/tables';
import type { FunctionRuntime } from '../functions/runtime';
import { randomIds, systemClock, type Deps, type RateLimits } from '../ports';
import { createRateLimits } from '../services/rate-limits';
import { createStripeClient } from '../stripe/client';
import { localAccountsTableFor, localDirectory } from './accounts';
import { createAggregatedDynamoClient, createDynamoClients } from './dynamo-clients';

/**
 * Local mode needs no configuration: these are the documented defaults (.env.example), all overridable.
 * The keys are the emulator's, not Stripe's: nothing here works against real Stripe.
 */
const localEnvDefaults = {
  PORT: '3000',
  APP_URL: 'http://localhost:3000',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8042',
  TABLE_SUFFIX: 'local',
  STRIPE_API_BASE: 'http://127.0.0.1:12111',
  STRIPE_SECRET_KEY: 'sk_test_local_emulator',
  STRIPE_WEBHOOK_SECRET: 'whsec_local_emulator_secret_0000000000',
  NEXT_PUBLIC_STRIPE_API_BASE: 'http://127.0.0.1:12111',
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_local_emulator',
  LOCAL_SESSION_SECRET: 'local-dev-session-secret-not-for-production',
  HOLD_MINUTES: '15',
} as const;

type LocalEnv = { -readonly [K in keyof typeof localEnvDefaults]: string };

export function localEnv(env: Record<string, string | undefined> = process.env): LocalEnv {
  const out = { ...localEnvDefaults } as LocalEnv;
  for (const key of Object.keys(localEnvDefaults) as (keyof LocalEnv)[]) {
    const value = env[key];
    if (value) out[key] = value;
  }
  return out;
}

/** `tables`: another set than the suffix's (a test's isolated tables); the local accounts table follows them. */
export function localDeps(env: LocalEnv = localEnv(), tables: TableNames = localTableNames(env.TABLE_SUFFIX)): Deps {
  const db = createDynamoClients(env.DYNAMODB_ENDPOINT).doc;
  return {
    db,
    tables,
    stripe: createStripeClient({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE }),
    clock: systemClock,
    ids: randomIds,
    config: { appUrl: env.APP_URL, holdMinutes: Number(env.HOLD_MINUTES) },
    directory: localDirectory(db, localAccountsTableFor(tables)),
  };
}

/** The production limits on the rate-limit table that goes with `tables` (created with them by ensureTables). */
export function localRateLimits(env: LocalEnv, tables: TableNames): RateLimits {
  return createRateLimits({ client: createAggregatedDynamoClient(env.DYNAMODB_ENDPOINT), tableName: localRateLimitTableFor(tables) });
}

export function localRuntime(env: LocalEnv = localEnv(), deps: Deps = localDeps(env)): FunctionRuntime {
  return {
    deps: async () => deps,
    verifier: localSessionVerifier(env.LOCAL_SESSION_SECRET),
    rateLimits: localRateLimits(env, deps.tables),
    webhookSecret: async () => env.STRIPE_WEBHOOK_SECRET,
  };
}
