import { env } from '$amplify/env/payout-manager';
import { createPayoutManagerHandler } from '../../../lib/functions/payout-manager';
import { observed } from '../../../lib/functions/observed';
import { createAwsRuntime } from '../shared/aws-runtime';

/**
 * Invoked with `{ action, payload, token }` (FunctionRequest) through the Lambda Invoke API, and daily by
 * EventBridge Scheduler (see resource.ts); the factory tells the two apart.
 */
export const handler = observed(createPayoutManagerHandler(createAwsRuntime(env, { verifyCognitoTokens: true })));
