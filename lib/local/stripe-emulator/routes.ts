import type { Route } from './context';
import { accountRoutes } from './resources/accounts';
import { applicationFeeRoutes } from './resources/application-fees';
import { balanceRoutes } from './resources/balance';
import { chargeRoutes } from './resources/charges';
import { checkoutSessionRoutes } from './resources/checkout-sessions';
import { customerRoutes } from './resources/customers';
import { disputeRoutes } from './resources/disputes';
import { eventRoutes } from './resources/events';
import { invoicePreviewRoutes } from './resources/invoice-preview';
import { invoiceRoutes } from './resources/invoices';
import { paymentIntentRoutes } from './resources/payment-intents';
import { paymentMethodRoutes } from './resources/payment-methods';
import { payoutRoutes } from './resources/payouts';
import { productRoutes } from './resources/products';
import { promotionRoutes } from './resources/promotions';
import { refundRoutes } from './resources/refunds';
import { setupIntentRoutes } from './resources/setup-intents';
import { subscriptionRoutes } from './resources/subscriptions';
import { transferRoutes } from './resources/transfers';
import { webhookEndpointRoutes } from './resources/webhook-endpoints';
import { Router } from './router';

export const apiRoutes: Route[] = [
  ...paymentIntentRoutes,
  ...paymentMethodRoutes,
  ...chargeRoutes,
  ...refundRoutes,
  ...accountRoutes,
  ...webhookEndpointRoutes,
  ...eventRoutes,
  ...balanceRoutes,
  ...transferRoutes,
  ...applicationFeeRoutes,
  ...payoutRoutes,
  ...customerRoutes,
  ...disputeRoutes,
  ...productRoutes,
  ...checkoutSessionRoutes,
  ...setupIntentRoutes,
  ...subscriptionRoutes,
  ...invoiceRoutes,
  ...invoicePreviewRoutes,
  ...promotionRoutes,
];

export const apiRouter = new Router(apiRoutes);
