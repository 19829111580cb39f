/**
 * Environment shared by the five function definitions (read at synthesis time, not in the Lambda).
 * Table names, the Cognito ids and the Function URL are wired in amplify/backend.ts.
 */
import { secret } from '@aws-amplify/backend';

/** Base URL of the web app for Stripe return/refresh URLs; set APP_URL in the Amplify console per branch. */
const appUrl = process.env.APP_URL ?? 'http://localhost:3000';

/** Minutes an unpaid booking holds its slot. */
const holdMinutes = process.env.HOLD_MINUTES ?? '15';

export const appEnvironment = {
  APP_URL: appUrl,
  HOLD_MINUTES: holdMinutes,
  // Resolved from SSM Parameter Store at cold start (`ampx sandbox secret set` / Amplify console secrets):
  // the template only holds a placeholder and the parameter path, never the key.
  STRIPE_SECRET_KEY: secret('STRIPE_SECRET_KEY'),
};
