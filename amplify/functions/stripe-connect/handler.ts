import { env } from '$amplify/env/stripe-connect';
import { createStripeConnectHandler } from '../../../lib/functions/stripe-connect';
import { observed } from '../../../lib/functions/observed';
import { createAwsRuntime } from '../shared/aws-runtime';

/** Invoked through the Lambda Invoke API with `{ action, payload, token }` (FunctionRequest). */
export const handler = observed(createStripeConnectHandler(createAwsRuntime(env, { verifyCognitoTokens: true, directory: true })));
