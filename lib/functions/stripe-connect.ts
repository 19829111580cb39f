import { connectRequests as req, customerRequests as creq } from '../http/stripe-connect';
import { checkAccountStatus } from '../services/account-sync';
import { createAccount, createAccountLink, createLoginLink, createPaymentIntentForBooking, joinProviders } from '../services/connect';
import { buyCredits, confirmCreditPurchase } from '../services/credit-purchases';
import { getCredits, listCreditPackages } from '../services/credits';
import { createSetupIntent, detachCard, listCards, setDefaultCard } from '../services/saved-cards';
import { listMyPayments } from '../services/payments';
import { cancelMembership, listMemberships, listPlans, resumeMembership, subscribe, syncMembership } from '../services/subscriptions';
import { changePlan, previewPlanChange } from '../services/plan-changes';
import { createPayout } from '../services/provider-payouts';
import { revokeUserSessionsAsAdmin, signOutSession } from '../services/session-revocation';
import { accountDataActions } from './actions/account-data';
import { adminPromotionActions } from './actions/promotions';
import { action, createActionHandler, requireCaller } from './dispatch';
import type { FunctionRuntime } from './runtime';

/**
 * Customers, saved cards, payments, memberships and credits. Every one acts on the caller's own
 * customer (from the verified token). The admins' refund of a credit purchase is refund-processor's (actions/admin.ts).
 */
const customerActions = {
  LIST_CARDS: action({ access: 'user', schema: creq.LIST_CARDS, run: (ctx) => listCards(ctx.deps, requireCaller(ctx)) }),
  CREATE_SETUP_INTENT: action({
    access: 'user',
    limit: 'payment',
    schema: creq.CREATE_SETUP_INTENT,
    run: (ctx, input) => createSetupIntent(ctx.deps, requireCaller(ctx), input),
  }),
  DETACH_CARD: action({
    access: 'user',
    limit: 'payment',
    schema: creq.DETACH_CARD,
    run: (ctx, input) => detachCard(ctx.deps, requireCaller(ctx), input),
  }),
  SET_DEFAULT_CARD: action({
    access: 'user',
    limit: 'payment',
    schema: creq.SET_DEFAULT_CARD,
    run: (ctx, input) => setDefaultCard(ctx.deps, requireCaller(ctx), input),
  }),
  LIST_PAYMENTS: action({ access: 'user', schema: creq.LIST_PAYMENTS, run: (ctx) => listMyPayments(ctx.deps, requireCaller(ctx)) }),
  LIST_MEMBERSHIP_PLANS: action({ access: 'public', schema: creq.LIST_MEMBERSHIP_PLANS, run: ({ deps }) => listPlans(deps) }),
  LIST_MEMBERSHIPS: action({ access: 'user', schema: creq.LIST_MEMBERSHIPS, run: (ctx) => listMemberships(ctx.deps, requireCaller(ctx)) }),
  SUBSCRIBE: action({
    access: 'user',
    limit: 'payment',
    schema: creq.SUBSCRIBE,
    run: (ctx, input) => subscribe(ctx.deps, requireCaller(ctx), input),
  }),
  SYNC_MEMBERSHIP: action({
    access: 'user',
    limit: 'payment',
    schema: creq.SYNC_MEMBERSHIP,
    run: (ctx, input) => syncMembership(ctx.deps, requireCaller(ctx), input),
  }),
  CANCEL_MEMBERSHIP: action({
    access: 'user',
    limit: 'payment',
    schema: creq.CANCEL_MEMBERSHIP,
    run: (ctx, input) => cancelMembership(ctx.deps, requireCaller(ctx), input),
  }),
  RESUME_MEMBERSHIP: action({
    access: 'user',
    limit: 'payment',
    schema: creq.RESUME_MEMBERSHIP,
    run: (ctx, input) => resumeMembership(ctx.deps, requireCaller(ctx), input),
  }),
  PREVIEW_PLAN_CHANGE: action({
    access: 'user',
    limit: 'payment',
    schema: creq.PREVIEW_PLAN_CHANGE,
    run: (ctx, input) => previewPlanChange(ctx.deps, requireCaller(ctx), input),
  }),
  CHANGE_PLAN: action({
    access: 'user',
    limit: 'payment',
    schema: creq.CHANGE_PLAN,
    run: (ctx, input) => changePlan(ctx.deps, requireCaller(ctx), input),
  }),
  LIST_CREDIT_PACKAGES: action({ access: 'public', schema: creq.LIST_CREDIT_PACKAGES, run: ({ deps }) => listCreditPackages(deps) }),
  BUY_CREDITS: action({
    access: 'user',
    limit: 'payment',
    schema: creq.BUY_CREDITS,
    run: (ctx, input) => buyCredits(ctx.deps, requireCaller(ctx), input),
  }),
  CONFIRM_CREDIT_PURCHASE: action({
    access: 'user',
    limit: 'payment',
    schema: creq.CONFIRM_CREDIT_PURCHASE,
    run: (ctx, input) => confirmCreditPurchase(ctx.deps, requireCaller(ctx), input),
  }),
  GET_CREDITS: action({ access: 'user', schema: creq.GET_CREDITS, run: (ctx) => getCredits(ctx.deps, requireCaller(ctx)) }),
};

/**
 * stripe-connect: provider onboarding on Connect Express and the direct Stripe operations. Provider actions need the
 * PROVIDER group; the account is always the caller's own. The customer's actions above join them in one function.
 */
export const stripeConnectActions = {
  JOIN_PROVIDERS: action({ access: 'user', schema: req.JOIN_PROVIDERS, run: (ctx) => joinProviders(ctx.deps, requireCaller(ctx)) }),
  CREATE_ACCOUNT: action({
    access: 'PROVIDER',
    schema: req.CREATE_ACCOUNT,
    run: (ctx, input) => createAccount(ctx.deps, requireCaller(ctx), input),
  }),
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
  CREATE_LOGIN_LINK: action({
    access: 'PROVIDER',
    schema: req.CREATE_LOGIN_LINK,
    run: (ctx, input) => createLoginLink(ctx.deps, requireCaller(ctx), input),
  }),
  CREATE_PAYMENT_INTENT: action({
    access: 'user',
    limit: 'payment',
    schema: req.CREATE_PAYMENT_INTENT,
    run: (ctx, input) => createPaymentIntentForBooking(ctx.deps, requireCaller(ctx), input),
  }),
  CREATE_PAYOUT: action({
    access: 'PROVIDER',
    limit: 'payment',
    schema: req.CREATE_PAYOUT,
    run: (ctx, input) => createPayout(ctx.deps, requireCaller(ctx), input),
  }),
  SIGN_OUT: action({ access: 'user', schema: req.SIGN_OUT, run: (ctx) => signOutSession(ctx.deps, requireCaller(ctx)) }),
  ADMIN_REVOKE_SESSIONS: action({
    access: 'ADMIN',
    schema: req.ADMIN_REVOKE_SESSIONS,
    run: (ctx, input) => revokeUserSessionsAsAdmin(ctx.deps, requireCaller(ctx), input),
  }),
  ...customerActions,
  // ADMIN_CREATE_PROMOTION_CODE, ADMIN_LIST_PROMOTION_CODES, ADMIN_DEACTIVATE_PROMOTION_CODE
  ...adminPromotionActions,
  // EXPORT_MY_DATA, DELETE_MY_ACCOUNT
  ...accountDataActions,
};

export function createStripeConnectHandler(runtime: FunctionRuntime) {
  return createActionHandler(runtime, stripeConnectActions);
}
