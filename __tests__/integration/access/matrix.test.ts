/**
 * The access matrix: every action of the four action functions (their production tables) × role (anonymous,
 * customer, provider, admin) × ownership (own record, someone else's, none), against the real stack. Expected
 * statuses come from the action's `access` and lib/domain/access-policy.ts; only the authorization outcome is
 * asserted: an allowed call may still fail for business reasons (400/402/409), but never with 401, 403 or 404.
 *
 * "Someone else's record" is the same record called by a stranger of the same role (another customer, another
 * provider): the policy looks only at how the caller stands to the record, so this is the same question and needs no
 * second provider with a connected account. An admin owns no booking or provider record, so an admin's own and other
 * cases are the same call; for the customer's own records (cards, memberships, credits) the provider and admin roles
 * are the record's owner with that group (a provider or an admin who is also a customer).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group, Identity } from '../../../lib/auth/identity';
import { decideAccess, type Principal, type ResourceKind, type ResourceOwners } from '../../../lib/domain/access-policy';
import { bookingActions } from '../../../lib/functions/booking-processor';
import type { ActionDefinition } from '../../../lib/functions/dispatch';
import { payoutManagerActions } from '../../../lib/functions/payout-manager';
import { refundProcessorActions } from '../../../lib/functions/refund-processor';
import { stripeConnectActions } from '../../../lib/functions/stripe-connect';
import { OPTIONAL_KINDS } from '../../../lib/domain/notifications';
import { RATE_LIMIT_POLICIES } from '../../../lib/domain/rate-limits';
import { unsubscribeToken } from '../../../lib/services/unsubscribe-links';
import { localAccountsTableFor, signUpLocal } from '../../../lib/local/accounts';
import { DEMO_USERS } from '../../../lib/local/seed';
import { confirmLikeStripeJs, confirmSetupIntentLikeStripeJs, firstFreeSlot, startTestStack, type TestStack } from '../support/local-stack';
import { FIXTURES, NEW_SERVICE, type Fixture, type Ownership, type World } from './fixtures';

const FUNCTIONS = {
  'booking-processor': bookingActions,
  'stripe-connect': stripeConnectActions,
  'refund-processor': refundProcessorActions,
  'payout-manager': payoutManagerActions,
} as const satisfies Record<string, Record<string, ActionDefinition>>;
type FunctionName = keyof typeof FUNCTIONS;

const ROLES = ['anonymous', 'customer', 'provider', 'admin'] as const;
type Role = (typeof ROLES)[number];
// someone else's record first: an own case may change the record (detach a card, cancel a booking)
const OWNERSHIPS: Ownership[] = ['other', 'none', 'own'];

const [CUSTOMER, PROVIDER, ADMIN] = DEMO_USERS;
const who = (userId: string, email: string, groups: Group[] = []): Identity => ({ userId, email, groups });
const C = who(CUSTOMER.userId, CUSTOMER.email);
const P = who(PROVIDER.userId, PROVIDER.email, ['PROVIDER']);
const A = who(ADMIN.userId, ADMIN.email, ['ADMIN']);
const STRANGER_CUSTOMER = who('user_matrix_stranger', 'stranger@matrix.local');
const STRANGER_PROVIDER = who('user_matrix_other_provider', 'other-provider@matrix.local', ['PROVIDER']);
const NOBODY = 'user_matrix_nobody';

// ---- who calls ------------------------------------------------------------------------------------
type Kind = Fixture['about'];
/** The caller for a role on its own record of this kind. */
function ownCaller(role: Exclude<Role, 'anonymous'>, about: Kind): Identity {
  if (about === 'userResource') return role === 'customer' ? C : { ...C, groups: role === 'provider' ? ['PROVIDER'] : ['ADMIN'] };
  return role === 'customer' ? C : role === 'provider' ? P : A;
}
function caller(role: Role, ownership: Ownership, about: Kind): Identity | undefined {
  if (role === 'anonymous') return undefined;
  const recordBound = about === 'booking' || about === 'providerResource' || about === 'userResource';
  if (ownership === 'other' && recordBound) return role === 'customer' ? STRANGER_CUSTOMER : role === 'provider' ? STRANGER_PROVIDER : A;
  return ownCaller(role, about);
}

// ---- what is expected -----------------------------------------------------------------------------
type Expected = { allowed: true } | { allowed: false; status: 401 | 403 | 404 };
const refused = (status: 401 | 403 | 404): Expected => ({ allowed: false, status });
const ALLOWED: Expected = { allowed: true };
const principal = (id: Identity): Principal => ({ userId: id.userId, groups: id.groups });
const fromDecision = (d: ReturnType<typeof decideAccess>['decision']): Expected =>
  d === 'allow' ? ALLOWED : refused(d === 'hidden' ? 404 : 403);

function ownersOf<K extends ResourceKind>(kind: K): ResourceOwners[K] {
  if (kind === 'booking') return { customerId: C.userId, providerId: P.userId } as ResourceOwners[K];
  if (kind === 'providerResource') return { providerId: P.userId } as ResourceOwners[K];
  return { userId: C.userId } as ResourceOwners[K];
}

function expected(def: ActionDefinition, fx: Fixture, role: Role, ownership: Ownership): Expected {
  const id = caller(role, ownership, fx.about);
  if (!id) {
    if (def.access !== 'public') return refused(401);
    if (fx.about === 'record') return ownership === 'none' ? refused(404) : ALLOWED;
    return ownership === 'own' ? ALLOWED : refused(403); // an anonymous body naming anyone
  }
  if (def.access !== 'public' && def.access !== 'user' && !id.groups.includes(def.access)) return refused(403);
  switch (fx.about) {
    case 'self':
      return ownership === 'own' ? ALLOWED : refused(403);
    case 'record':
      return ownership === 'none' ? refused(404) : ALLOWED;
    case 'createBooking':
      return ownership === 'own' ? ALLOWED : ownership === 'other' ? refused(403) : refused(404);
    case 'providerResource': {
      if (fx.requiresGroup && !fx.requiresGroup.some((g) => id.groups.includes(g))) return refused(403);
      const owners = ownersOf('providerResource');
      // Named by providerId: naming a provider the caller may not act for is acting for someone else (403), whether
      // or not that provider exists; the policy decides whom a caller may act for.
      const named = ownership === 'none' ? NOBODY : owners.providerId;
      if (
        fx.byIdentityField &&
        named !== id.userId &&
        decideAccess(principal(id), 'providerResource', { providerId: named }, fx.policy).decision !== 'allow'
      )
        return refused(403);
      return fromDecision(decideAccess(principal(id), 'providerResource', ownership === 'none' ? undefined : owners, fx.policy).decision);
    }
    case 'booking':
      return fromDecision(
        decideAccess(principal(id), 'booking', ownership === 'none' ? undefined : ownersOf('booking'), fx.policy).decision,
      );
    case 'userResource':
      return fromDecision(
        decideAccess(principal(id), 'userResource', ownership === 'none' ? undefined : ownersOf('userResource'), fx.policy).decision,
      );
  }
}

// ---- the input for each case ----------------------------------------------------------------------
const missingLike = (id: string) => {
  const prefix = /^(pm|sub|cs|evt|svc|exp)_/.exec(id)?.[1];
  return prefix ? `${prefix}_matrixmissing0` : 'matrix_missing_record';
};

function input(
  action: string,
  fx: Fixture,
  w: World,
  role: Role,
  ownership: Ownership,
  who: Identity | undefined,
): Record<string, unknown> {
  switch (fx.about) {
    case 'self': {
      const base = fx.input?.(w) ?? {};
      if (ownership === 'own') return base;
      const field = fx.identityField ?? 'customerId';
      return {
        ...base,
        [field]: ownership === 'other' ? (field === 'providerId' ? STRANGER_PROVIDER.userId : STRANGER_CUSTOMER.userId) : NOBODY,
      };
    }
    case 'record': {
      const id = fx.record(w);
      return fx.input(w, ownership === 'none' ? missingLike(id) : id);
    }
    case 'createBooking': {
      const base = { ...w.nextSlot(), groupSize: 1 };
      if (ownership === 'none') return { serviceId: 'svc_matrix_missing', ...base };
      const named =
        ownership === 'own' && who
          ? { customerId: who.userId, customerEmail: who.email }
          : { customerId: STRANGER_CUSTOMER.userId, customerEmail: STRANGER_CUSTOMER.email };
      return { serviceId: 'svc_demo_portrait', ...base, ...named };
    }
    case 'booking': {
      const id = w.booking(action);
      return fx.input(w, ownership === 'none' ? missingLike(id) : id);
    }
    case 'providerResource': {
      const id = fx.record ? fx.record(w) : P.userId;
      if (ownership === 'none') return fx.input(w, fx.record ? missingLike(id) : NOBODY);
      // The customer role names the provider (it has no provider record of its own to name).
      return fx.input(w, id);
    }
    case 'userResource': {
      const id = fx.record(w, role);
      return fx.input(w, ownership === 'none' ? missingLike(id) : id);
    }
  }
}

// ---- the stack and its records --------------------------------------------------------------------
let stack: TestStack;
let world: World;
let n = 0;
const requestId = () => `matrix_${Date.now()}_${++n}`;

async function call(fn: FunctionName, action: string, payload: object, id?: Identity) {
  const token = id ? stack.tokenFor(id.userId, id.email, id.groups) : undefined;
  const res = await stack.functions[fn]({ action, payload, ...(token ? { token } : {}) });
  return { status: res.statusCode, body: JSON.parse(res.body) as Record<string, unknown> };
}
async function ok(fn: FunctionName, action: string, payload: object, id?: Identity) {
  const res = await call(fn, action, payload, id);
  if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Waits for the notifier (on the event stream) to record a message. */
async function recordedNotification(id: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const out = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Notification, Key: { id }, ConsistentRead: true }));
    if (out.Item) return id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the notifier recorded no ${id}`);
}

/** A saved card of the customer: each a different number, since removing a card also removes its copies (same fingerprint). */
async function savedCard(cardNumber: string): Promise<string> {
  const si = (await ok('stripe-connect', 'CREATE_SETUP_INTENT', { requestId: requestId() }, C)) as {
    setupIntentId: string;
    clientSecret: string;
  };
  const saved = await confirmSetupIntentLikeStripeJs(stack.emulator.url, si, cardNumber);
  if (saved.status !== 'succeeded') throw new Error(`setup intent ${JSON.stringify(saved)}`);
  return saved.paymentMethodId;
}

const ACTIONS = (Object.entries(FUNCTIONS) as [FunctionName, Record<string, ActionDefinition>][]).flatMap(([fn, table]) =>
  Object.entries(table).map(([action, def]) => ({ fn, action, def })),
);

beforeAll(async () => {
  // The demo customer makes far more payment calls here than the production limit allows in 15 minutes; the limit
  // itself is tested in __tests__/integration/rate-limits.
  stack = await startTestStack('access-matrix', { payment: { ...RATE_LIMIT_POLICIES.payment, points: 100_000 } });
  // A chargeback (the emulator's dispute card) for the admins' evidence, on another service than the slots below.
  const disputed = (await ok(
    'booking-processor',
    'CREATE_BOOKING',
    { serviceId: 'svc_demo_cleaning', ...(await firstFreeSlot(stack, 'svc_demo_cleaning')), groupSize: 1 },
    C,
  )) as {
    bookingId: string;
    clientSecret: string;
  };
  await confirmLikeStripeJs(stack.emulator.url, disputed.clientSecret, '4000000000000259');
  await stack.emulator.flushWebhooks();
  const from = new Date().toISOString().slice(0, 10);
  const to = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  const slots = (
    (await ok('booking-processor', 'CHECK_AVAILABILITY', { serviceId: 'svc_demo_portrait', from, to })) as {
      slots: { startDateTime: string; endDateTime: string }[];
    }
  ).slots;
  let nextSlot = 0;
  const takeSlot = () => {
    const slot = slots[nextSlot++];
    if (!slot) throw new Error('out of free slots');
    return slot;
  };
  const bookings = new Map<string, string>();
  bookings.set('SUBMIT_DISPUTE_EVIDENCE', disputed.bookingId);
  for (const { action } of ACTIONS.filter((a) => FIXTURES[a.action]?.about === 'booking' && !bookings.has(a.action))) {
    const created = (await ok(
      'booking-processor',
      'CREATE_BOOKING',
      { serviceId: 'svc_demo_portrait', ...takeSlot(), groupSize: 1 },
      C,
    )) as { bookingId: string };
    bookings.set(action, created.bookingId);
  }
  const service = async () => ((await ok('booking-processor', 'CREATE_SERVICE', NEW_SERVICE, P)) as { service: { id: string } }).service.id;
  const membership = (await ok('stripe-connect', 'SUBSCRIBE', { planId: 'plan_basic', requestId: requestId() }, C)) as {
    membership: { id: string };
  };
  const purchase = (await ok('stripe-connect', 'BUY_CREDITS', { packageId: 'pkg_starter', requestId: requestId() }, C)) as {
    sessionId: string;
  };
  await stack.emulator.flushWebhooks();
  const events = (await ok('refund-processor', 'ADMIN_LIST_EVENTS', { limit: 1 }, A)) as { events: { id: string }[] };
  const promotion = (await ok('stripe-connect', 'ADMIN_CREATE_PROMOTION_CODE', { code: `MATRIX${Date.now()}`, percentOff: 5 }, A)) as {
    promotionCode: { code: string };
  };
  if (!events.events[0]) throw new Error('no stored event');
  const requested = (await ok(
    'refund-processor',
    'ADMIN_REQUEST_EXPORT',
    { kind: 'refunds', from: '2026-01-01', to: '2026-01-01' },
    A,
  )) as {
    export: { id: string };
  };
  await stack.events.drained();
  world = {
    booking: (action) =>
      bookings.get(action) ??
      (() => {
        throw new Error(`no booking for ${action}`);
      })(),
    nextSlot: takeSlot,
    serviceToUpdate: await service(),
    serviceToDeactivate: await service(),
    cardsToDetach: {
      customer: await savedCard('4000056655665556'),
      provider: await savedCard('5555555555554444'),
      admin: await savedCard('378282246310005'),
    },
    cardToDefault: await savedCard('4242424242424242'),
    membership: membership.membership.id,
    creditPurchase: purchase.sessionId,
    eventId: events.events[0].id,
    userToSignOut: (
      await signUpLocal(stack.deps, localAccountsTableFor(stack.tables), {
        email: `bystander-${Date.now()}@matrix.local`,
        password: 'long-enough-1',
        displayName: 'Bystander',
      })
    ).identity.userId,
    unsubscribe: {
      user: C.userId,
      kind: OPTIONAL_KINDS[0]!,
      token: unsubscribeToken(stack.deps.notifications!.unsubscribeSecret, C.userId, OPTIONAL_KINDS[0]!),
    },
    promotionCode: promotion.promotionCode.code,
    notificationId: await recordedNotification(`booking:${disputed.bookingId}:confirmed:customer`),
    exportId: requested.export.id,
    requestId,
  };
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the access matrix', () => {
  it('has a fixture for every action of the production tables', () => {
    const missing = ACTIONS.filter((a) => !FIXTURES[a.action]).map((a) => `no fixture for action ${a.action}`);
    expect(missing).toEqual([]);
    const stale = Object.keys(FIXTURES).filter((name) => !ACTIONS.some((a) => a.action === name));
    expect(stale, 'fixtures for actions no table has').toEqual([]);
  });

  const cases = ACTIONS.flatMap(({ fn, action, def }) =>
    ROLES.flatMap((role) =>
      OWNERSHIPS.map((ownership) => ({ fn, action, def, role, ownership, name: `${fn} ${action} · ${role} · ${ownership}` })),
    ),
  );
  for (const c of cases) {
    const fx = FIXTURES[c.action];
    if (!fx) continue; // reported by the test above
    it(c.name, async () => {
      const want = expected(c.def, fx, c.role, c.ownership);
      const id = caller(c.role, c.ownership, fx.about);
      const res = await call(c.fn, c.action, input(c.action, fx, world, c.role, c.ownership, id), id);
      const got = `${res.status} ${String(res.body.code ?? '')} ${String(res.body.error ?? '')}`;
      if (want.allowed) {
        expect([401, 403, 404], `allowed, got ${got}`).not.toContain(res.status);
        // a 5xx would hide whether the check ran at all
        expect(res.status, `allowed, got ${got}`).toBeLessThan(500);
      } else expect(res.status, `refused with ${want.status}, got ${got}`).toBe(want.status);
    });
  }
});
