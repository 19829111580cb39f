import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/http/errors';
import { authenticateLocalAccount, currentLocalIdentity, getLocalAccount, signUpLocal } from '../../../lib/local/accounts';
import { startProviderStack, type ProviderStack } from './provider-stack';

let stack: ProviderStack;
beforeAll(async () => {
  stack = await startProviderStack('signup');
});
afterAll(async () => stack?.close());

describe('local sign-up', () => {
  it('creates the sign-in account and the profile; the new user can log in', async () => {
    const email = `New.User-${Date.now()}@Example.com`;
    const { identity, displayName } = await signUpLocal(stack.deps, stack.accountsTable, {
      email,
      password: 'long-enough-1',
      displayName: '  Nora New  ',
    });
    expect(identity).toMatchObject({ email: email.toLowerCase(), groups: [] });
    expect(displayName).toBe('Nora New');
    const profile = (await stack.deps.db.send(new GetCommand({ TableName: stack.tables.UserProfile, Key: { id: identity.userId } }))).Item;
    expect(profile).toMatchObject({
      __typename: 'UserProfile',
      owner: identity.userId,
      email: email.toLowerCase(),
      displayName: 'Nora New',
    });
    expect((await authenticateLocalAccount(stack.deps.db, stack.accountsTable, email, 'long-enough-1'))?.userId).toBe(identity.userId);
  });

  it('an email that already has an account → 409 CONFLICT, and nothing else is written', async () => {
    const email = `twice-${Date.now()}@example.com`;
    const first = await signUpLocal(stack.deps, stack.accountsTable, { email, password: 'long-enough-1', displayName: 'First' });
    const err = await signUpLocal(stack.deps, stack.accountsTable, {
      email: email.toUpperCase(),
      password: 'other-password',
      displayName: 'Second',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'CONFLICT', status: 409 });
    expect((await getLocalAccount(stack.deps.db, stack.accountsTable, email))?.userId).toBe(first.identity.userId);
  });

  it('concurrent sign-ups with one email: exactly one succeeds', async () => {
    const email = `race-${Date.now()}@example.com`;
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, (_, i) =>
        signUpLocal(stack.deps, stack.accountsTable, { email, password: 'long-enough-1', displayName: `R${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('session refresh after "Become a provider"', () => {
  it('the refreshed identity carries the group from the account, for the same user only', async () => {
    const p = await stack.newProvider('refresher');
    const before = { userId: p.userId, email: p.email, groups: [] };
    expect(await currentLocalIdentity(stack.deps.db, stack.accountsTable, before)).toMatchObject({
      userId: p.userId,
      groups: ['PROVIDER'],
    });
    // A token whose userId does not own that email's account is refused.
    expect(await currentLocalIdentity(stack.deps.db, stack.accountsTable, { ...before, userId: 'user_forged' })).toBeUndefined();
    expect(await currentLocalIdentity(stack.deps.db, stack.accountsTable, { ...before, email: 'nobody@example.com' })).toBeUndefined();
  });

  it('JOIN_PROVIDERS cannot add a group to another user\u2019s account', async () => {
    const victim = await signUpLocal(stack.deps, stack.accountsTable, {
      email: `victim-${Date.now()}@example.com`,
      password: 'long-enough-1',
      displayName: 'V',
    });
    // A (validly signed) token for another user id that claims the victim's email.
    const token = stack.tokenFor('user_attacker', victim.identity.email);
    const res = await stack.connect('JOIN_PROVIDERS', {}, token);
    expect(res.status).toBe(404);
    expect((await getLocalAccount(stack.deps.db, stack.accountsTable, victim.identity.email))?.groups).toEqual([]);
  });
});
