import { originOf, type EventOrigin, type RequestContext, type Route } from '../context';
import { snapshot, type Emulator } from '../emulator';
import { invalidRequest, permissionError } from '../errors';
import { expand } from '../expand';
import { paginate } from '../list';
import type { JsonObject } from '../objects/base';
import type { Account, CapabilityStatus, Requirements } from '../objects/connect';
import { newId, PLATFORM_ACCOUNT, randomToken } from '../store';

const ONBOARDING_FIELDS = [
  'business_profile.mcc',
  'business_profile.url',
  'business_type',
  'external_account',
  'individual.dob.day',
  'individual.dob.month',
  'individual.dob.year',
  'individual.email',
  'individual.first_name',
  'individual.last_name',
  'individual.phone',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

function requirements(due: string[], disabledReason: string | null): Requirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: [...due],
    disabled_reason: disabledReason,
    errors: [],
    eventually_due: [...due],
    past_due: due.length ? [...due] : [],
    pending_verification: [],
  };
}

function platformAccount(em: Emulator): Account {
  return {
    ...blankAccount(em, PLATFORM_ACCOUNT, 'standard', 'US', null),
    charges_enabled: true,
    payouts_enabled: true,
    details_submitted: true,
    requirements: requirements([], null),
    capabilities: { card_payments: 'active', transfers: 'active' },
  };
}

function blankAccount(em: Emulator, id: string, type: Account['type'], country: string, email: string | null): Account {
  return {
    id,
    object: 'account',
    business_profile: { mcc: null, name: null, product_description: null, url: null },
    business_type: null,
    capabilities: {},
    charges_enabled: false,
    controller: { type: type === 'standard' ? 'account' : 'application' },
    country,
    created: em.now(),
    default_currency: country === 'US' ? 'usd' : country === 'GB' ? 'gbp' : 'eur',
    details_submitted: false,
    email,
    external_accounts: { object: 'list', data: [], has_more: false, url: `/v1/accounts/${id}/external_accounts` },
    future_requirements: requirements([], null),
    metadata: {},
    payouts_enabled: false,
    requirements: requirements(ONBOARDING_FIELDS, 'requirements.past_due'),
    settings: {
      branding: { icon: null, logo: null, primary_color: null, secondary_color: null },
      card_payments: { decline_on: { avs_failure: false, cvc_failure: false }, statement_descriptor_prefix: null },
      dashboard: { display_name: null, timezone: 'Etc/UTC' },
      payments: { statement_descriptor: null },
      payouts: { debit_negative_balances: true, schedule: { delay_days: 2, interval: 'daily' }, statement_descriptor: null },
    },
    tos_acceptance: { date: null, ip: null, user_agent: null },
    type,
  };
}

function diff(before: JsonObject, after: JsonObject): JsonObject {
  const prev: JsonObject = {};
  for (const k of Object.keys(after)) {
    const b = before[k];
    if (JSON.stringify(b) !== JSON.stringify(after[k])) prev[k] = b === undefined ? null : b;
  }
  return prev;
}

function capabilityObject(account: Account, id: string) {
  return {
    id,
    object: 'capability' as const,
    account: account.id,
    requested: true,
    requested_at: account.created,
    requirements: account.requirements,
    status: account.capabilities[id] ?? 'inactive',
  };
}

/**
 * Applies a change to a connected account and emits account.updated with previous_attributes
 * (and capability.updated for each capability whose status changed).
 */
function updateAccount(em: Emulator, origin: EventOrigin, account: Account, change: (a: Account) => void): void {
  const before = snapshot(account);
  const capsBefore = { ...account.capabilities };
  change(account);
  const previous = diff(before, snapshot(account));
  if (Object.keys(previous).length === 0) return;
  em.emit(origin, account.id, 'account.updated', account, previous);
  for (const [id, status] of Object.entries(account.capabilities)) {
    const was = capsBefore[id];
    if (was !== undefined && was !== status)
      em.emit(origin, account.id, 'capability.updated', capabilityObject(account, id), { status: was });
  }
}

/** Everything onboarding collects: details submitted, capabilities active, charges and payouts on. */
export function completeOnboarding(em: Emulator, origin: EventOrigin, account: Account): void {
  updateAccount(em, origin, account, (a) => {
    a.details_submitted = true;
    a.charges_enabled = true;
    a.payouts_enabled = true;
    a.business_type = a.business_type ?? 'individual';
    a.business_profile = {
      ...a.business_profile,
      mcc: a.business_profile.mcc ?? '7299',
      url: a.business_profile.url ?? 'https://example.com',
    };
    for (const cap of Object.keys(a.capabilities)) a.capabilities[cap] = 'active';
    if (Object.keys(a.capabilities).length === 0) a.capabilities = { card_payments: 'active', transfers: 'active' };
    a.requirements = requirements([], null);
    a.tos_acceptance = { date: em.now(), ip: '127.0.0.1', user_agent: 'stripe-emulator' };
    if (a.external_accounts.data.length === 0) {
      a.external_accounts.data.push({
        id: newId('ba'),
        object: 'bank_account',
        account: a.id,
        bank_name: 'STRIPE TEST BANK',
        country: a.country,
        currency: a.default_currency,
        default_for_currency: true,
        last4: '6789',
        routing_number: '110000000',
        status: 'new',
      });
    }
  });
}

/** Onboarding left before the end: details submitted but requirements still due. */
export function leaveIncomplete(em: Emulator, origin: EventOrigin, account: Account): void {
  updateAccount(em, origin, account, (a) => {
    a.details_submitted = true;
    a.requirements = requirements(['external_account', 'individual.id_number'], 'requirements.past_due');
  });
}

export function rejectAccount(em: Emulator, origin: EventOrigin, account: Account, reason = 'rejected.fraud'): void {
  updateAccount(em, origin, account, (a) => {
    a.charges_enabled = false;
    a.payouts_enabled = false;
    for (const cap of Object.keys(a.capabilities)) a.capabilities[cap] = 'inactive';
    a.requirements = { ...a.requirements, disabled_reason: reason };
  });
}

function connectedAccount(ctx: RequestContext, id: string): Account {
  if (ctx.connected && id !== ctx.account)
    throw permissionError(`The provided key does not have access to account '${id}' (or that account does not exist).`);
  return ctx.em.store.get('account', id);
}

const create = (ctx: RequestContext) => {
  if (ctx.connected) throw invalidRequest('You cannot create accounts on behalf of a connected account.', { param: 'Stripe-Account' });
  const p = ctx.params;
  const type = p.oneOf('type', ['express', 'standard', 'custom'] as const) ?? 'standard';
  const country = (p.str('country') ?? 'US').toUpperCase();
  const account = blankAccount(ctx.em, newId('acct').slice(0, 21), type, country, p.str('email') ?? null);
  const caps = p.map('capabilities');
  const capabilities: Record<string, CapabilityStatus> = {};
  for (const name of Object.keys(caps?.raw ?? {})) {
    if (caps?.map(name)?.bool('requested')) capabilities[name] = 'inactive';
  }
  account.capabilities = capabilities;
  account.metadata = p.metadata();
  const bt = p.str('business_type');
  if (bt) account.business_type = bt;
  const profile = p.map('business_profile');
  if (profile) {
    account.business_profile = {
      mcc: profile.str('mcc') ?? null,
      name: profile.str('name') ?? null,
      product_description: profile.str('product_description') ?? null,
      url: profile.str('url') ?? null,
    };
  }
  const dc = p.str('default_currency');
  if (dc) account.default_currency = dc.toLowerCase();
  ctx.em.store.insert('account', PLATFORM_ACCOUNT, account);
  return expand(ctx.em, account, p.expand());
};

const retrieve = (ctx: RequestContext) => expand(ctx.em, connectedAccount(ctx, ctx.pathParams.id ?? ''), ctx.params.expand());

const retrieveSelf = (ctx: RequestContext) =>
  ctx.account === PLATFORM_ACCOUNT ? platformAccount(ctx.em) : ctx.em.store.get('account', ctx.account, undefined, 'account');

const update = (ctx: RequestContext) => {
  const account = connectedAccount(ctx, ctx.pathParams.id ?? '');
  const p = ctx.params;
  updateAccount(ctx.em, originOf(ctx), account, (a) => {
    a.metadata = p.metadata(a.metadata);
    const email = p.nullableStr('email');
    if (email !== undefined) a.email = email;
    const caps = p.map('capabilities');
    for (const name of Object.keys(caps?.raw ?? {})) {
      const requested = caps?.map(name)?.bool('requested');
      if (requested && !a.capabilities[name]) a.capabilities[name] = a.details_submitted ? 'active' : 'inactive';
      if (requested === false) delete a.capabilities[name];
    }
    const profile = p.map('business_profile');
    if (profile) {
      a.business_profile = {
        mcc: profile.str('mcc') ?? a.business_profile.mcc,
        name: profile.str('name') ?? a.business_profile.name,
        product_description: profile.str('product_description') ?? a.business_profile.product_description,
        url: profile.str('url') ?? a.business_profile.url,
      };
    }
  });
  return account;
};

const list = (ctx: RequestContext) => paginate(ctx, ctx.em.store.all('account', PLATFORM_ACCOUNT), '/v1/accounts');

const remove = (ctx: RequestContext) => {
  const account = connectedAccount(ctx, ctx.pathParams.id ?? '');
  ctx.em.store.remove(account.id);
  return { id: account.id, object: 'account', deleted: true };
};

const capabilities = (ctx: RequestContext) => {
  const account = connectedAccount(ctx, ctx.pathParams.id ?? '');
  const data = Object.keys(account.capabilities).map((id) => capabilityObject(account, id));
  return { object: 'list', data, has_more: false, url: `/v1/accounts/${account.id}/capabilities` };
};

const capability = (ctx: RequestContext) => {
  const account = connectedAccount(ctx, ctx.pathParams.id ?? '');
  const name = ctx.pathParams.capability ?? '';
  if (ctx.method === 'POST') {
    const requested = ctx.params.bool('requested');
    updateAccount(ctx.em, originOf(ctx), account, (a) => {
      if (requested && !a.capabilities[name]) a.capabilities[name] = a.details_submitted && a.charges_enabled ? 'active' : 'inactive';
      if (requested === false) delete a.capabilities[name];
    });
    if (requested === false) return { ...capabilityObject(account, name), requested: false, status: 'inactive' };
  }
  if (!account.capabilities[name])
    throw invalidRequest(`No such capability: '${name}'`, { status: 404, code: 'resource_missing', param: 'capability' });
  return capabilityObject(account, name);
};

const loginLink = (ctx: RequestContext) => {
  const account = connectedAccount(ctx, ctx.pathParams.id ?? '');
  if (account.type !== 'express') throw invalidRequest('Login links can only be created for Express accounts.', { param: 'account' });
  if (!account.details_submitted) {
    throw invalidRequest('Cannot create a login link for an account that has not completed onboarding.', { param: 'account' });
  }
  return { object: 'login_link', created: ctx.em.now(), url: `${ctx.em.baseUrl}/_emulator/express/${account.id}/${randomToken(12)}` };
};

/** Account links expire after 5 minutes; the onboarding page is served by the emulator's helpers. */
const accountLink = (ctx: RequestContext) => {
  const p = ctx.params;
  const account = ctx.em.store.get('account', p.reqStr('account'), undefined, 'account');
  const type = p.oneOf('type', ['account_onboarding', 'account_update'] as const);
  if (!type) throw invalidRequest('Missing required param: type.', { param: 'type', code: 'parameter_missing' });
  const refreshUrl = p.reqStr('refresh_url');
  const returnUrl = p.reqStr('return_url');
  const token = randomToken(24);
  const expiresAt = ctx.em.now() + 300;
  ctx.em.store.state.accountLinks[token] = { account: account.id, type, refreshUrl, returnUrl, expiresAt, used: false };
  return {
    object: 'account_link',
    created: ctx.em.now(),
    expires_at: expiresAt,
    url: `${ctx.em.baseUrl}/_emulator/connect/onboarding/${token}`,
  };
};

export const accountRoutes: Route[] = [
  { method: 'POST', path: '/v1/accounts', handler: create },
  { method: 'GET', path: '/v1/accounts', handler: list },
  { method: 'GET', path: '/v1/account', handler: retrieveSelf },
  { method: 'GET', path: '/v1/accounts/:id', handler: retrieve },
  { method: 'POST', path: '/v1/accounts/:id', handler: update },
  { method: 'DELETE', path: '/v1/accounts/:id', handler: remove },
  { method: 'GET', path: '/v1/accounts/:id/capabilities', handler: capabilities },
  { method: 'GET', path: '/v1/accounts/:id/capabilities/:capability', handler: capability },
  { method: 'POST', path: '/v1/accounts/:id/capabilities/:capability', handler: capability },
  { method: 'POST', path: '/v1/accounts/:id/login_links', handler: loginLink },
  { method: 'POST', path: '/v1/account_links', handler: accountLink },
];
