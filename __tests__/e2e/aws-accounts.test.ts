/**
 * AWS mode in Chromium, on the suite's one build: a second `next start` of the same `.next` with AWS-mode server
 * settings (the mode, and everything that depends on it, is read at run time on the server; the pages ask the server),
 * cognito-local as the user pool, and the four action functions behind a local Lambda Invoke endpoint, wired like the
 * AWS composition root (the Cognito verifier behind the revocation list, the Cognito directory) on the suite's tables
 * and Stripe emulator. One account signs up in the browser (confirm, log in, become a provider); a second, made in the
 * pool directly (the suite's sign-up budget is small), logs in and books and pays.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AdminConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { cognitoDirectory } from '../../lib/auth/cognito-directory';
import { createCognitoVerifier } from '../../lib/auth/cognito-verifier';
import { localRateLimitTableFor } from '../../lib/data/tables';
import type { FunctionRequest } from '../../lib/functions/types';
import { startCognitoLocal, type CognitoLocal } from '../../lib/local/cognito-local';
import { createLocalFunctions } from '../../lib/local/functions';
import { freePort } from '../../lib/local/ports';
import { startNext, type ManagedProcess } from '../../lib/local/processes';
import { localDeps, localEnv, localRuntime } from '../../lib/local/runtime';
import { revocationCheckingVerifier } from '../../lib/services/session-revocation';
import { startLambdaEndpoint, type LambdaEndpoint } from '../integration/aws/support/lambda-endpoint';
import { E2E_SHOTS as SHOTS, logInAs, useBrowserSession } from '../setup/browser';
import { bookFirstFreeSlot, fillCardForm } from '../setup/steps';
import '../setup/provided';

const FUNCTION_NAMES = {
  'booking-processor': 'BOOKING_PROCESSOR_FUNCTION_NAME',
  'stripe-connect': 'STRIPE_CONNECT_FUNCTION_NAME',
  'payout-manager': 'PAYOUT_MANAGER_FUNCTION_NAME',
  'refund-processor': 'REFUND_PROCESSOR_FUNCTION_NAME',
} as const;

let cognito: CognitoLocal;
let lambda: LambdaEndpoint;
let next: ManagedProcess;
const port = await freePort();
const awsUrl = `http://127.0.0.1:${port}`;
const session = useBrowserSession(awsUrl);

beforeAll(async () => {
  cognito = await startCognitoLocal();
  const env = localEnv(process.env);
  const base = localDeps(env);
  const deps = { ...base, directory: cognitoDirectory({ userPoolId: cognito.userPoolId, client: cognito.client }) };
  const verifier = revocationCheckingVerifier(createCognitoVerifier(cognito.env), async () => deps);
  const functions = createLocalFunctions({ ...localRuntime(env, deps), verifier });
  lambda = await startLambdaEndpoint(
    Object.fromEntries(
      Object.keys(FUNCTION_NAMES).map((name) => [
        `aws-e2e-${name}`,
        (e: unknown) => functions[name as keyof typeof FUNCTION_NAMES](e as FunctionRequest),
      ]),
    ),
  );
  const serverEnv = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
  next = await startNext({
    mode: 'start',
    port,
    hostname: '127.0.0.1',
    cwd: process.cwd(),
    env: {
      ...serverEnv,
      ...cognito.env,
      NEXT_PUBLIC_MARKETPLACE_MODE: 'aws',
      APP_URL: awsUrl,
      LAMBDA_ENDPOINT: lambda.url,
      ...Object.fromEntries(Object.entries(FUNCTION_NAMES).map(([name, variable]) => [variable, `aws-e2e-${name}`])),
      RATE_LIMIT_TABLE_NAME: localRateLimitTableFor(base.tables),
      AWS_ENDPOINT_URL_DYNAMODB: env.DYNAMODB_ENDPOINT,
    },
  });
  next.forwardOutput('[next aws] ');
}, 120_000);
afterAll(async () => {
  await next?.stop();
  await lambda?.close();
  await cognito?.stop();
});

const PASSWORD = 'correct-Horse-7';

describe('accounts in AWS mode (Cognito)', () => {
  it('signs up, confirms the emailed code, logs in and becomes a provider', async () => {
    const p = session.page;
    const email = `aws-provider-${randomUUID().slice(0, 8)}@example.com`;
    await p.goto('/signup?next=/provider');
    await p.getByLabel('Your name').fill('Ada Provider');
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Create account' }).click();
    await p.waitForURL((url) => url.pathname === '/signup/confirm');
    await p.getByLabel('Confirmation code').fill(cognito.latestCode(email)!);
    await p.getByRole('button', { name: 'Confirm email' }).click();
    await p.waitForURL((url) => url.pathname === '/login');
    await p.getByText('Your email address is confirmed. Log in to continue.').waitFor();
    await p.getByLabel('Password').fill(PASSWORD); // the email is filled in already
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.waitForURL((url) => url.pathname === '/provider');
    await p.getByRole('button', { name: 'Become a provider' }).click();
    await p.getByRole('button', { name: 'Set up payments' }).waitFor();
    await p.screenshot({ path: path.join(SHOTS, 'aws-provider.png'), fullPage: true });
  });

  it('a second account logs in, books a service and pays', async () => {
    const email = `aws-customer-${randomUUID().slice(0, 8)}@example.com`;
    await cognito.client.send(new SignUpCommand({ ClientId: cognito.clientId, Username: email, Password: PASSWORD }));
    await cognito.client.send(new AdminConfirmSignUpCommand({ UserPoolId: cognito.userPoolId, Username: email }));
    // The build's pages pay through the Stripe emulator, while an AWS-mode server's Content-Security-Policy names only
    // Stripe's own origins: this page ignores the policy (security-headers.test.ts checks it, in the mode it was built for).
    const context = await session.browser.newContext({ baseURL: awsUrl, bypassCSP: true, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(20_000);
    const p = await context.newPage();
    try {
      await logInAs(p, email, PASSWORD);
      const bookingId = await bookFirstFreeSlot(p);
      await fillCardForm(p);
      await p.getByRole('button', { name: /^Pay / }).click();
      await p.waitForURL((url) => url.pathname === `/bookings/${encodeURIComponent(bookingId)}`);
      await p.getByRole('heading', { name: 'Booking confirmed' }).waitFor({ timeout: 60_000 });
    } catch (err) {
      await p.screenshot({ path: path.join(SHOTS, 'failed-aws-booking.png'), fullPage: true }).catch(() => undefined);
      throw err;
    } finally {
      await context.close();
    }
  });
});
