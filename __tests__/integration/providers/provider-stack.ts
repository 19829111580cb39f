import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Group } from '../../../lib/auth/identity';
import type { ServiceRecord, UserProfileRecord } from '../../../lib/data/records';
import type { ConnectResponses } from '../../../lib/http/stripe-connect';
import { localAccountsTableFor, localDirectory, signUpLocal } from '../../../lib/local/accounts';
import { startTestStack, type TestStack } from '../support/local-stack';

/**
 * The booking harness plus what provider tests need: the local user directory on this file's tables, a Connect
 * webhook endpoint (Stripe sends connected accounts' events, such as account.updated, only to endpoints created
 * with `connect: true`), sign-up, and the emulator's onboarding page driven like a browser.
 */
export async function startProviderStack(label: string) {
  const stack = await startTestStack(label);
  const accountsTable = localAccountsTableFor(stack.tables);
  stack.deps.directory = localDirectory(stack.deps.db, accountsTable);
  await stack.deps.stripe.webhookEndpoints.create({ url: `${stack.appUrl}/api/stripe-webhook`, enabled_events: ['*'], connect: true });

  async function call<T>(fn: 'stripe-connect' | 'booking-processor', action: string, payload: object, token?: string) {
    const res = await stack.functions[fn]({ action, payload, ...(token ? { token } : {}) });
    return {
      status: res.statusCode,
      body: JSON.parse(res.body) as T & { error?: string; code?: string; details?: Record<string, unknown> },
    };
  }

  let counter = 0;
  return {
    ...stack,
    accountsTable,
    connect: <T = Record<string, unknown>>(action: string, payload: object, token?: string) =>
      call<T>('stripe-connect', action, payload, token),
    booking: <T = Record<string, unknown>>(action: string, payload: object, token?: string) =>
      call<T>('booking-processor', action, payload, token),
    tokenFor: (userId: string, email: string, groups: Group[] = []) => stack.tokenFor(userId, email, groups),

    /** Signs a new user up, joins the PROVIDER group through JOIN_PROVIDERS, and returns a refreshed token. */
    async newProvider(name = 'provider') {
      counter += 1;
      const email = `${name}-${counter}-${Date.now()}@example.com`;
      const { identity } = await signUpLocal(stack.deps, accountsTable, {
        email,
        password: 'password123',
        displayName: `${name} ${counter}`,
      });
      const userToken = stack.tokenFor(identity.userId, identity.email, []);
      const joined = await call<ConnectResponses['JOIN_PROVIDERS']>('stripe-connect', 'JOIN_PROVIDERS', {}, userToken);
      if (joined.status !== 200) throw new Error(`JOIN_PROVIDERS failed: ${joined.status} ${JSON.stringify(joined.body)}`);
      return {
        userId: identity.userId,
        email: identity.email,
        userToken,
        token: stack.tokenFor(identity.userId, identity.email, ['PROVIDER']),
      };
    },

    async profile(userId: string) {
      const out = await stack.deps.db.send(
        new GetCommand({ TableName: stack.tables.UserProfile, Key: { id: userId }, ConsistentRead: true }),
      );
      return out.Item as UserProfileRecord | undefined;
    },
    async service(id: string) {
      const out = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Service, Key: { id }, ConsistentRead: true }));
      return out.Item as ServiceRecord | undefined;
    },

    /**
     * Opens the onboarding page like a browser, presses the button with that label, and returns where the
     * emulator redirected to (the return_url).
     */
    async submitOnboarding(onboardingUrl: string, buttonLabel: 'Complete onboarding' | 'Leave incomplete' | 'Reject account') {
      const page = await fetch(onboardingUrl);
      if (page.status !== 200) throw new Error(`onboarding page answered ${page.status}`);
      const html = await page.text();
      const form = /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
      if (!form) throw new Error(`no form on the onboarding page: ${html}`);
      const button = [...form[2]!.matchAll(/<button[^>]*name="([^"]+)"[^>]*value="([^"]+)"[^>]*>([^<]*)<\/button>/gi)].find(
        (m) => m[3]!.trim() === buttonLabel,
      );
      if (!button) throw new Error(`no "${buttonLabel}" button on the onboarding page`);
      const action = new URL(form[1]!.replace(/&amp;/g, '&'), onboardingUrl);
      const res = await fetch(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ [button[1]!]: button[2]! }).toString(),
        redirect: 'manual',
      });
      return { status: res.status, location: res.headers.get('location') };
    },
    async pauseWebhooks() {
      await fetch(`${stack.emulator.url}/_emulator/webhooks/pause`, { method: 'POST' });
    },
    async resumeWebhooks() {
      await fetch(`${stack.emulator.url}/_emulator/webhooks/resume`, { method: 'POST' });
    },
  };
}
export type ProviderStack = Awaited<ReturnType<typeof startProviderStack>>;
export type { TestStack };
