import type { CommissionSplit } from './commission';
import type { Currency } from './money';

export type LedgerEntryType =
  | 'CHARGE'
  | 'PLATFORM_FEE'
  | 'PROVIDER_EARNING'
  | 'TRANSFER'
  | 'PAYOUT'
  | 'REFUND'
  | 'FEE_REFUND'
  | 'TRANSFER_REVERSAL'
  | 'DISPUTE'
  | 'PAYOUT_FAILED'
  // ---- credits ----
  /** A credit package paid by card (ledger account: the purchase, `credit-purchase:<checkout session id>`). */
  | 'CREDIT_PURCHASE'
  /** Credits that paid (part of) a booking: funds the booking as a CHARGE does. */
  | 'CREDIT_SPEND'
  /** Credits given back to the customer for a refunded credit-paid booking. */
  | 'CREDIT_RETURN'
  /** Card money refunded for the unspent part of a credit purchase. */
  | 'CREDIT_PURCHASE_REFUND'
  /**
   * A promotion code's discount on a booking, borne by the platform (lib/domain/promotions.ts): it funds the booking
   * beside CHARGE / CREDIT_SPEND, and the platform's net is PLATFORM_FEE − DISCOUNT − FEE_REFUND.
   */
  | 'DISCOUNT'
  /**
   * The provider owes the platform money it could not take back by a transfer reversal (their Stripe balance was short):
   * +amount on the booking when the debt arises; −amount on the booking whose payout recovered it (netted).
   */
  | 'PROVIDER_DEBT'
  /** A paid membership invoice (ledger account `membership:<subscription id>`, one line per invoice). */
  | 'MEMBERSHIP_PAYMENT';

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

// ---- refunds ----------------------------------------------------------------------------

interface RefundLedgerInput {
  /** The whole refund: card part + credit part. */
  refundCents: number;
  /** Of it, what the card gets back (default: all of it). The credit part is a CREDIT_RETURN line (credit-writes.ts). */
  cardRefundCents?: number;
  platformFeeRefundCents: number;
  providerEarningReductionCents: number;
  providerReversalCents: number;
  providerCompensationCents: number;
  reverseCents: number;
  currency: Currency;
}

/**
 * The lines of one refund, in the convention of bookingMoneyFlow below: REFUND (the card
 * part; the credit part of a credit-paid booking is its CREDIT_RETURN line) and FEE_REFUND F, the provider's part
 * being (REFUND + CREDIT_RETURN) − F (PROVIDER_EARNING stays as charged). Compensation C that the platform absorbs so
 * the provider keeps it is a second FEE_REFUND line (the platform's net drops by C). TRANSFER_REVERSAL V is what
 * came back from the connected account; the shortfall is a PROVIDER_DEBT line (lib/services/provider-debt.ts).
 */
export function refundLedgerLines(r: RefundLedgerInput, reason: string): (LedgerLine & { key: string })[] {
  const card = r.cardRefundCents ?? r.refundCents;
  const lines: (LedgerLine & { key: string })[] = [
    { key: 'REFUND', type: 'REFUND', amountCents: card, currency: r.currency, description: `Refund to customer: ${reason}` },
    {
      key: 'FEE_REFUND',
      type: 'FEE_REFUND',
      amountCents: r.platformFeeRefundCents,
      currency: r.currency,
      description: 'Platform commission refunded in proportion',
    },
    {
      key: 'COMPENSATION',
      type: 'FEE_REFUND',
      amountCents: r.providerCompensationCents,
      currency: r.currency,
      description: 'Provider compensation absorbed by the platform',
    },
    {
      key: 'TRANSFER_REVERSAL',
      type: 'TRANSFER_REVERSAL',
      amountCents: r.reverseCents,
      currency: r.currency,
      description: 'Transfer to the provider reversed',
    },
  ];
  // A card refund of 0 is kept only for a card booking (a refund always has its REFUND line); credits-only: none.
  return lines.filter((l) => l.amountCents !== 0 || (l.type === 'REFUND' && card === r.refundCents));
}

export interface MoneyFlowBalance {
  /** What funded the booking: card CHARGE + CREDIT_SPEND. */
  chargedCents: number;
  cardChargedCents: number;
  creditsSpentCents: number;
  /** Given back: card REFUND + CREDIT_RETURN. */
  refundedCents: number;
  cardRefundedCents: number;
  creditsReturnedCents: number;
  platformFeeCents: number;
  feeRefundedCents: number;
  /** Provider earning net of the provider's part of refunds. */
  providerNetCents: number;
  platformNetCents: number;
  transferredCents: number;
  transferReversedCents: number;
  /** Net PROVIDER_DEBT: + debt arising on this booking, − earlier debt netted from this booking's transfer. */
  providerDebtCents: number;
  disputedCents: number;
  /** A promotion code's discount the platform bore (DISCOUNT). */
  discountCents: number;
  refundsBalanced: boolean;
  transfersBalanced: boolean;
  balanced: boolean;
}

/**
 * A booking's whole money flow (the admin's booking view and the integration suite's ledger check read it). Balanced when
 *   FUNDED − REFUNDED − DISPUTE = (PLATFORM_FEE − FEE_REFUND) + (PROVIDER_EARNING − (REFUNDED + DISPUTE − FEE_REFUND))
 * with FUNDED = CHARGE + CREDIT_SPEND and REFUNDED = REFUND + CREDIT_RETURN; a promotion code's DISCOUNT funds the rest of
 * the list price on the platform's account (FUNDED + DISCOUNT = PLATFORM_FEE + PROVIDER_EARNING, the platform's net
 * being PLATFORM_FEE − DISCOUNT − FEE_REFUND)
 * (DISPUTE: +withdrawn, −reinstated when won; a lost chargeback's fee share is a FEE_REFUND line)
 * which holds by construction for refunds, so the real checks are: no refund beyond what was paid, the provider's
 * net never negative (FEE_REFUND may exceed the fee when the platform absorbs compensation), and, once a TRANSFER
 * (or a PROVIDER_DEBT) line exists, TRANSFER − TRANSFER_REVERSAL − PROVIDER_DEBT = the provider's net: what the
 * provider was paid, less what came back, less what they owe (a −PROVIDER_DEBT line is debt netted from this
 * booking's transfer: paid to the provider, as settlement). While the transfer is unfinished (a part went while a
 * refund case held the rest: the booking is still COMPLETED), what was paid may fall short of the net, never exceed it.
 */
export function bookingMoneyFlow(
  lines: Pick<LedgerLine, 'type' | 'amountCents'>[],
  /** While a chargeback is open the provider's share is frozen, not yet settled: the transfer check waits. */
  chargebackOpen = false,
  /** The booking is not paid out yet (COMPLETED): a part of its transfer may have gone, the rest is still owed. */
  transferUnfinished = false,
): MoneyFlowBalance {
  const sum = (type: LedgerEntryType) => lines.filter((l) => l.type === type).reduce((s, l) => s + l.amountCents, 0);
  const cardChargedCents = sum('CHARGE');
  const creditsSpentCents = sum('CREDIT_SPEND');
  const chargedCents = cardChargedCents + creditsSpentCents;
  const cardRefundedCents = sum('REFUND');
  const creditsReturnedCents = sum('CREDIT_RETURN');
  const refundedCents = cardRefundedCents + creditsReturnedCents;
  const disputedCents = sum('DISPUTE');
  const platformFeeCents = sum('PLATFORM_FEE');
  const feeRefundedCents = sum('FEE_REFUND');
  const providerEarningCents = sum('PROVIDER_EARNING');
  const discountCents = sum('DISCOUNT');
  const platformNetCents = platformFeeCents - discountCents - feeRefundedCents;
  const providerNetCents = providerEarningCents - (refundedCents + disputedCents - feeRefundedCents);
  const transferredCents = sum('TRANSFER');
  const transferReversedCents = sum('TRANSFER_REVERSAL');
  const providerDebtCents = sum('PROVIDER_DEBT');
  const refundsBalanced =
    chargedCents + discountCents === platformFeeCents + providerEarningCents &&
    discountCents >= 0 &&
    discountCents <= platformFeeCents &&
    cardRefundedCents >= 0 &&
    cardRefundedCents <= cardChargedCents &&
    creditsReturnedCents >= 0 &&
    creditsReturnedCents <= creditsSpentCents &&
    refundedCents + disputedCents <= chargedCents &&
    feeRefundedCents >= 0 &&
    (chargebackOpen || providerNetCents >= 0) &&
    chargedCents - refundedCents - disputedCents === platformNetCents + providerNetCents;
  const hasTransfer = lines.some((l) => l.type === 'TRANSFER' || l.type === 'PROVIDER_DEBT');
  const paidToProviderCents = transferredCents - transferReversedCents - providerDebtCents;
  const transfersBalanced =
    !hasTransfer ||
    chargebackOpen ||
    paidToProviderCents === providerNetCents ||
    (transferUnfinished && paidToProviderCents >= 0 && paidToProviderCents < providerNetCents);
  return {
    chargedCents,
    cardChargedCents,
    creditsSpentCents,
    refundedCents,
    cardRefundedCents,
    creditsReturnedCents,
    platformFeeCents,
    feeRefundedCents,
    providerNetCents,
    platformNetCents,
    transferredCents,
    transferReversedCents,
    providerDebtCents,
    disputedCents,
    discountCents,
    refundsBalanced,
    transfersBalanced,
    balanced: refundsBalanced && transfersBalanced,
  };
}
