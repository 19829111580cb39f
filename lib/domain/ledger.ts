import type { CommissionSplit } from './commission';
import type { Currency } from './money';
import type { LedgerEntryType } from '../data/records';

export interface LedgerLine {
  type: LedgerEntryType;
  amountCents: number;
  currency: Currency;
  description: string;
}

/** A captured booking payment: the charge, split into the platform's 8% and the provider's share. */
export function chargeLedgerLines(split: CommissionSplit): LedgerLine[] {
  return [
    { type: 'CHARGE', amountCents: split.totalAmountCents, currency: split.currency, description: 'Customer payment captured' },
    { type: 'PLATFORM_FEE', amountCents: split.platformFeeCents, currency: split.currency, description: 'Platform commission (8%)' },
    {
      type: 'PROVIDER_EARNING',
      amountCents: split.providerEarningsCents,
      currency: split.currency,
      description: 'Provider share (92%), held until the service is completed',
    },
  ];
}

export interface LedgerBalance {
  chargedCents: number;
  platformFeeCents: number;
  providerEarningCents: number;
  balanced: boolean;
}

/** A booking's ledger balances when what was charged is split exactly between platform and provider. */
export function bookingLedgerBalance(lines: Pick<LedgerLine, 'type' | 'amountCents'>[]): LedgerBalance {
  const sum = (type: LedgerEntryType) => lines.filter((l) => l.type === type).reduce((s, l) => s + l.amountCents, 0);
  const chargedCents = sum('CHARGE');
  const platformFeeCents = sum('PLATFORM_FEE');
  const providerEarningCents = sum('PROVIDER_EARNING');
  return { chargedCents, platformFeeCents, providerEarningCents, balanced: chargedCents === platformFeeCents + providerEarningCents };
}

// ---- refunds (issue 6) ----------------------------------------------------------------------------

export interface RefundLedgerInput {
  refundCents: number;
  platformFeeRefundCents: number;
  providerEarningReductionCents: number;
  providerReversalCents: number;
  providerCompensationCents: number;
  reverseCents: number;
  currency: Currency;
}

/**
 * The lines of one refund, in the existing entry types and the convention of lib/domain/earnings.ts
 * (reconcileBookingLedger): REFUND R and FEE_REFUND F, the provider's part being R − F (PROVIDER_EARNING stays as
 * charged). Compensation C that the platform absorbs so the provider keeps it is a second FEE_REFUND line (the
 * platform's net drops by C, the provider's part becomes R − F − C). TRANSFER_REVERSAL V is what came back from the
 * connected account. The reversal shortfall (provider debt) is not a ledger type yet: it is kept on the booking and
 * the provider's profile (providerDebtCents) until the Amplify enum gains PROVIDER_DEBT.
 */
export function refundLedgerLines(r: RefundLedgerInput, reason: string): (LedgerLine & { key: string })[] {
  const lines: (LedgerLine & { key: string })[] = [
    { key: 'REFUND', type: 'REFUND', amountCents: r.refundCents, currency: r.currency, description: `Refund to customer: ${reason}` },
    { key: 'FEE_REFUND', type: 'FEE_REFUND', amountCents: r.platformFeeRefundCents, currency: r.currency, description: 'Platform commission refunded in proportion' },
    { key: 'COMPENSATION', type: 'FEE_REFUND', amountCents: r.providerCompensationCents, currency: r.currency, description: 'Provider compensation absorbed by the platform' },
    { key: 'TRANSFER_REVERSAL', type: 'TRANSFER_REVERSAL', amountCents: r.reverseCents, currency: r.currency, description: 'Transfer to the provider reversed' },
  ];
  return lines.filter((l) => l.amountCents !== 0 || l.type === 'REFUND');
}

export interface MoneyFlowBalance {
  chargedCents: number;
  refundedCents: number;
  platformFeeCents: number;
  feeRefundedCents: number;
  /** Provider earning net of the provider's part of refunds. */
  providerNetCents: number;
  platformNetCents: number;
  transferredCents: number;
  transferReversedCents: number;
  providerDebtCents: number;
  disputedCents: number;
  refundsBalanced: boolean;
  transfersBalanced: boolean;
  balanced: boolean;
}

/**
 * A booking's whole money flow (the convention of reconcileBookingLedger in lib/domain/earnings.ts). Balanced when
 *   CHARGE − REFUND − DISPUTE = (PLATFORM_FEE − FEE_REFUND) + (PROVIDER_EARNING − (REFUND + DISPUTE − FEE_REFUND))
 * (DISPUTE: +withdrawn, −reinstated when won; a lost chargeback's fee share is a FEE_REFUND line)
 * which holds by construction for refunds, so the real checks are: no refund beyond the charge, the provider's net
 * never negative (FEE_REFUND may exceed the fee when the platform absorbs compensation), and, once a TRANSFER exists, TRANSFER − TRANSFER_REVERSAL − providerDebt = the provider's
 * net. `providerDebtCents` comes from the booking (reversal shortfall) until the ledger has a PROVIDER_DEBT type.
 */
export function bookingMoneyFlow(
  lines: Pick<LedgerLine, 'type' | 'amountCents'>[],
  providerDebtCents = 0,
  /** While a chargeback is open the provider's share is frozen, not yet settled: the transfer check waits. */
  chargebackOpen = false,
): MoneyFlowBalance {
  const sum = (type: LedgerEntryType) => lines.filter((l) => l.type === type).reduce((s, l) => s + l.amountCents, 0);
  const chargedCents = sum('CHARGE');
  const refundedCents = sum('REFUND');
  const disputedCents = sum('DISPUTE');
  const platformFeeCents = sum('PLATFORM_FEE');
  const feeRefundedCents = sum('FEE_REFUND');
  const providerEarningCents = sum('PROVIDER_EARNING');
  const platformNetCents = platformFeeCents - feeRefundedCents;
  const providerNetCents = providerEarningCents - (refundedCents + disputedCents - feeRefundedCents);
  const transferredCents = sum('TRANSFER');
  const transferReversedCents = sum('TRANSFER_REVERSAL');
  const refundsBalanced =
    chargedCents === platformFeeCents + providerEarningCents &&
    refundedCents >= 0 &&
    refundedCents + disputedCents <= chargedCents &&
    feeRefundedCents >= 0 &&
    (chargebackOpen || providerNetCents >= 0) &&
    chargedCents - refundedCents - disputedCents === platformNetCents + providerNetCents;
  const hasTransfer = lines.some((l) => l.type === 'TRANSFER');
  const transfersBalanced = !hasTransfer || chargebackOpen || transferredCents - transferReversedCents - providerDebtCents === providerNetCents;
  return {
    chargedCents,
    refundedCents,
    platformFeeCents,
    feeRefundedCents,
    providerNetCents,
    platformNetCents,
    transferredCents,
    transferReversedCents,
    providerDebtCents,
    disputedCents,
    refundsBalanced,
    transfersBalanced,
    balanced: refundsBalanced && transfersBalanced,
  };
}
