/**
 * The provider's payout schedule (UserProfile.payoutSchedule): when the scheduled run pays out their available
 * balance. The run itself (lib/services/payouts.ts, decideScheduledPayout) reads the stored value; here the provider
 * reads and sets it, and learns when the next automatic payout happens.
 */
import type { Identity } from '../auth/identity';
import type { Currency } from '../domain/money';
import { minimumPayoutCents } from '../domain/payout';
import { nextAutomaticPayoutAt } from '../domain/scheduled-run';
import { setPayoutScheduleOf } from '../data/profile-writes';
import type { PayoutSchedule } from '../data/records';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { PayoutScheduleView } from '../http/payout-manager';
import type { Deps } from '../ports';

function scheduleView(deps: Deps, schedule: PayoutSchedule, currency: Currency): PayoutScheduleView {
  const next = nextAutomaticPayoutAt(schedule, deps.clock.now());
  return {
    payoutSchedule: schedule,
    ...(next ? { nextAutomaticPayoutAt: next.toISOString() } : {}),
    minimumPayoutCents: minimumPayoutCents(currency),
    currency,
  };
}

/** GET_PAYOUT_SCHEDULE: the caller's own (absent = DAILY, as the scheduled run reads it). */
export async function getPayoutSchedule(deps: Deps, caller: Identity, currency: Currency = 'usd'): Promise<PayoutScheduleView> {
  const profile = await repo.userProfile(deps, caller.userId);
  if (!profile) throw new AppError('NOT_FOUND', 'Your provider profile was not found', { providerId: caller.userId });
  return scheduleView(deps, profile.payoutSchedule ?? 'DAILY', currency);
}

/** SET_PAYOUT_SCHEDULE: always the caller's own profile (the identity comes from the verified token). */
export async function setPayoutSchedule(
  deps: Deps,
  caller: Identity,
  schedule: PayoutSchedule,
  currency: Currency = 'usd',
): Promise<PayoutScheduleView> {
  // Never creates a profile: only an existing provider's changes.
  if (!(await setPayoutScheduleOf(deps, caller.userId, schedule, deps.clock.now()))) {
    throw new AppError('NOT_FOUND', 'Your provider profile was not found', { providerId: caller.userId });
  }
  return scheduleView(deps, schedule, currency);
}
