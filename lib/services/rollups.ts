/**
 * Rollups: daily aggregates per currency, for the platform and per provider, kept by the `rollups` consumer of the
 * domain events (each increment committed with the consumer's receipt: duplicates and replays add nothing), and
 * recomputed from the ledger, the bookings and the stored events by `rebuildRollups` (lib/services/rollup-rebuild.ts,
 * `npm run rollups:rebuild`), which applies the same rules and so must agree with the live ones.
 */
import { getItem } from '../data/repository';
import type { BookingRecord } from '../data/records';
import { CATEGORIES_SCOPE, PLATFORM_SCOPE, providerScope, rollupIncrementItem } from '../data/rollups';
import type { BookingOwner } from '../data/rollup-rebuild';
import type { DataDeps, TxItem } from '../data/transact';
import { aggregateOfLedgerAccount, type DomainEvent } from '../domain/events';
import {
  CATEGORY_LINE_TYPES,
  eventDelta,
  lineDelta,
  PLATFORM_SHARDS,
  rollupDay,
  shardOf,
  UNKNOWN_CATEGORY,
  type CountedEventType,
  type RollupCounts,
} from '../domain/rollups';
import type { LedgerEntryType } from '../domain/ledger';
import type { ConsumerDeps, ConsumerEffects, EventConsumer } from './event-consumers';

export interface Fact {
  day: string;
  currency: string;
  providerId: string | undefined;
  /** The booking's service category, for the lines kept per category (CHARGE, REFUND). */
  category?: string | undefined;
  delta: Partial<RollupCounts>;
}

/** The category a line counts under: its booking's, for the types kept per category (else none). */
export const categoryOfLine = (type: LedgerEntryType, owner: BookingOwner | undefined): string | undefined =>
  CATEGORY_LINE_TYPES.includes(type) ? (owner?.serviceCategory ?? UNKNOWN_CATEGORY) : undefined;

const bookingOwner = async (deps: DataDeps, bookingId: string | undefined): Promise<BookingOwner | undefined> =>
  bookingId ? getItem<BookingRecord>(deps, 'Booking', bookingId, false) : undefined;

/** The booking a counted event is about, when its payload does not name the provider. */
export const bookingOfCounted = (type: CountedEventType, aggregateId: string, payload: Record<string, unknown>) =>
  type === 'DisputeOpened' ? (payload.bookingId as string | undefined) : aggregateId;

/** The fact a counted event adds, given the owner of the booking it is about (undefined: nothing to count). */
export function countedFact(
  type: CountedEventType,
  occurredAt: string,
  payload: Record<string, unknown>,
  owner: BookingOwner | undefined,
): Fact | undefined {
  const named = type === 'BookingRequested' || type === 'DisputeOpened' ? (payload.currency as string) : undefined;
  const currency = named ?? owner?.currency;
  if (!currency) return undefined;
  const providerId = type === 'BookingRequested' ? (payload.providerId as string) : owner?.providerId;
  return { day: rollupDay(occurredAt), currency, providerId, delta: eventDelta(type) };
}

function factItems(deps: ConsumerDeps, event: DomainEvent, fact: Fact | undefined): ConsumerEffects {
  if (!fact) return { items: [] };
  const now = deps.clock.now();
  const base = { day: fact.day, currency: fact.currency };
  const shard = shardOf(event.id, PLATFORM_SHARDS);
  const items = [
    rollupIncrementItem(deps, { ...base, scope: PLATFORM_SCOPE, shard }, fact.delta, now),
    fact.providerId ? rollupIncrementItem(deps, { ...base, scope: providerScope(fact.providerId), shard: 0 }, fact.delta, now) : undefined,
    fact.category !== undefined
      ? rollupIncrementItem(deps, { ...base, scope: CATEGORIES_SCOPE, shard, category: fact.category }, fact.delta, now)
      : undefined,
  ].filter((item): item is TxItem => item !== undefined);
  return { items };
}

const countEvent = async (deps: ConsumerDeps, event: DomainEvent & { type: CountedEventType }): Promise<ConsumerEffects> => {
  const payload = event.payload as unknown as Record<string, unknown>;
  const needsOwner = event.type !== 'BookingRequested';
  const owner = needsOwner ? await bookingOwner(deps, bookingOfCounted(event.type, event.aggregateId, payload)) : undefined;
  return factItems(deps, event, countedFact(event.type, event.occurredAt, payload, owner));
};

export const rollupsConsumer: EventConsumer = {
  name: 'rollups',
  handlers: {
    LedgerLineWritten: async (deps, event) => {
      const { entryType, amountCents, currency, providerId, account, datedAt } = event.payload;
      const delta = lineDelta(entryType, amountCents);
      if (Object.keys(delta).length === 0) return { items: [] };
      const of = aggregateOfLedgerAccount(account);
      const needsOwner = !providerId || CATEGORY_LINE_TYPES.includes(entryType);
      const owner = needsOwner && of.aggregateType === 'Booking' ? await bookingOwner(deps, of.aggregateId) : undefined;
      // the line's createdAt: its own date when it has one (what the rebuild reads), else the event's time
      return factItems(deps, event, {
        day: rollupDay(datedAt ?? event.occurredAt),
        currency,
        providerId: providerId ?? owner?.providerId,
        category: categoryOfLine(entryType, owner),
        delta,
      });
    },
    BookingRequested: countEvent,
    BookingConfirmed: countEvent,
    BookingPaymentFailed: countEvent,
    DisputeOpened: countEvent,
  },
};
