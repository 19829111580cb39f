import { env } from '$amplify/env/booking-processor';
import { createBookingProcessorHandler } from '../../../lib/functions/booking-processor';
import { createAwsRuntime } from '../shared/aws-runtime';

/** Invoked through the Lambda Invoke API with `{ action, payload, token }` (FunctionRequest). */
export const handler = createBookingProcessorHandler(createAwsRuntime(env, { verifyCognitoTokens: true }));
