/**
 * The Stripe event types the webhook handles (lib/services/webhooks.ts holds one handler for each): what the
 * EventBridge rule forwards, and what the Stripe dashboard's webhook endpoint should subscribe to. A plain list, so the
 * infrastructure code can read it without importing the services.
 */
export const HANDLED_STRIPE_EVENT_TYPES = [
  'account.updated',
  'charge.dispute.closed',
  'charge.dispute.created',
  'charge.dispute.updated',
  'charge.succeeded',
  'checkout.session.completed',
  'checkout.session.expired',
  'customer.deleted',
  'customer.subscription.created',
  'customer.subscription.deleted',
  'customer.subscription.trial_will_end',
  'customer.subscription.updated',
  'customer.updated',
  'invoice.payment_failed',
  'invoice.payment_succeeded',
  'payment_intent.canceled',
  'payment_intent.created',
  'payment_intent.payment_failed',
  'payment_intent.succeeded',
  'payout.canceled',
  'payout.created',
  'payout.failed',
  'payout.paid',
  'payout.updated',
  'transfer.created',
  'transfer.reversed',
  'transfer.updated',
] as const;
