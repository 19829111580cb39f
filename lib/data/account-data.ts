/**
 * A person's records, read for their data export and erased for their account deletion. The erasure replaces name
 * and email with a pseudonym (lib/domain/account-deletion.ts) and drops free text; ledger lines, payments and bookings
 * stay (the law keeps financial records), known only by the opaque user id. Each write is idempotent: a retried
 * deletion writes the same values again, and the AccountDeleted event is written once (with the profile's deletedAt).
 */
import type { BookingRecord } from './booking-records';
import type { CreditTransactionRecord, CustomerRecord, PaymentRecord, SubscriptionRecord } from './customer-records';
import { updateInput } from './expressions';
import { isConditionalCheckFailed, transactionCancellationReasons } from './items';
import { eventItem } from './outbox';
import type { PayoutRecord, UserProfileRecord } from './provider-records';
import { getItem, queryIndex } from './repository';
import { transactWrite, type DataDeps } from './transact';

/** The profile with where its deletion stands. */
export type ProfileWithDeletion = UserProfileRecord & { deletionStartedAt?: string; deletedAt?: string; connectedAccountClosedAt?: string };

const byUser = <T>(deps: DataDeps, model: 'Payment' | 'Subscription' | 'CreditTransaction', userId: string) =>
  queryIndex<T>(deps, model, { index: 'byUser', key: 'userId', value: userId, newestFirst: true });

export async function readAccountRecords(deps: DataDeps, userId: string) {
  const [profile, customer, bookings, payments, memberships, creditChanges] = await Promise.all([
    getItem<ProfileWithDeletion>(deps, 'UserProfile', userId),
    getItem<CustomerRecord>(deps, 'Customer', userId),
    queryIndex<BookingRecord>(deps, 'Booking', { index: 'byCustomer', key: 'customerId', value: userId, newestFirst: true }),
    byUser<PaymentRecord>(deps, 'Payment', userId),
    byUser<SubscriptionRecord>(deps, 'Subscription', userId),
    byUser<CreditTransactionRecord>(deps, 'CreditTransaction', userId),
  ]);
  return { profile, customer, bookings, payments, memberships, creditChanges };
}

/** A provider's payouts still on their way to the bank (the newest page is enough: older ones have arrived). */
export async function payoutsInTransit(deps: DataDeps, providerId: string): Promise<PayoutRecord[]> {
  const recent = await queryIndex<PayoutRecord>(deps, 'Payout', {
    index: 'byProvider',
    key: 'providerId',
    value: providerId,
    newestFirst: true,
    limit: 50,
  });
  return recent.filter((p) => p.status === 'pending' || p.status === 'in_transit');
}

async function ignoreMissing(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (err) {
    if (!isConditionalCheckFailed(err) && !transactionCancellationReasons(err)?.includes('ConditionalCheckFailed')) throw err;
  }
}

/** The deletion has started (kept from the first attempt on: a retry knows it is one). */
export async function markDeletionStarted(deps: DataDeps, userId: string, now: Date): Promise<void> {
  await transactWrite(deps, [
    { Update: updateInput(deps.tables.UserProfile, { id: userId }, { setIfAbsent: { deletionStartedAt: now.toISOString() } }) },
  ]);
}

/** The booking kept for the records, without the customer's email and free text. */
export async function eraseBookingContact(deps: DataDeps, bookingId: string, pseudonymEmail: string): Promise<void> {
  await ignoreMissing(
    transactWrite(deps, [
      {
        Update: updateInput(
          deps.tables.Booking,
          { id: bookingId },
          { set: { customerEmail: pseudonymEmail }, remove: ['specialRequests'] },
          [{ attr: 'id', present: true }],
        ),
      },
    ]),
  );
}

/** The Customer record kept (credit balance, the Stripe customer id for reconciliation) without the email or a saved card. */
export async function eraseCustomerContact(deps: DataDeps, userId: string, pseudonymEmail: string, now: Date): Promise<void> {
  await ignoreMissing(
    transactWrite(deps, [
      {
        Update: updateInput(
          deps.tables.Customer,
          { id: userId },
          { set: { email: pseudonymEmail, updatedAt: now.toISOString() }, remove: ['defaultPaymentMethodId'] },
          [{ attr: 'id', present: true }],
        ),
      },
    ]),
  );
}

export async function markConnectedAccountClosed(deps: DataDeps, userId: string, now: Date): Promise<void> {
  await transactWrite(deps, [
    {
      Update: updateInput(
        deps.tables.UserProfile,
        { id: userId },
        { setIfAbsent: { connectedAccountClosedAt: now.toISOString() }, set: { stripeChargesEnabled: false, stripePayoutsEnabled: false } },
      ),
    },
  ]);
}

export interface AccountErasure {
  userId: string;
  pseudonym: { displayName: string; email: string };
  summary: { cancelledBookings: number; cancelledMemberships: number; closedConnectedAccount: boolean };
}

/**
 * The profile's name and contact replaced, and AccountDeleted, in one transaction, once: a retry finds deletedAt set
 * and writes nothing (false).
 */
export async function eraseProfile(deps: DataDeps, e: AccountErasure, now: Date): Promise<boolean> {
  const at = now.toISOString();
  try {
    await transactWrite(deps, [
      {
        Update: updateInput(
          deps.tables.UserProfile,
          { id: e.userId },
          {
            set: { displayName: e.pseudonym.displayName, email: e.pseudonym.email, deletedAt: at, updatedAt: at },
            setIfAbsent: { __typename: 'UserProfile', createdAt: at },
            remove: ['timeZone', 'stripeOnboardingUrl', 'stripeRequirements'],
          },
          [{ attr: 'deletedAt', absent: true }],
        ),
      },
      eventItem(
        deps,
        {
          type: 'AccountDeleted',
          aggregateType: 'Customer',
          aggregateId: e.userId,
          actor: { role: 'CUSTOMER', id: e.userId },
          payload: { userId: e.userId, ...e.summary },
        },
        now,
      ),
    ]);
    return true;
  } catch (err) {
    if (transactionCancellationReasons(err)?.[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}
