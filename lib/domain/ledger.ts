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
