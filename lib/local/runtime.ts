import { createHmac } from 'node:crypto';
import type { TokenVerifier } from '../auth/identity';
import { localSessionVerifier } from '../auth/local-session';
import { localRateLimitTableFor, localTableNames, type TableNames } from '../data/tables';
import type { FunctionRuntime } from '../functions/runtime';
import type { RateLimitPolicies } from '../domain/rate-limits';
import { randomIds, systemClock, type Deps, type RateLimits } from '../ports';
import { createRateLimits } from '../services/rate-limits';
import { createStripeClient } from '../stripe/client';
import { localAccountsTableFor, localDirectory } from './accounts';
import { revocationCheckingVerifier } from '../services/session-revocation';
import { createAggregatedDynamoClient, createDynamoClients } from './dynamo-clients';
import { localExportStore } from './export-store';
import { installationSecrets, type InstallationSecrets } from './installation-secrets';
import { smtpMailer } from './smtp-mailer';

/**
 * Local mode needs no configuration: these are the documented defaults (.env.example), all overridable.
 * The keys are the emulator's, not Stripe's: nothing here works against real Stripe (the emulator takes any
 * `sk_test_…`). The two signing secrets have no default: each installation makes its own (installation-secrets.ts).
 */
const localEnvDefaults = {
  PORT: '3000',
  APP_URL: 'http://localhost:3000',
  DYNAMODB_ENDPOINT: 'http://127.0.0.1:8042',
  TABLE_SUFFIX: 'local',
  STRIPE_API_BASE: 'http://127.0.0.1:12111',
  STRIPE_SECRET_KEY: 'sk_test_local_emulator',
  NEXT_PUBLIC_STRIPE_API_BASE: 'http://127.0.0.1:12111',
  NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY: 'pk_test_local_emulator',
  HOLD_MINUTES: '15',
  // MailDev's SMTP port (lib/local/maildev.ts), where every local email goes
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: '1025',
  MAIL_FROM: 'Bookwell <no-reply@bookwell.local>',
  REMINDER_HOURS: '24',
  NOTIFICATIONS_ADMIN_EMAIL: 'admin@marketplace.local',
} as const;

type LocalEnv = { -readonly [K in keyof typeof localEnvDefaults]: string } & InstallationSecrets & { EXPORT_LINK_SECRET: string };

export function localEnv(env: Record<string, string | undefined> = process.env): LocalEnv {
  const out = { ...localEnvDefaults } as Omit<LocalEnv, keyof InstallationSecrets>;
  for (const key of Object.keys(localEnvDefaults) as (keyof typeof localEnvDefaults)[]) {
    const value = env[key];
    if (value) out[key] = value;
  }
  const { LOCAL_SESSION_SECRET, STRIPE_WEBHOOK_SECRET } = env;
  const secrets = LOCAL_SESSION_SECRET && STRIPE_WEBHOOK_SECRET ? { LOCAL_SESSION_SECRET, STRIPE_WEBHOOK_SECRET } : installationSecrets();
  const sessionSecret = LOCAL_SESSION_SECRET || secrets.LOCAL_SESSION_SECRET;
  return {
    ...out,
    LOCAL_SESSION_SECRET: sessionSecret,
    STRIPE_WEBHOOK_SECRET: STRIPE_WEBHOOK_SECRET || secrets.STRIPE_WEBHOOK_SECRET,
    // unset: the installation's session secret under its own label, so the app and the event stream agree
    EXPORT_LINK_SECRET: env.EXPORT_LINK_SECRET || createHmac('sha256', sessionSecret).update('export links').digest('hex'),
  };
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
    mailer: smtpMailer({ host: env.SMTP_HOST, port: Number(env.SMTP_PORT), from: env.MAIL_FROM }),
    notifications: {
      appUrl: env.APP_URL,
      from: env.MAIL_FROM,
      // the installation's session secret, under its own label: no second secret to keep
      unsubscribeSecret: createHmac('sha256', env.LOCAL_SESSION_SECRET).update('unsubscribe links').digest('hex'),
      reminderHours: Number(env.REMINDER_HOURS),
      ...(env.NOTIFICATIONS_ADMIN_EMAIL ? { adminEmail: env.NOTIFICATIONS_ADMIN_EMAIL } : {}),
    },
    exports: localExportStore({ secret: env.EXPORT_LINK_SECRET }),
  };
}

/** What every local function trusts: the session token's signature and expiry, then the revocation list. */
export function localVerifier(secret: string, deps: Pick<Deps, 'db' | 'tables'>): TokenVerifier {
  return revocationCheckingVerifier(localSessionVerifier(secret), async () => deps);
}

/** The production limits on the rate-limit table that goes with `tables` (created with them by ensureTables). */
export function localRateLimits(env: LocalEnv, tables: TableNames, policies?: Partial<RateLimitPolicies>): RateLimits {
  return createRateLimits({
    client: createAggregatedDynamoClient(env.DYNAMODB_ENDPOINT),
    tableName: localRateLimitTableFor(tables),
    ...(policies ? { policies } : {}),
  });
}

/**
 * The local functions' runtime. `rateLimitPolicies`: other limits for a test stack that acts as one user far more
 * often than a person would (the access matrix); everything else is production wiring.
 */
export function localRuntime(
  env: LocalEnv = localEnv(),
  deps: Deps = localDeps(env),
  rateLimitPolicies?: Partial<RateLimitPolicies>,
): FunctionRuntime {
  return {
    deps: async () => deps,
    verifier: localVerifier(env.LOCAL_SESSION_SECRET, deps),
    rateLimits: localRateLimits(env, deps.tables, rateLimitPolicies),
    webhookSecret: async () => env.STRIPE_WEBHOOK_SECRET,
  };
}
