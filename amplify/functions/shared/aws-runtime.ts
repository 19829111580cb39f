/**
 * The AWS composition root shared by the six handler.ts files: builds a FunctionRuntime from the Lambda's
 * environment (`$amplify/env/<name>`, i.e. process.env with secrets already resolved from SSM by Amplify's banner).
 * lib/ never learns it runs on AWS; only this file picks clients and endpoints.
 */
import { DynamoDB, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { cognitoDirectory } from '../../../lib/auth/cognito-directory';
import { createCognitoVerifier } from '../../../lib/auth/cognito-verifier';
import { sesMailer } from '../../../lib/aws/ses-mailer';
import { s3ExportStore } from '../../../lib/aws/s3-export-store';
import type { TokenVerifier } from '../../../lib/auth/identity';
import { MODEL_NAMES, RATE_LIMIT_TABLE, TABLES, type TableNames } from '../../../lib/data/tables';
import type { ConsumerRuntime, FunctionRuntime } from '../../../lib/functions/runtime';
import { AppError } from '../../../lib/http/errors';
import { randomIds, systemClock, type Deps, type RateLimits } from '../../../lib/ports';
import type { ConsumerDeps } from '../../../lib/services/event-consumers';
import { revocationCheckingVerifier } from '../../../lib/services/session-revocation';
import { createRateLimits } from '../../../lib/services/rate-limits';
import { createStripeClient } from '../../../lib/stripe/client';

export { createCognitoVerifier };

export type LambdaEnv = Record<string, string | undefined>;

interface AwsRuntimeOptions {
  /** Verify callers' Cognito ID tokens (every function but stripe-webhook). */
  verifyCognitoTokens: boolean;
  /** Expose STRIPE_WEBHOOK_SECRET as runtime.webhookSecret (stripe-webhook only). */
  webhookSecret?: boolean;
  /**
   * Give deps a Cognito group directory (stripe-connect only: JOIN_PROVIDERS). Its role alone holds
   * `cognito-idp:AdminAddUserToGroup` on the user pool (amplify/backend.ts).
   */
  directory?: boolean;
}

export function createAwsRuntime(env: LambdaEnv, options: AwsRuntimeOptions): FunctionRuntime {
  let deps: Promise<Deps> | undefined;
  return {
    // Built on first use and reused for the life of the execution environment.
    deps: () => (deps ??= Promise.resolve().then(() => buildDeps(env, options))),
    verifier: options.verifyCognitoTokens
      ? revocationCheckingVerifier(createCognitoVerifier(env), () => (deps ??= Promise.resolve().then(() => buildDeps(env, options))))
      : rejectingVerifier,
    // the action functions (they verify tokens) count limited actions; stripe-webhook has none and no table
    rateLimits: options.verifyCognitoTokens ? awsRateLimits(env) : unwiredRateLimits,
    ...(options.webhookSecret ? { webhookSecret: async () => required(env, 'STRIPE_WEBHOOK_SECRET') } : {}),
  };
}

/**
 * Limits on the table amplify/rate-limits.ts creates. Read at cold start: a function deployed without the table's
 * name fails its first invocation loudly rather than running unlimited.
 */
function awsRateLimits(env: LambdaEnv): RateLimits {
  return createRateLimits({ client: new DynamoDB({}), tableName: required(env, RATE_LIMIT_TABLE.envVar) });
}

/** stripe-webhook: Stripe's deliveries are never rate limited, and it is granted no rate-limit table. */
const notWired = async (): Promise<never> => {
  throw new Error(`rate limits are not wired to this function (${RATE_LIMIT_TABLE.envVar}; see amplify/rate-limits.ts)`);
};
const unwiredRateLimits: RateLimits = {
  consumeAction: notWired,
  beginSignIn: notWired,
  signInFailed: notWired,
  signInSucceeded: notWired,
  consumeSignUp: notWired,
};

/** domain-events: its tables, a clock and SES (it holds no Stripe secret and has no callers to verify). */
export function createAwsConsumerRuntime(env: LambdaEnv): ConsumerRuntime {
  let deps: ConsumerDeps | undefined;
  return {
    deps: async () =>
      (deps ??= { db: documentClient(), tables: grantedTableNames(env), clock: systemClock, ...awsNotifications(env), ...awsExports(env) }),
  };
}

/**
 * SES v2 and the notification settings, for the functions given MAIL_FROM (amplify/notifications.ts grants them
 * ses:SendEmail on the identity); the others get neither, and their messages wait in the outbox.
 */
function awsNotifications(env: LambdaEnv): Pick<Deps, 'mailer' | 'notifications'> {
  const from = env.MAIL_FROM;
  if (!from) return {};
  const configurationSet = env.SES_CONFIGURATION_SET;
  return {
    mailer: sesMailer({ from, ...(configurationSet ? { configurationSet } : {}) }),
    notifications: {
      appUrl: required(env, 'APP_URL'),
      from,
      unsubscribeSecret: required(env, 'NOTIFICATIONS_UNSUBSCRIBE_SECRET'),
      reminderHours: positiveInteger(env, 'REMINDER_HOURS'),
      ...(env.NOTIFICATIONS_ADMIN_EMAIL ? { adminEmail: env.NOTIFICATIONS_ADMIN_EMAIL } : {}),
    },
  };
}

/** The export bucket, for the functions amplify/storage/resource.ts grants it to (the variable is Amplify's). */
function awsExports(env: LambdaEnv): Pick<Deps, 'exports'> {
  const bucket = env[EXPORTS_BUCKET_ENV];
  return bucket ? { exports: s3ExportStore({ bucket }) } : {};
}
export const EXPORTS_BUCKET_ENV = 'EXPORTS_BUCKET_NAME';

function documentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

function buildDeps(env: LambdaEnv, options: AwsRuntimeOptions): Deps {
  return {
    db: documentClient(),
    tables: grantedTableNames(env),
    stripe: createStripeClient({ secretKey: required(env, 'STRIPE_SECRET_KEY') }),
    clock: systemClock,
    ids: randomIds,
    config: {
      appUrl: required(env, 'APP_URL'),
      holdMinutes: positiveInteger(env, 'HOLD_MINUTES'),
    },
    ...(options.directory ? { directory: cognitoDirectory({ userPoolId: required(env, 'COGNITO_USER_POOL_ID') }) } : {}),
    ...awsNotifications(env),
    ...awsExports(env),
  };
}

/**
 * Table names from the environment. backend.ts gives each function only the tables it is granted, so the
 * names of the other tables are absent: reading one throws a clear error instead of an AccessDenied later.
 */
export function grantedTableNames(env: LambdaEnv): TableNames {
  const names = {} as TableNames;
  for (const model of MODEL_NAMES) {
    const { envVar } = TABLES[model];
    const value = env[envVar];
    if (value) {
      names[model] = value;
    } else {
      Object.defineProperty(names, model, {
        enumerable: false,
        get() {
          throw new Error(`table ${model} is not wired to this function (${envVar} is not set; see amplify/backend.ts)`);
        },
      });
    }
  }
  return names;
}

/** stripe-webhook has no token-bearing callers: Stripe's signature is its authentication. */
const rejectingVerifier: TokenVerifier = {
  async verify() {
    throw new AppError('UNAUTHENTICATED', 'This function does not accept user tokens');
  },
};

function required(env: LambdaEnv, name: string): string {
  const value = env[name];
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

function positiveInteger(env: LambdaEnv, name: string): number {
  const value = Number(required(env, name));
  if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}
