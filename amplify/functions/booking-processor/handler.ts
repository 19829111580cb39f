import { env } from '$amplify/env/booking-processor';
import { createBookingProcessorHandler } from '../../../lib/functions/booking-processor';
import { observed } from '../../../lib/functions/observed';
import { createAwsRuntime } from '../shared/aws-runtime';

/** Invoked through the Lambda Invoke API with `{ action, payload, token }` (FunctionRequest). */
export const handler = observed(createBookingProcessorHandler(createAwsRuntime(env, { verifyCognitoTokens: true })));
