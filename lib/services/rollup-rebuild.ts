/** The rollups' rebuild (`npm run rollups:rebuild`): the consumer's rules over the stored facts instead of the stream. */
import { allBookingOwners, allEventsOfTypes, allLedgerLines, replaceRollups } from '../data/rollup-rebuild';
import { CATEGORIES_SCOPE, PLATFORM_SCOPE, providerScope } from '../data/rollups';
import type { DataDeps } from '../data/transact';
import { addInto, COUNTED_EVENTS, emptyRollup, isCountedEvent, lineDelta, rollupDay, type RollupCounts } from '../domain/rollups';
import { bookingOfCounted, categoryOfLine, countedFact, type Fact } from './rollups';

/**
 * Recomputes every rollup: money from the ledger lines (each by its createdAt, the time of its LedgerLineWritten),
 * counts from the stored events, each attributed to its booking's provider; then replaces the stored rollups.
 */
export async function rebuildRollups(
  deps: DataDeps & { clock: { now(): Date } },
): Promise<{ rows: number; lines: number; events: number }> {
  const [lines, owners, events] = await Promise.all([
    allLedgerLines(deps),
    allBookingOwners(deps),
    allEventsOfTypes(deps, Object.keys(COUNTED_EVENTS)),
  ]);
  const ownerOf = new Map(owners.map((o) => [o.id, o]));
  const facts: Fact[] = [];
  for (const line of lines) {
    const delta = lineDelta(line.type, line.amountCents);
    if (Object.keys(delta).length === 0) continue;
    const owner = ownerOf.get(line.bookingId);
    const providerId = line.providerId ?? owner?.providerId;
    facts.push({ day: rollupDay(line.createdAt), currency: line.currency, providerId, category: categoryOfLine(line.type, owner), delta });
  }
  for (const event of events) {
    if (!isCountedEvent(event.type)) continue;
    const bookingId = bookingOfCounted(event.type, event.aggregateId, event.payload);
    const fact = countedFact(event.type, event.occurredAt, event.payload, bookingId ? ownerOf.get(bookingId) : undefined);
    if (fact) facts.push(fact);
  }
  const rows = new Map<string, { scope: string; day: string; currency: string; category?: string } & RollupCounts>();
  const add = (scope: string, fact: Fact, category?: string) => {
    const key = `${scope}#${fact.day}#${fact.currency}#${category ?? ''}`;
    const row = rows.get(key) ?? {
      scope,
      day: fact.day,
      currency: fact.currency,
      ...(category === undefined ? {} : { category }),
      ...emptyRollup(),
    };
    addInto(row, fact.delta);
    rows.set(key, row);
  };
  for (const fact of facts) {
    add(PLATFORM_SCOPE, fact);
    if (fact.providerId) add(providerScope(fact.providerId), fact);
    if (fact.category !== undefined) add(CATEGORIES_SCOPE, fact, fact.category);
  }
  await replaceRollups(deps, [...rows.values()], deps.clock.now());
  return { rows: rows.size, lines: lines.length, events: events.length };
}
