/**
 * Replay: hands stored domain events to the consumers again, oldest first, through the same runner the stream uses
 * (consumeEvent), so an event a consumer already applied finds its receipt and changes nothing, and one it never got
 * (a dead-lettered batch, a consumer added later, receipts removed on purpose) is applied once. `npm run events:replay`.
 */
import { eventsOfMonth, readStoredEvent } from '../data/outbox';
import { consumeEvent, EVENT_CONSUMERS, type ConsumeOutcome, type ConsumerDeps, type EventConsumer } from './event-consumers';

interface ReplayOptions {
  from: Date;
  /** Inclusive; default: now. */
  to?: Date;
  /** Default: every consumer. */
  consumers?: readonly EventConsumer[];
  progress?: (line: string) => void;
}

interface ReplaySummary {
  events: number;
  /** Per consumer: how many events were applied, were duplicates (receipt found), or were of a type it ignores. */
  outcomes: Record<string, Record<ConsumeOutcome, number>>;
}

/** The months (`YYYY-MM`) from the one holding `from` to the one holding `to`, in order. */
export function monthsBetween(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const last = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), 1));
  while (cursor <= last) {
    months.push(cursor.toISOString().slice(0, 7));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

/**
 * Walks the byMonth index forward from `from` and hands each event to the consumers in turn. Stops at the first
 * failure, naming the event's time: fix the cause and replay from there (what was applied before keeps its receipts).
 */
export async function replayEvents(deps: ConsumerDeps, options: ReplayOptions): Promise<ReplaySummary> {
  const to = options.to ?? deps.clock.now();
  if (options.from > to) throw new Error(`--from ${options.from.toISOString()} is after --to ${to.toISOString()}`);
  const consumers = options.consumers ?? EVENT_CONSUMERS;
  const fromIso = options.from.toISOString();
  const toIso = to.toISOString();
  const progress = options.progress ?? (() => {});
  const summary: ReplaySummary = {
    events: 0,
    outcomes: Object.fromEntries(consumers.map((c) => [c.name, { applied: 0, duplicate: 0, ignored: 0 }])),
  };

  for (const month of monthsBetween(options.from, to)) {
    // sequence is `<occurredAt>#<counter>`, so an ISO time is a lower bound for it
    const rows = (await eventsOfMonth(deps, month, fromIso)).filter((row) => row.occurredAt <= toIso);
    for (const row of rows) {
      const stored = readStoredEvent(row);
      if ('invalid' in stored) {
        // as the stream handler does: a row that is not an event is skipped, never handed to a consumer
        progress(`skipped row ${row.id}: not a DomainEvent (invalid: ${stored.invalid})`);
        continue;
      }
      const { event } = stored;
      for (const consumer of consumers) {
        try {
          summary.outcomes[consumer.name]![await consumeEvent(deps, consumer, event)]++;
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err);
          throw new Error(
            `event ${event.id} (${event.type}, ${event.occurredAt}) failed for ${consumer.name}: ${reason}; replay again from ${event.occurredAt}`,
          );
        }
      }
      summary.events++;
    }
    progress(`${month}: ${rows.length} event(s)${summary.events > 0 ? ` — so far ${describeOutcomes(summary)}` : ''}`);
  }
  return summary;
}

export function describeOutcomes(summary: ReplaySummary): string {
  return Object.entries(summary.outcomes)
    .map(([name, o]) => `${name}: ${o.applied} applied, ${o.duplicate} already applied, ${o.ignored} ignored`)
    .join('; ');
}
