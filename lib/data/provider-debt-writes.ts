/**
 * The writes of a provider's debt (lib/services/provider-debt.ts): the increments recording it on the booking and the
 * profile, and the profile's netting slot (one booking's payout nets the debt at a time). Every change of the
 * profile's debt appends its ProviderDebtChanged event in the same transaction.
 */
import type { EventActor } from '../domain/events';
import { bookingUpdateItem } from './booking-writer';
import { eventItem } from './outbox';
import { profileUpdateItem } from './profile-writes';
import type { TxItem, TableDeps } from './transact';

/** Debt is recorded and netted by the system on the provider's account; the caller names who, when it knows. */
const SYSTEM: EventActor = { role: 'SYSTEM' };

function debtChangedItem(
  deps: TableDeps,
  input: { providerId: string; bookingId: string; deltaCents: number; actor: EventActor; now: Date },
): TxItem {
  return eventItem(
    deps,
    {
      type: 'ProviderDebtChanged',
      aggregateType: 'Provider',
      aggregateId: input.providerId,
      actor: input.actor,
      payload: { providerId: input.providerId, deltaCents: input.deltaCents, bookingId: input.bookingId },
    },
    input.now,
  );
}

/** booking.providerDebtCents += debt. */
export const bookingDebtItem = (deps: TableDeps, bookingId: string, debtCents: number, now: Date): TxItem =>
  bookingUpdateItem(deps, bookingId, { change: { add: { providerDebtCents: debtCents } }, now });

/** UserProfile.providerDebtCents += debt (a shortfall that arose on `bookingId`), and its event. */
export const profileDebtItems = (
  deps: TableDeps,
  input: { providerId: string; bookingId: string; debtCents: number; now: Date; actor?: EventActor },
): TxItem[] => [
  profileUpdateItem(deps, input.providerId, { add: { providerDebtCents: input.debtCents }, set: { updatedAt: input.now.toISOString() } }),
  debtChangedItem(deps, {
    providerId: input.providerId,
    bookingId: input.bookingId,
    deltaCents: input.debtCents,
    actor: input.actor ?? SYSTEM,
    now: input.now,
  }),
];

/**
 * Fixes what a claimed booking's transfer recovers of the debt (once: only while this run holds the claim and nothing
 * is fixed yet).
 */
export const fixBookingDebtRecoveryItem = (deps: TableDeps, bookingId: string, runId: string, recoveredCents: number): TxItem =>
  bookingUpdateItem(deps, bookingId, {
    change: { set: { providerDebtRecoveredCents: recoveredCents } },
    expect: [
      { attr: 'payoutClaimId', eq: runId },
      { attr: 'providerDebtRecoveredCents', absent: true },
    ],
  });

/** Takes the profile's netting slot for `bookingId`, conditional on the debt read and on the slot's holder read. */
export const takeNettingSlotItem = (
  deps: TableDeps,
  input: { providerId: string; bookingId: string; debtRead: number; holderRead?: string | undefined },
): TxItem =>
  profileUpdateItem(deps, input.providerId, { set: { providerDebtNettingBookingId: input.bookingId } }, [
    { attr: 'providerDebtCents', eq: input.debtRead },
    input.holderRead
      ? { attr: 'providerDebtNettingBookingId', eq: input.holderRead }
      : { attr: 'providerDebtNettingBookingId', absent: true },
  ]);

/**
 * The debt after a payout netted part of it, and the slot released: conditional on the debt read and the slot held;
 * its event carries the decrement and the booking whose payout netted it.
 */
export const settleNettedDebtItems = (
  deps: TableDeps,
  input: { providerId: string; bookingId: string; debtRead: number; debtAfter: number; now: Date; actor?: EventActor },
): TxItem[] => [
  profileUpdateItem(
    deps,
    input.providerId,
    { set: { providerDebtCents: input.debtAfter, updatedAt: input.now.toISOString() }, remove: ['providerDebtNettingBookingId'] },
    [
      { attr: 'providerDebtCents', eq: input.debtRead },
      { attr: 'providerDebtNettingBookingId', eq: input.bookingId },
    ],
  ),
  debtChangedItem(deps, {
    providerId: input.providerId,
    bookingId: input.bookingId,
    deltaCents: input.debtAfter - input.debtRead,
    actor: input.actor ?? SYSTEM,
    now: input.now,
  }),
];
