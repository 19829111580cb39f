/**
 * AWS mode's Lambda invocation without AWS: a local server implements the Lambda Invoke API and runs the real local
 * handlers; the Next.js route (lib/server/routes.ts → lib/server/invoke.ts) reaches it through @aws-sdk/client-lambda
 * (LAMBDA_ENDPOINT), with function names from amplify_outputs.json or the environment.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { functionName, loadAmplifyOutputs, MissingOutputsError } from '../../../lib/aws/outputs';
import type { FunctionRequest } from '../../../lib/functions/types';
import { invokeFunction } from '../../../lib/server/invoke';
import { actionRoute } from '../../../lib/server/routes';
import { startTestStack, type TestStack } from '../support/local-stack';
import { startLambdaEndpoint, type LambdaEndpoint } from './support/lambda-endpoint';

const NAMES = {
  bookingProcessor: 'amplify-marketplace-ci-bookingprocessorlambda-AbC123',
  stripeConnect: 'amplify-marketplace-ci-stripeconnectlambda-DeF456',
  payoutManager: 'amplify-marketplace-ci-payoutmanagerlambda-GhI789',
  refundProcessor: 'amplify-marketplace-ci-refundprocessorlambda-JkL012',
  stripeWebhook: 'amplify-marketplace-ci-stripewebhooklambda-MnO345',
};
const OUTPUTS = {
  version: '1.4',
  auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_TestPool1', user_pool_client_id: 'testclientid1234567890' },
  custom: { functions: NAMES, stripeWebhookUrl: 'https://abc.lambda-url.us-east-1.on.aws/' },
};

let stack: TestStack;
let lambda: LambdaEndpoint;
let dir: string;
const saved = { ...process.env };

beforeAll(async () => {
  stack = await startTestStack('lambda-invoke');
  const asLambda = (handler: (r: FunctionRequest) => Promise<unknown>) => (event: unknown) => handler(event as FunctionRequest);
  lambda = await startLambdaEndpoint({
    [NAMES.bookingProcessor]: asLambda(stack.functions['booking-processor']),
    [NAMES.stripeConnect]: asLambda(stack.functions['stripe-connect']),
    [NAMES.payoutManager]: async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'secret')");
    },
    [NAMES.refundProcessor]: async () => ({ not: 'an http response' }),
  });
  dir = mkdtempSync(path.join(tmpdir(), 'amplify-outputs-'));
  writeFileSync(path.join(dir, 'amplify_outputs.json'), JSON.stringify(OUTPUTS));
});
afterAll(async () => {
  await lambda?.close();
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  Object.assign(process.env, {
    NEXT_PUBLIC_MARKETPLACE_MODE: 'aws',
    LAMBDA_ENDPOINT: lambda.url,
    AMPLIFY_OUTPUTS_PATH: path.join(dir, 'amplify_outputs.json'),
  });
  lambda.invocations.length = 0;
});
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

const post = (body: unknown, token?: string) =>
  new Request('http://localhost/api/booking-processor', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('AWS mode: routes invoke the functions through the Lambda Invoke API', () => {
  it('invokes the function named in amplify_outputs.json synchronously with { action, payload, token }', async () => {
    const res = await actionRoute('booking-processor')(post({ action: 'LIST_SERVICES' }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { services: { id: string }[] };
    expect(body.services.map((s) => s.id)).toContain('svc_demo_yoga');
    expect(lambda.invocations).toEqual([
      {
        functionName: NAMES.bookingProcessor,
        invocationType: 'RequestResponse',
        payload: { action: 'LIST_SERVICES', payload: {} },
        signed: true,
      },
    ]);
  });

  it("passes the caller's token for the function to verify; the function's own answers pass through", async () => {
    const anonymous = await actionRoute('booking-processor')(post({ action: 'LIST_MY_BOOKINGS' }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    const mine = await actionRoute('booking-processor')(post({ action: 'LIST_MY_BOOKINGS' }, stack.customerToken));
    expect(mine.status).toBe(200);
    expect(lambda.invocations.at(-1)?.payload).toEqual({ action: 'LIST_MY_BOOKINGS', payload: {}, token: stack.customerToken });
    const forged = await actionRoute('booking-processor')(post({ action: 'LIST_MY_BOOKINGS' }, `${stack.customerToken}x`));
    expect(forged.status).toBe(401);
  });

  it('answers 502 { error, code } when the function fails, without its error details', async () => {
    const res = await invokeFunction('payout-manager', { action: 'GET_PAYOUT_HISTORY', payload: {} });
    expect(res.statusCode).toBe(502);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(body).toEqual({ error: expect.stringContaining('payout-manager'), code: 'FUNCTION_ERROR' });
    expect(res.body).not.toMatch(/secret|TypeError|at /);
  });

  it('answers 502 when the function returns something that is not an HTTP response', async () => {
    const res = await invokeFunction('refund-processor', { action: 'GET_REFUND_STATUS', payload: {} });
    expect(res.statusCode).toBe(502);
    expect(JSON.parse(res.body)).toMatchObject({ code: 'FUNCTION_ERROR' });
  });

  it('prefers a <NAME>_FUNCTION_NAME variable over the outputs file', async () => {
    process.env.STRIPE_CONNECT_FUNCTION_NAME = NAMES.bookingProcessor;
    const res = await invokeFunction('stripe-connect', { action: 'LIST_SERVICES', payload: {} });
    expect(res.statusCode).toBe(200);
    expect(lambda.invocations.at(-1)?.functionName).toBe(NAMES.bookingProcessor);
  });

  it('reads the outputs from AMPLIFY_OUTPUTS_BASE64 (what amplify.yml writes for the Hosting runtime)', () => {
    const env = { AMPLIFY_OUTPUTS_BASE64: Buffer.from(JSON.stringify(OUTPUTS)).toString('base64') };
    expect(functionName('refund-processor', env)).toBe(NAMES.refundProcessor);
    expect(loadAmplifyOutputs(env).auth?.user_pool_id).toBe('us-east-1_TestPool1');
  });

  it('fails clearly, as a 500 from the route, when a function does not exist or nothing names it', async () => {
    process.env.BOOKING_PROCESSOR_FUNCTION_NAME = 'amplify-marketplace-ci-missing';
    const missing = await actionRoute('booking-processor')(post({ action: 'LIST_SERVICES' }));
    expect(missing.status).toBe(500);
    expect(await missing.json()).toEqual({ error: 'Internal error', code: 'INTERNAL' });

    expect(() => functionName('booking-processor', { AMPLIFY_OUTPUTS_PATH: path.join(dir, 'nope.json') })).toThrow(MissingOutputsError);
    expect(() => functionName('booking-processor', { AMPLIFY_OUTPUTS_PATH: path.join(dir, 'nope.json') })).toThrow(/AMPLIFY_OUTPUTS_PATH/);
  });

  it('local mode never touches the Lambda API or the outputs file', async () => {
    process.env.NEXT_PUBLIC_MARKETPLACE_MODE = 'local';
    process.env.AMPLIFY_OUTPUTS_PATH = path.join(dir, 'nope.json');
    const res = await invokeFunction('booking-processor', { action: 'UNKNOWN', payload: {} });
    expect(res.statusCode).toBe(400); // the in-process handler's UNKNOWN_ACTION
    expect(lambda.invocations).toHaveLength(0);
  });
});
