/**
 * Credits (lib/domain/credits.ts defines them: 1 credit pays 1 cent of a booking's currency).
 * Here: the balance, the packages on sale and the history.
 * - Packages are bought through a Stripe Checkout Session (credit-purchases.ts); `checkout.session.completed` (or the
 *   success page, whichever comes first) adds the credits in ONE DynamoDB transaction with the purchase's status, the
 *   CreditTransaction record (deterministic id, written only if absent) and the ledger line; every later
 *   attempt finds the purchase COMPLETED and writes nothing.
 * - Bookings are paid partly or fully with credits (booking-credits.ts): the debit is a conditional ADD
 *   (`creditBalance >= n`) in a transaction with the spend record and the booking's `creditsAppliedCents`.
 * - Credits of a refunded booking come back (returnBookingCredits); an admin refund of a purchase
 *   (credit-purchase-refunds.ts) removes the unspent credits first and then refunds that share of the card payment.
 */
import type { Identity } from '../auth/identity';
import { readCustomer } from '../data/customer-writes';
import type { CreditPackageRecord, CreditTransactionRecord } from '../data/records';
import { queryIndex } from '../data/repository';
import type { CreditPackageView, CustomerResponses } from '../http/stripe-connect';
import type { Deps } from '../ports';

export async function creditBalance(deps: Deps, userId: string): Promise<number> {
  return (await readCustomer(deps, userId))?.creditBalance ?? 0;
}

function toPackageView(p: CreditPackageRecord): CreditPackageView {
  return { id: p.id, name: p.name, description: p.description, credits: p.credits, priceCents: p.priceCents, currency: p.currency };
}

export async function listCreditPackages(deps: Deps): Promise<CustomerResponses['LIST_CREDIT_PACKAGES']> {
  const packages = await queryIndex<CreditPackageRecord>(deps, 'CreditPackage', {
    index: 'byListingStatus',
    key: 'listingStatus',
    value: 'LISTED',
  });
  return { packages: packages.sort((a, b) => a.sortOrder - b.sortOrder).map(toPackageView) };
}

export async function getCredits(deps: Deps, caller: Identity): Promise<CustomerResponses['GET_CREDITS']> {
  const [balance, transactions] = await Promise.all([
    creditBalance(deps, caller.userId),
    queryIndex<CreditTransactionRecord>(deps, 'CreditTransaction', {
      index: 'byUser',
      key: 'userId',
      value: caller.userId,
      newestFirst: true,
      limit: 100,
    }),
  ]);
  return {
    balance,
    transactions: transactions.map((t) => ({
      id: t.id,
      type: t.type,
      credits: t.credits,
      description: t.description,
      ...(t.bookingId ? { bookingId: t.bookingId } : {}),
      createdAt: t.createdAt,
    })),
  };
}
