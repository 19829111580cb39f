/**
 * The Next.js server's Lambda invoker in AWS mode: one LambdaClient per process (credentials from the Hosting
 * compute role through the SDK's default chain), function names from the environment or amplify_outputs.json.
 * Environment: AWS_REGION (else the outputs' auth.aws_region), LAMBDA_ENDPOINT (optional: a Lambda-compatible
 * endpoint, e.g. a test server), the *_FUNCTION_NAME variables and AMPLIFY_OUTPUTS_* of lib/aws/outputs.ts.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { FunctionRequest } from '../functions/types';
import type { HttpResponse } from '../http/errors';
import { invokeActionFunction } from './lambda';
import { functionName, loadAmplifyOutputs, type AmplifyOutputs, type Env, type MarketplaceFunction } from './outputs';

interface Cached {
  key: string;
  client: LambdaClient;
}
const holder = globalThis as typeof globalThis & { __marketplaceLambda?: Cached };

export async function invokeAwsFunction(
  name: Exclude<MarketplaceFunction, 'stripe-webhook'>,
  request: FunctionRequest,
  env: Env = process.env,
): Promise<HttpResponse> {
  let outputs: AmplifyOutputs | undefined;
  const lazyOutputs = () => (outputs ??= loadAmplifyOutputs(env));
  const target = functionName(name, env, lazyOutputs);
  return invokeActionFunction(lambdaClient(env, lazyOutputs), target, request, { label: name });
}

function lambdaClient(env: Env, outputs: () => AmplifyOutputs): LambdaClient {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || outputs().auth?.aws_region;
  const endpoint = env.LAMBDA_ENDPOINT || undefined;
  const key = `${region ?? ''}|${endpoint ?? ''}`;
  if (holder.__marketplaceLambda?.key !== key) {
    holder.__marketplaceLambda?.client.destroy();
    holder.__marketplaceLambda = { key, client: new LambdaClient({ ...(region ? { region } : {}), ...(endpoint ? { endpoint } : {}) }) };
  }
  return holder.__marketplaceLambda.client;
}
