/** Connect: connected accounts, the balance, transfers to them, application fees and payouts. */
import type { ListObject, Metadata } from './base';

export interface Requirements {
  alternatives: never[];
  current_deadline: number | null;
  currently_due: string[];
  disabled_reason: string | null;
  errors: never[];
  eventually_due: string[];
  past_due: string[];
  pending_verification: string[];
}

export type CapabilityStatus = 'active' | 'inactive' | 'pending';

export interface Account {
  id: string;
  object: 'account';
  business_profile: { mcc: string | null; name: string | null; product_description: string | null; url: string | null };
  business_type: string | null;
  capabilities: Record<string, CapabilityStatus>;
  charges_enabled: boolean;
  controller: { type: 'application' | 'account' };
  country: string;
  created: number;
  default_currency: string;
  details_submitted: boolean;
  email: string | null;
  external_accounts: ListObject<ExternalBankAccount>;
  future_requirements: Requirements;
  metadata: Metadata;
  payouts_enabled: boolean;
  requirements: Requirements;
  settings: {
    branding: { icon: null; logo: null; primary_color: null; secondary_color: null };
    card_payments: { decline_on: { avs_failure: boolean; cvc_failure: boolean }; statement_descriptor_prefix: string | null };
    dashboard: { display_name: string | null; timezone: string | null };
    payments: { statement_descriptor: string | null };
    payouts: {
      debit_negative_balances: boolean;
      schedule: { delay_days: number; interval: 'manual' | 'daily' };
      statement_descriptor: string | null;
    };
  };
  tos_acceptance: { date: number | null; ip: string | null; user_agent: string | null };
  type: 'express' | 'standard' | 'custom';
}

interface ExternalBankAccount {
  id: string;
  object: 'bank_account';
  account: string;
  bank_name: string;
  country: string;
  currency: string;
  default_for_currency: boolean;
  last4: string;
  routing_number: string;
  status: 'new' | 'verified' | 'errored';
}

export interface BalanceTransaction {
  id: string;
  object: 'balance_transaction';
  amount: number;
  available_on: number;
  created: number;
  currency: string;
  description: string | null;
  exchange_rate: null;
  fee: number;
  fee_details: { amount: number; application: string | null; currency: string; description: string; type: string }[];
  net: number;
  reporting_category: string;
  source: string | null;
  status: 'available' | 'pending';
  type: string;
}

export interface Transfer {
  id: string;
  object: 'transfer';
  amount: number;
  amount_reversed: number;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string;
  destination_payment: string;
  livemode: false;
  metadata: Metadata;
  reversals: ListObject<TransferReversal>;
  reversed: boolean;
  source_transaction: string | null;
  source_type: 'card';
  transfer_group: string | null;
}

export interface TransferReversal {
  id: string;
  object: 'transfer_reversal';
  amount: number;
  balance_transaction: string;
  created: number;
  currency: string;
  destination_payment_refund: string;
  metadata: Metadata;
  source_refund: string | null;
  transfer: string;
}

export interface ApplicationFee {
  id: string;
  object: 'application_fee';
  account: string;
  amount: number;
  amount_refunded: number;
  application: string;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  livemode: false;
  originating_transaction: null;
  refunded: boolean;
  refunds: ListObject<FeeRefund>;
}

export interface FeeRefund {
  id: string;
  object: 'fee_refund';
  amount: number;
  balance_transaction: string;
  created: number;
  currency: string;
  fee: string;
  metadata: Metadata;
}

export interface Payout {
  id: string;
  object: 'payout';
  amount: number;
  arrival_date: number;
  automatic: boolean;
  balance_transaction: string;
  created: number;
  currency: string;
  description: string | null;
  destination: string | null;
  failure_balance_transaction: string | null;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Metadata;
  method: 'standard' | 'instant';
  original_payout: null;
  reconciliation_status: 'not_applicable' | 'in_progress' | 'completed';
  reversed_by: null;
  source_type: 'card';
  statement_descriptor: string | null;
  status: 'paid' | 'pending' | 'in_transit' | 'canceled' | 'failed';
  type: 'bank_account';
}
