/**
 * The Stripe objects the emulator stores and returns, modelled on API version 2023-08-16 (fields as in Stripe's
 * OpenAPI description; only the ones the emulator fills are typed precisely), by their `object` name.
 */
import type { Customer, CheckoutSession, Invoice, LineItem, Price, Product, Subscription } from './billing';
import type { Account, ApplicationFee, BalanceTransaction, FeeRefund, Payout, Transfer, TransferReversal } from './connect';
import type { Charge, Dispute, PaymentIntent, PaymentMethod, Refund, SetupIntent } from './payments';
import type { StripeEvent, WebhookEndpoint } from './webhooks';
import type { Coupon, PromotionCode } from './discounts';

/** Every kind of object the store keeps, by its `object` name. */
export interface ObjectTypes {
  payment_intent: PaymentIntent;
  payment_method: PaymentMethod;
  charge: Charge;
  refund: Refund;
  account: Account;
  webhook_endpoint: WebhookEndpoint;
  event: StripeEvent;
  balance_transaction: BalanceTransaction;
  transfer: Transfer;
  transfer_reversal: TransferReversal;
  application_fee: ApplicationFee;
  fee_refund: FeeRefund;
  payout: Payout;
  customer: Customer;
  dispute: Dispute;
  product: Product;
  price: Price;
  checkout_session: CheckoutSession;
  line_item: LineItem;
  setup_intent: SetupIntent;
  subscription: Subscription;
  invoice: Invoice;
  coupon: Coupon;
  promotion_code: PromotionCode;
}
export type Kind = keyof ObjectTypes;
