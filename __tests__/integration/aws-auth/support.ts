/**
 * AWS mode's accounts without AWS: cognito-local (started per file, lib/local/cognito-local.ts) is the user pool, the
 * local test stack's tables and Stripe emulator are the data, and a local Lambda Invoke endpoint runs the real
 * stripe-connect handler wired like the AWS composition root: the Cognito verifier (aws-jwt-verify against the
 * emulator's JWKS) behind the revocation list, and the Cognito directory (AdminAddUserToGroup). The Next.js account
 * routes run in this process with NEXT_PUBLIC_MARKETPLACE_MODE=aws and the emulator's endpoint in the environment.
 */
import { createCognitoVerifier } from '../../../lib/auth/cognito-verifier';
import { cognitoDirectory } from '../../../lib/auth/cognito-directory';
import { localRateLimitTableFor } from '../../../lib/data/tables';
import { startCognitoLocal, type CognitoLocal } from '../../../lib/local/cognito-local';
import { createLocalFunctions } from '../../../lib/local/functions';
import type { Deps } from '../../../lib/ports';
import { revocationCheckingVerifier } from '../../../lib/services/session-revocation';
import type { FunctionRequest } from '../../../lib/functions/types';
import { dynamoEndpoint } from '../../setup/dynamo';
import { startLambdaEndpoint, type LambdaEndpoint } from '../aws/support/lambda-endpoint';
import { startTestStack, type TestStack } from '../support/local-stack';

export const APP = 'http://localhost:3000';
const STRIPE_CONNECT = 'bookwell-test-stripe-connect';

export interface AwsAuthStack {
  cognito: CognitoLocal;
  stack: TestStack;
  deps: Deps;
  lambda: LambdaEndpoint;
  /** The function's verifier (signature, audience, expiry, then the revocation list). */
  verifier: ReturnType<typeof revocationCheckingVerifier>;
  close(): Promise<void>;
}

export async function startAwsAuthStack(label: string): Promise<AwsAuthStack> {
  const cognito = await startCognitoLocal();
  const stack = await startTestStack(label);
  const deps: Deps = { ...stack.deps, directory: cognitoDirectory({ userPoolId: cognito.userPoolId, client: cognito.client }) };
  const verifier = revocationCheckingVerifier(createCognitoVerifier(cognito.env), async () => deps);
  const functions = createLocalFunctions({ ...stack.runtime, deps: async () => deps, verifier });
  const lambda = await startLambdaEndpoint({ [STRIPE_CONNECT]: (event) => functions['stripe-connect'](event as FunctionRequest) });
  const saved = { ...process.env };
  Object.assign(process.env, {
    ...cognito.env,
    NEXT_PUBLIC_MARKETPLACE_MODE: 'aws',
    APP_URL: APP,
    LAMBDA_ENDPOINT: lambda.url,
    STRIPE_CONNECT_FUNCTION_NAME: STRIPE_CONNECT,
    // the server's sign-in limits on this stack's rate-limit table, through the SDK's standard endpoint setting
    RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(stack.tables),
    AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint(),
  });
  return {
    cognito,
    stack,
    deps,
    lambda,
    verifier,
    async close() {
      process.env = saved;
      await lambda.close();
      await stack.close();
      await cognito.stop();
    },
  };
}

/** A same-origin JSON POST to an account route, as the browser's fetch sends it. */
export function post(path: string, body: object, cookie?: string): Request {
  return new Request(`${APP}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: APP,
      'sec-fetch-site': 'same-origin',
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** The cookies a response sets, as the browser would send them back (a cleared one is dropped). */
export function cookiesOf(res: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => [p.split('=')[0]!, p] as const),
  );
  for (const line of res.headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    const name = pair.split('=')[0]!;
    if (/Max-Age=0/.test(line)) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()].join('; ');
}

export function cookieValue(cookie: string, name: string): string | undefined {
  const pair = cookie.split('; ').find((p) => p.startsWith(`${name}=`));
  return pair ? decodeURIComponent(pair.slice(name.length + 1)) : undefined;
}
