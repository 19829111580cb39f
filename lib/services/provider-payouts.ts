/**
 * The provider's own payouts from the stripe-connect function, kept apart from connect.ts so that the functions that
 * manage accounts and services do not reach the payout tables.
 */
import type { Identity } from '../auth/identity';
import type { Currency } from '../domain/money';
import type { ConnectRequest, ConnectResponses } from '../http/stripe-connect';
import { connectIdempotencyKeys } from '../stripe/idempotency';
import { requireAccount } from './provider-access';
import type { Deps } from '../ports';
import { payOutAmount } from './payout-service';

/**
 * CREATE_PAYOUT: an amount of the provider's choice from their connected account, through the one payout path
 * (lib/services/payout-service.ts): what they owe stays on the account, the minimum payout applies, and a double
 * submit (same requestId) pays out once.
 */
export async function createPayout(
  deps: Deps,
  caller: Identity,
  input: ConnectRequest<'CREATE_PAYOUT'>,
): Promise<ConnectResponses['CREATE_PAYOUT']> {
  const profile = await requireAccount(deps, caller, input, 'payOut');
  const method = input.method ?? 'standard';
  const payout = await payOutAmount(
    deps,
    { providerId: profile.id, stripeAccount: profile.stripeAccountId },
    {
      amountCents: input.amountCents,
      currency: input.currency as Currency,
      method,
      requestId: input.requestId,
      idempotencyKey: connectIdempotencyKeys.providerPayout(profile.id, input.requestId),
      metadata: { userId: caller.userId, requestId: input.requestId },
    },
  );
  return {
    payoutId: payout.id,
    amountCents: payout.amount,
    currency: payout.currency as Currency,
    status: payout.status,
    arrivalDate: payout.arrival_date,
    method,
  };
}
