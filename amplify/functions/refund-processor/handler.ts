import { env } from '$amplify/env/refund-processor';
import { createRefundProcessorHandler } from '../../../lib/functions/refund-processor';
import { observed } from '../../../lib/functions/observed';
import { createAwsRuntime } from '../shared/aws-runtime';

/** Invoked through the Lambda Invoke API with `{ action, payload, token }` (FunctionRequest). */
export const handler = observed(createRefundProcessorHandler(createAwsRuntime(env, { verifyCognitoTokens: true })));
