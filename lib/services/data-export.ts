/**
 * EXPORT_MY_DATA: everything the platform keeps about the caller, as one JSON document — their profile, customer
 * record, bookings, payments, credits, memberships and reviews. Only records that are theirs (read by their own id
 * from the indexes keyed on it), and never another person's fields.
 */
import type { Identity } from '../auth/identity';
import { readAccountRecords } from '../data/account-data';
import { reviewsByCustomer } from '../data/review-writes';
import type { DataExport } from '../http/account-data';
import type { Deps } from '../ports';

/** Storage's own fields (and claims the protocols hold for a moment) say nothing about the person. */
const INTERNAL = new Set([
  '__typename',
  'owner',
  'stripeAccountClaimedAt',
  'stripeCustomerClaimedAt',
  'payoutClaimId',
  'refundClaimId',
  'listedServiceId',
]);

function exported(record: object | undefined): Record<string, unknown> | null {
  if (!record) return null;
  return Object.fromEntries(Object.entries(record).filter(([key]) => !INTERNAL.has(key)));
}

export async function exportMyData(deps: Deps, caller: Identity): Promise<DataExport> {
  const [records, reviews] = await Promise.all([readAccountRecords(deps, caller.userId), reviewsByCustomer(deps, caller.userId)]);
  const all = (list: object[]) => list.map((r) => exported(r) as Record<string, unknown>);
  return {
    exportedAt: deps.clock.now().toISOString(),
    userId: caller.userId,
    profile: exported(records.profile),
    customer: exported(records.customer),
    bookings: all(records.bookings),
    payments: all(records.payments),
    credits: { balance: records.customer?.creditBalance ?? 0, changes: all(records.creditChanges) },
    memberships: all(records.memberships),
    reviews: all(reviews),
  };
}
