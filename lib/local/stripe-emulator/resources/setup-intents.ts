import { cardFor } from '../cards';
import { originOf, type RequestContext, type Route } from '../context';
import { snapshot } from '../emulator';
import { StripeApiError, invalidRequest } from '../errors';
import type { JsonObject } from '../objects/base';
import type { PaymentMethod, SetupIntent } from '../objects/payments';
import { updateMetadataAndDescription } from '../params';
import { listOwned } from '../reads';
import { newId, randomToken } from '../store';
import { authenticationRedirect, cardError, intentFromPath, intentView } from './intent-confirmation';
import { cardNumberOf, paymentMethodFromParams, resolvePaymentMethod } from './payment-methods';

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELLABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

/** The fields Stripe returns when a SetupIntent is read with a publishable key. */
const PUBLISHABLE_FIELDS: (keyof SetupIntent)[] = [
  'id',
  'object',
  'automatic_payment_methods',
  'cancellation_reason',
  'client_secret',
  'created',
  'description',
  'last_setup_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_types',
  'status',
  'usage',
];

const view = (ctx: RequestContext, si: SetupIntent) => intentView(ctx, si, PUBLISHABLE_FIELDS);
const getIntent = (ctx: RequestContext) => intentFromPath(ctx, 'setup_intent');

function unexpected(si: SetupIntent, action: string, allowed: string[]): StripeApiError {
  const err = invalidRequest(
    `You cannot ${action} this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be ${action === 'confirm' ? 'confirmed' : `${action}ed`}: ${allowed.join(', ')}.`,
    { code: 'setup_intent_unexpected_state' },
  );
  err.body.setup_intent = snapshot(si);
  return err;
}

/** Saves the card: succeeded (attached to the customer), a decline (402), or a 3D Secure challenge. */
function completeSetup(ctx: RequestContext, si: SetupIntent, pm: PaymentMethod, authenticated: boolean, returnUrl: string | null): void {
  const behavior = cardFor(cardNumberOf(ctx, pm))?.behavior;
  const previous: JsonObject = { status: si.status };
  si.payment_method = pm.id;
  if (behavior?.kind === 'decline') {
    const error = cardError(behavior.decline, pm);
    si.status = 'requires_payment_method';
    si.last_setup_error = error;
    si.payment_method = null;
    si.next_action = null;
    ctx.em.emit(originOf(ctx), ctx.account, 'setup_intent.setup_failed', si, previous);
    throw new StripeApiError(402, { ...error, payment_method: snapshot(pm), setup_intent: snapshot(view(ctx, si)) });
  }
  if (behavior?.kind === 'three_d_secure' && !authenticated) {
    si.status = 'requires_action';
    si.next_action = authenticationRedirect(ctx, si.id, returnUrl);
    ctx.em.emit(originOf(ctx), ctx.account, 'setup_intent.requires_action', si, previous);
    return;
  }
  si.status = 'succeeded';
  si.last_setup_error = null;
  si.next_action = null;
  if (si.customer && pm.customer !== si.customer) {
    pm.customer = si.customer;
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_method.attached', pm);
  }
  ctx.em.emit(originOf(ctx), ctx.account, 'setup_intent.succeeded', si, previous);
}

/** Ends a SetupIntent's 3D Secure challenge (from the emulator's authentication page). */
export function finishSetupAuthentication(ctx: RequestContext, si: SetupIntent, success: boolean): void {
  const pm = si.payment_method ? ctx.em.store.find('payment_method', si.payment_method) : undefined;
  if (si.status !== 'requires_action' || !pm) return;
  if (success) return completeSetup(ctx, si, pm, true, null);
  const previous: JsonObject = { status: si.status };
  si.status = 'requires_payment_method';
  si.payment_method = null;
  si.next_action = null;
  si.last_setup_error = cardError(
    {
      code: 'setup_intent_authentication_failure',
      message: 'The latest attempt to set up the payment method has failed because authentication failed.',
    },
    pm,
  );
  ctx.em.emit(originOf(ctx), ctx.account, 'setup_intent.setup_failed', si, previous);
}

function confirm(ctx: RequestContext, si: SetupIntent): void {
  if (!CONFIRMABLE.includes(si.status)) throw unexpected(si, 'confirm', CONFIRMABLE);
  const data = ctx.params.map('payment_method_data');
  const id = ctx.params.str('payment_method');
  const pm = data
    ? paymentMethodFromParams(ctx, data)
    : id
      ? resolvePaymentMethod(ctx, id)
      : si.payment_method
        ? ctx.em.store.find('payment_method', si.payment_method)
        : undefined;
  if (!pm)
    throw invalidRequest("You cannot confirm this SetupIntent because it's missing a payment method.", {
      code: 'setup_intent_unexpected_state',
    });
  completeSetup(ctx, si, pm, false, ctx.params.str('return_url') ?? null);
}

const create = (ctx: RequestContext) => {
  const p = ctx.params;
  const customer = p.str('customer') ?? null;
  if (customer) ctx.em.store.get('customer', customer, ctx.account, 'customer');
  const types = p.strArray('payment_method_types');
  const id = newId('seti');
  const si: SetupIntent = {
    id,
    object: 'setup_intent',
    application: null,
    automatic_payment_methods: types ? null : { enabled: p.map('automatic_payment_methods')?.bool('enabled') ?? true },
    cancellation_reason: null,
    client_secret: `${id}_secret_${randomToken(32)}`,
    created: ctx.em.now(),
    customer,
    description: p.str('description') ?? null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: p.metadata(),
    next_action: null,
    on_behalf_of: p.str('on_behalf_of') ?? null,
    payment_method: null,
    payment_method_options: {},
    payment_method_types: types ?? ['card'],
    single_use_mandate: null,
    status: 'requires_payment_method',
    usage: p.oneOf('usage', ['off_session', 'on_session'] as const) ?? 'off_session',
  };
  const pmId = p.str('payment_method');
  if (pmId) {
    si.payment_method = resolvePaymentMethod(ctx, pmId).id;
    si.status = 'requires_confirmation';
  }
  ctx.em.store.insert('setup_intent', ctx.account, si);
  ctx.em.emit(originOf(ctx), ctx.account, 'setup_intent.created', si);
  if (p.bool('confirm')) confirm(ctx, si);
  return view(ctx, si);
};

const update = (ctx: RequestContext) => {
  const si = getIntent(ctx);
  const p = ctx.params;
  updateMetadataAndDescription(p, si);
  const customer = p.str('customer');
  if (customer) si.customer = ctx.em.store.get('customer', customer, ctx.account, 'customer').id;
  const pmId = p.str('payment_method');
  if (pmId) {
    if (!CONFIRMABLE.includes(si.status)) throw unexpected(si, 'update', CONFIRMABLE);
    si.payment_method = resolvePaymentMethod(ctx, pmId).id;
    si.status = 'requires_confirmation';
  }
  return view(ctx, si);
};

const cancel = (ctx: RequestContext) => {
  const si = getIntent(ctx);
  if (!CANCELLABLE.includes(si.status)) throw unexpected(si, 'cancel', CANCELLABLE);
  const previous: JsonObject = { status: si.status };
  si.status = 'canceled';
  si.cancellation_reason = ctx.params.oneOf('cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const) ?? null;
  si.next_action = null;
  ctx.em.emit(originOf(ctx), ctx.account, 'setup_intent.canceled', si, previous);
  return view(ctx, si);
};

const list = (ctx: RequestContext) => listOwned(ctx, 'setup_intent', '/v1/setup_intents', { matching: ['customer', 'payment_method'] });

export const setupIntentRoutes: Route[] = [
  { method: 'POST', path: '/v1/setup_intents', handler: create },
  { method: 'GET', path: '/v1/setup_intents', handler: list },
  { method: 'GET', path: '/v1/setup_intents/:id', handler: (ctx) => view(ctx, getIntent(ctx)), publishable: true },
  { method: 'POST', path: '/v1/setup_intents/:id', handler: update },
  {
    method: 'POST',
    path: '/v1/setup_intents/:id/confirm',
    handler: (ctx) => {
      const si = getIntent(ctx);
      confirm(ctx, si);
      return view(ctx, si);
    },
    publishable: true,
  },
  { method: 'POST', path: '/v1/setup_intents/:id/cancel', handler: cancel },
];
