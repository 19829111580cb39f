/**
 * MARK_NO_SHOW and its preview: the booking's provider says the customer never came. The rule (when, and never after a
 * check-in) is lib/domain/no-show.ts; what the customer gets back is the service's no-show policy
 * (lib/domain/cancellation-policy.ts). The refund is an ordinary refund of processRefund (request id `no-show`, so its
 * Stripe key is derived from the booking) whose record is the MARK_NO_SHOW transition: the refund, its ledger lines,
 * noShowAt and BookingNoShow commit together, and the booking is COMPLETED, so the payout run pays out the rest.
 */
import type { Identity } from '../auth/identity';
import { describeNoShowPolicy } from '../domain/cancellation-policy';
import { noShowRefusal, noShowRefusalWords, type NoShowRefusal } from '../domain/no-show';
import type { BookingRecord } from '../data/records';
import { repo } from '../data/repository';
import { AppError } from '../http/errors';
import type { MarkNoShowResult, NoShowPreview } from '../http/provider-bookings';
import type { Deps } from '../ports';
import { authorize } from './access';
import { computeRefund } from './refund-calculation';
import { processRefund } from './refund-processing';

const FORBIDDEN = "Only the booking's provider can mark it a no-show";

function refused(bookingId: string, refusal: NoShowRefusal): AppError {
  return new AppError('CONFLICT', noShowRefusalWords(refusal), { bookingId, ...refusal });
}

async function markable(deps: Deps, caller: Identity, bookingId: string): Promise<BookingRecord> {
  const booking = await repo.booking(deps, bookingId);
  authorize(caller, 'booking', booking, 'markNoShow', { details: { bookingId }, forbidden: FORBIDDEN });
  const refusal = noShowRefusal(booking, deps.clock.now());
  if (refusal) throw refused(bookingId, refusal);
  return booking;
}

export async function previewNoShow(deps: Deps, caller: Identity, { bookingId }: { bookingId: string }): Promise<NoShowPreview> {
  const booking = await markable(deps, caller, bookingId);
  const { calc } = await computeRefund(deps, booking, { kind: 'NO_SHOW' });
  const policy = calc.policy ?? 'STRICT';
  return {
    bookingId,
    currency: booking.currency,
    policy,
    policyWords: describeNoShowPolicy(policy),
    refundBps: calc.refundBps ?? 0,
    refundCents: calc.refundCents,
    creditsReturned: calc.creditsReturned,
    providerKeepsCents: calc.providerRetainedCents,
  };
}

export async function markNoShow(deps: Deps, caller: Identity, { bookingId }: { bookingId: string }): Promise<MarkNoShowResult> {
  await markable(deps, caller, bookingId);
  const result = await processRefund(deps, bookingId, {
    mode: { kind: 'NO_SHOW' },
    reason: 'No-show',
    requestedBy: caller.userId,
    noShowBy: caller.userId,
  });
  const after = await repo.booking(deps, bookingId);
  // A concurrent duplicate found the no-show recorded by the other request: the second click's 409.
  if (result.replayed || !after?.noShowAt) {
    throw refused(
      bookingId,
      after?.noShowAt
        ? { reason: 'ALREADY_NO_SHOW', noShowAt: after.noShowAt }
        : { reason: 'NOT_CONFIRMED', status: after?.status ?? 'CONFIRMED' },
    );
  }
  return { bookingId, status: after.status, noShowAt: after.noShowAt, refundCents: result.refund.refundCents, currency: after.currency };
}
