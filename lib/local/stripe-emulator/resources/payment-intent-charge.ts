/**
 * Confirming a PaymentIntent and charging its card: the 3D Secure step, a decline (answered 402 and left on the
 * intent), or success (succeeded, or requires_capture for a manual capture).
 */
import { cardFor, type Decline } from '../cards';
import { originOf, type RequestContext } from '../context';
import { snapshot } from '../emulator';
import { StripeApiError, invalidRequest } from '../errors';
import type { JsonObject } from '../objects/base';
import type { PaymentIntent, PaymentMethod } from '../objects/payments';
import type { Params } from '../params';
import { createChargeForIntent } from './charges';
import { authenticationRedirect, cardError, intentView } from './intent-confirmation';
import { attachPaymentMethod, cardNumberOf, paymentMethodFromParams, resolvePaymentMethod } from './payment-methods';

/** The fields Stripe returns when a PaymentIntent is read with a publishable key. */
const PUBLISHABLE_FIELDS: (keyof PaymentIntent)[] = [
  'id',
  'object',
  'amount',
  'amount_details',
  'automatic_payment_methods',
  'canceled_at',
  'cancellation_reason',
  'capture_method',
  'client_secret',
  'confirmation_method',
  'created',
  'currency',
  'description',
  'last_payment_error',
  'livemode',
  'next_action',
  'payment_method',
  'payment_method_types',
  'processing',
  'receipt_email',
  'setup_future_usage',
  'shipping',
  'status',
];

export const paymentIntentView = (ctx: RequestContext, pi: PaymentIntent): object => intentView(ctx, pi, PUBLISHABLE_FIELDS);

export function unexpectedState(pi: PaymentIntent, action: string, allowed: string[]): StripeApiError {
  const message =
    pi.status === 'succeeded' && action === 'confirm'
      ? 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.'
      : `You cannot ${action} this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be ${action === 'confirm' ? 'confirmed' : `${action}d`}: ${allowed.join(', ')}.`;
  const err = invalidRequest(message, { code: 'payment_intent_unexpected_state' });
  err.body.payment_intent = snapshot(pi);
  return err;
}

/** `setup_future_usage` (on create, update and confirm); '' clears it. */
export function applySetupFutureUsage(pi: PaymentIntent, p: Params): void {
  const sfu = p.oneOf('setup_future_usage', ['off_session', 'on_session', ''] as const);
  if (sfu !== undefined) pi.setup_future_usage = sfu === '' ? null : sfu;
}

function paymentMethodFor(ctx: RequestContext, pi: PaymentIntent): PaymentMethod | undefined {
  const data = ctx.params.map('payment_method_data');
  if (data) return paymentMethodFromParams(ctx, data);
  const id = ctx.params.str('payment_method');
  if (id) return resolvePaymentMethod(ctx, id);
  return pi.payment_method ? ctx.em.store.find('payment_method', pi.payment_method) : undefined;
}

function fail(ctx: RequestContext, pi: PaymentIntent, pm: PaymentMethod, decline: Decline, chargeId: string | null): StripeApiError {
  const lastError = cardError(decline, pm, chargeId);
  const previous: JsonObject = { status: pi.status, last_payment_error: pi.last_payment_error ? snapshot(pi.last_payment_error) : null };
  pi.status = 'requires_payment_method';
  pi.last_payment_error = lastError;
  pi.payment_method = null;
  pi.next_action = null;
  ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.payment_failed', pi, previous);
  for (const hook of ctx.em.paymentHooks) hook(ctx, pi, 'failed');
  return new StripeApiError(402, { ...lastError, payment_intent: snapshot(paymentIntentView(ctx, pi)), payment_method: snapshot(pm) });
}

/** Charges the PaymentIntent's card: succeeded / requires_capture, or a decline (thrown as 402). */
export function attemptCharge(ctx: RequestContext, pi: PaymentIntent, pm: PaymentMethod): void {
  const number = cardNumberOf(ctx, pm);
  const behavior = cardFor(number)?.behavior ?? { kind: 'succeed' as const };
  if (behavior.kind === 'decline') {
    const charge = createChargeForIntent(ctx, pi, pm, behavior.decline, false);
    pi.latest_charge = charge.id;
    throw fail(ctx, pi, pm, behavior.decline, charge.id);
  }
  const manual = pi.capture_method === 'manual';
  const charge = createChargeForIntent(ctx, pi, pm, null, !manual);
  // As at Stripe: a successful payment with setup_future_usage saves the (still unattached) card to the customer.
  if (pi.setup_future_usage && pi.customer && !pm.customer) attachPaymentMethod(ctx, pm, pi.customer);
  const previous: JsonObject = { status: pi.status };
  pi.latest_charge = charge.id;
  pi.payment_method = pm.id;
  pi.last_payment_error = null;
  pi.next_action = null;
  if (manual) {
    pi.status = 'requires_capture';
    pi.amount_capturable = pi.amount;
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.amount_capturable_updated', pi, { ...previous, amount_capturable: 0 });
  } else {
    pi.status = 'succeeded';
    pi.amount_received = pi.amount;
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.succeeded', pi, { ...previous, amount_received: 0 });
    for (const hook of ctx.em.paymentHooks) hook(ctx, pi, 'succeeded');
  }
}

/** Ends a 3D Secure challenge (from the emulator's authentication page). */
export function finishAuthentication(ctx: RequestContext, pi: PaymentIntent, success: boolean): void {
  const pm = pi.payment_method ? ctx.em.store.find('payment_method', pi.payment_method) : undefined;
  if (pi.status !== 'requires_action' || !pm) return;
  if (success) {
    attemptCharge(ctx, pi, pm);
    return;
  }
  fail(
    ctx,
    pi,
    pm,
    {
      code: 'payment_intent_authentication_failure',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
    },
    null,
  );
}

export function confirmIntent(ctx: RequestContext, pi: PaymentIntent): void {
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(pi.status)) {
    throw unexpectedState(pi, 'confirm', ['requires_payment_method', 'requires_confirmation', 'requires_action']);
  }
  applySetupFutureUsage(pi, ctx.params);
  const pm = paymentMethodFor(ctx, pi);
  if (!pm) {
    const err = invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      { code: 'payment_intent_unexpected_state' },
    );
    throw err;
  }
  const returnUrl = ctx.params.str('return_url') ?? null;
  const behavior = cardFor(cardNumberOf(ctx, pm))?.behavior.kind;
  if (behavior === 'three_d_secure' && ctx.params.bool('off_session') !== true) {
    const previous: JsonObject = { status: pi.status };
    pi.status = 'requires_action';
    pi.payment_method = pm.id;
    pi.next_action = authenticationRedirect(ctx, pi.id, returnUrl);
    ctx.em.emit(originOf(ctx), ctx.account, 'payment_intent.requires_action', pi, previous);
    return;
  }
  if (behavior === 'three_d_secure') {
    throw fail(
      ctx,
      pi,
      pm,
      {
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      },
      null,
    );
  }
  attemptCharge(ctx, pi, pm);
}
