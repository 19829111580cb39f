/**
 * DELETE_MY_ACCOUNT: a person leaves. In order, each step idempotent so a retried deletion finishes what a failed one
 * started: (1) a provider with money in flight is refused (409, what must settle first) before anything changes;
 * (2) bookings still to come are cancelled through the ordinary cancellation use cases (a paid one with its policy's
 * refund); (3) memberships are cancelled at Stripe; (4) the Stripe customer and a provider's connected account are
 * deleted (idempotency keys from the user's ids); (5) name, email and free text are replaced by a pseudonym on every
 * record kept (bookings, customer record, reviews, profile + AccountDeleted); (6) the sign-in is deleted and every
 * session ends at once. Ledger lines and payments are kept: they carry only the opaque user id.
 */
import type { Identity } from '../auth/identity';
import {
  bookingOnDeletion,
  isDeletionConfirmed,
  pseudonymOf,
  settlementBlockers,
  settlementMessage,
  DELETE_CONFIRMATION_PHRASE,
  type ProviderMoneyInFlight,
} from '../domain/account-deletion';
import { LIVE_MEMBERSHIP_STATUSES } from '../domain/membership-status';
import {
  eraseBookingContact,
  eraseCustomerContact,
  eraseProfile,
  markConnectedAccountClosed,
  markDeletionStarted,
  payoutsInTransit,
  readAccountRecords,
  type ProfileWithDeletion,
} from '../data/account-data';
import type { BookingRecord } from '../data/records';
import { repo } from '../data/repository';
import { pseudonymiseReviewAuthor, reviewsByCustomer } from '../data/review-writes';
import { deactivateServiceWrite } from '../data/service-writes';
import { revokeUserSessions } from '../data/session-revocations';
import { commitWithRetry } from '../data/transact';
import type { AccountDeletionResult } from '../http/account-data';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';
import { accountDeletionIdempotencyKeys } from '../stripe/idempotency';
import { callStripe } from '../stripe/errors';
import { cancelUnpaidBooking } from './booking-lifecycle';
import { subscriptionSyncEffects } from './membership-sync';
import { cancelPaidBooking } from './refund-requests';

/** A Stripe object already deleted is what a retried deletion wants: its 404 is success. */
async function deleteAtStripe(del: () => Promise<unknown>): Promise<void> {
  await callStripe(async () => {
    try {
      await del();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
  });
}

async function moneyInFlight(deps: Deps, providerId: string, profile: ProfileWithDeletion | undefined): Promise<ProviderMoneyInFlight> {
  const inStatus = (status: BookingRecord['status']) => repo.bookingsOfProviderInStatus(deps, providerId, status);
  const [confirmed, completed, disputed, paidOut, payouts] = await Promise.all([
    inStatus('CONFIRMED'),
    inStatus('COMPLETED'),
    inStatus('DISPUTED'),
    inStatus('PAID_OUT'),
    payoutsInTransit(deps, providerId),
  ]);
  const openCase = (b: BookingRecord) => b.refundCaseState === 'OPEN' || b.refundCaseState === 'ESCALATED';
  return {
    confirmedBookings: confirmed.length,
    completedUnpaidBookings: completed.length,
    disputedBookings: disputed.length,
    openRefundCases: [...completed, ...paidOut].filter(openCase).length,
    payoutsInTransit: payouts.length,
    debtCents: profile?.providerDebtCents ?? 0,
  };
}

export async function deleteMyAccount(deps: Deps, caller: Identity, confirmation: string): Promise<AccountDeletionResult> {
  if (!isDeletionConfirmed(confirmation))
    throw new AppError('VALIDATION_FAILED', `Type ${DELETE_CONFIRMATION_PHRASE} to confirm that your account should be deleted.`, {
      field: 'confirmation',
    });
  const userId = caller.userId;
  const records = await readAccountRecords(deps, userId);
  const { profile } = records;
  const isProvider = caller.groups.includes('PROVIDER') || profile?.stripeAccountId !== undefined;
  if (isProvider && !profile?.connectedAccountClosedAt) {
    const blockers = settlementBlockers(await moneyInFlight(deps, userId, profile));
    if (blockers.length > 0)
      throw new AppError('CONFLICT', settlementMessage(blockers), {
        reason: 'MONEY_IN_FLIGHT',
        mustSettle: blockers.map((b) => ({ ...b })),
      });
  }
  const now = deps.clock.now();
  await markDeletionStarted(deps, userId, now);

  // Bookings still to come, cancelled as the customer would cancel them (unpaid: released; paid: the policy's refund).
  const cancelledBookings: AccountDeletionResult['cancelledBookings'] = [];
  for (const booking of records.bookings) {
    const what = bookingOnDeletion(booking, now);
    if (what === 'cancelUnpaid') await cancelUnpaidBooking(deps, caller, booking.id);
    if (what === 'cancelPaid') {
      const { refund } = await cancelPaidBooking(deps, caller, { bookingId: booking.id, reason: 'The customer deleted their account' });
      cancelledBookings.push({ bookingId: booking.id, refundCents: refund.refundCents, currency: booking.currency });
    }
  }

  const cancelledMemberships: string[] = [];
  for (const membership of records.memberships.filter((m) => LIVE_MEMBERSHIP_STATUSES.includes(m.status))) {
    await callStripe(() =>
      deps.stripe.subscriptions.cancel(
        membership.id,
        {},
        { idempotencyKey: accountDeletionIdempotencyKeys.cancelMembership(membership.id) },
      ),
    );
    await commitWithRetry(deps, () => subscriptionSyncEffects(deps, membership.id));
    cancelledMemberships.push(membership.id);
  }

  const stripeCustomerId = records.customer?.stripeCustomerId;
  if (stripeCustomerId)
    await deleteAtStripe(() =>
      deps.stripe.customers.del(
        stripeCustomerId,
        {},
        { idempotencyKey: accountDeletionIdempotencyKeys.deleteCustomer(userId, stripeCustomerId) },
      ),
    );

  const accountId = profile?.stripeAccountId;
  if (accountId) {
    for (const service of await repo.servicesOfProvider(deps, userId))
      if (service.isActive) await deactivateServiceWrite(deps, service, now.toISOString());
    await deleteAtStripe(() =>
      deps.stripe.accounts.del(accountId, {}, { idempotencyKey: accountDeletionIdempotencyKeys.closeConnectedAccount(userId, accountId) }),
    );
    await markConnectedAccountClosed(deps, userId, now);
  }

  const pseudonym = pseudonymOf(userId);
  for (const booking of records.bookings) await eraseBookingContact(deps, booking.id, pseudonym.email);
  await eraseCustomerContact(deps, userId, pseudonym.email, now);
  for (const review of await reviewsByCustomer(deps, userId)) await pseudonymiseReviewAuthor(deps, review, pseudonym.displayName);
  await eraseProfile(
    deps,
    {
      userId,
      pseudonym,
      summary: {
        cancelledBookings: cancelledBookings.length,
        cancelledMemberships: cancelledMemberships.length,
        closedConnectedAccount: accountId !== undefined,
      },
    },
    now,
  );

  // Last, so a failure before this point leaves the caller signed in to retry. Deleting the sign-in ends its refresh
  // tokens; the revocation list refuses every token already issued, on every instance at once.
  await deps.directory?.deleteUser(userId, caller.email);
  await revokeUserSessions(deps, userId, deps.clock.now());
  return { deleted: true, cancelledBookings, cancelledMemberships, closedConnectedAccount: accountId !== undefined };
}
