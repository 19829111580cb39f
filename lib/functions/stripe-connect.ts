import { connectRequests as req } from '../http/contract';
import {
  checkAccountStatus,
  createAccount,
  createAccountLink,
  createLoginLink,
  createPaymentIntentForBooking,
  createPayout,
  joinProviders,
} from '../services/connect';
import { action, createActionHandler, requireCaller } from './dispatch';
import type { FunctionRuntime } from './runtime';

/**
 * stripe-connect (../shared/specs/stripe-connect-marketplace.md): provider onboarding on Connect Express and the
 * direct Stripe operations. Provider actions need the PROVIDER group; the account is always the caller's own.
 * Customers, saved cards, subscriptions and credit packages arrive with the issues that own them.
 */
export const stripeConnectActions = {
  JOIN_PROVIDERS: action({ access: 'user', schema: req.JOIN_PROVIDERS, run: (ctx) => joinProviders(ctx.deps, requireCaller(ctx)) }),
  CREATE_ACCOUNT: action({ access: 'PROVIDER', schema: req.CREATE_ACCOUNT, run: (ctx, input) => createAccount(ctx.deps, requireCaller(ctx), input) }),
  CREATE_ACCOUNT_LINK: action({
    access: 'PROVIDER',
    schema: req.CREATE_ACCOUNT_LINK,
    run: (ctx, input) => createAccountLink(ctx.deps, requireCaller(ctx), input),
  }),
  CHECK_ACCOUNT_STATUS: action({
    access: 'PROVIDER',
    schema: req.CHECK_ACCOUNT_STATUS,
    run: (ctx, input) => checkAccountStatus(ctx.deps, requireCaller(ctx), input),
  }),
  CREATE_LOGIN_LINK: action({ access: 'PROVIDER', schema: req.CREATE_LOGIN_LINK, run: (ctx, input) => createLoginLink(ctx.deps, requireCaller(ctx), input) }),
  CREATE_PAYMENT_INTENT: action({
    access: 'user',
    schema: req.CREATE_PAYMENT_INTENT,
    run: (ctx, input) => createPaymentIntentForBooking(ctx.deps, requireCaller(ctx), input),
  }),
  CREATE_PAYOUT: action({ access: 'PROVIDER', schema: req.CREATE_PAYOUT, run: (ctx, input) => createPayout(ctx.deps, requireCaller(ctx), input) }),
};

export function createStripeConnectHandler(runtime: FunctionRuntime) {
  return createActionHandler(runtime, stripeConnectActions);
}
