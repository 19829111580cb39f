import type { StripeAccountStatus } from './vocabulary';

/** The parts of a Stripe Account that decide whether a provider can be paid. */
export interface AccountFacts {
  details_submitted?: boolean;
  charges_enabled?: boolean;
  payouts_enabled?: boolean;
  requirements?: {
    currently_due?: string[] | null;
    past_due?: string[] | null;
    disabled_reason?: string | null;
  } | null;
}

/**
 * One decision used by CHECK_ACCOUNT_STATUS and the account.updated webhook alike.
 * REJECTED: Stripe disabled the account for good; ACTIVE: can take charges and receive payouts;
 * RESTRICTED: was onboarded but Stripe now needs something (past due or disabled); PENDING: onboarding unfinished.
 */
export function decideAccountStatus(account: AccountFacts): StripeAccountStatus {
  const reason = account.requirements?.disabled_reason ?? '';
  if (reason.startsWith('rejected.')) return 'REJECTED';
  const pastDue = account.requirements?.past_due ?? [];
  if (account.charges_enabled && account.payouts_enabled && pastDue.length === 0 && !reason) return 'ACTIVE';
  if (account.details_submitted) return 'RESTRICTED';
  return 'PENDING';
}
