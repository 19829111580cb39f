/**
 * Consumers of the domain events (the outbox's stream): each is a name and a small handler per event type it cares
 * about. A consumer applies an event exactly once: its effects commit in one transaction with its receipt
 * (`<consumer>#<eventId>`, lib/data/consumer-writes.ts), so a redelivered event, a retried batch or a replay finds
 * the receipt and changes nothing, and of two concurrent deliveries one commits and the other is refused whole.
 *
 * Runs in the domain-events function (AWS: the DynamoDB stream's event source mapping; locally: lib/local/event-stream.ts)
 * and in `npm run events:replay`.
 */
import { hasReceipt, receiptId, receiptItem } from '../data/consumer-writes';
import { tallyIncrementItem } from '../data/event-tally';
import { transactionCancellationReasons } from '../data/items';
import { commitWithRetry, type DataDeps, type TxItem } from '../data/transact';
import { DOMAIN_EVENT_TYPES, type DomainEvent, type DomainEventType } from '../domain/events';
import type { Clock, Deps } from '../ports';
import { exportsConsumer } from './export-writer';
import { notifierConsumer } from './notifier';
import { rollupsConsumer } from './rollups';

/** What a consumer may touch: tables and a clock, never Stripe (the consumer function holds no Stripe secret). */
export type ConsumerDeps = DataDeps & { clock: Clock } & Pick<Deps, 'mailer' | 'notifications' | 'exports'>;

type EventOfType<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;

export interface ConsumerEffects {
  /** Written in one transaction with the consumer's receipt for the event: all of them exactly once, or none. */
  items: TxItem[];
  /**
   * An effect outside DynamoDB (an email, a call to another service), run just before the transaction with the
   * receipt's id as its idempotency key: when the commit fails and the event comes again, the effect is repeated under
   * the same key for the receiving service to dedupe, and once the receipt is committed it is never run again.
   */
  external?: (idempotencyKey: string) => Promise<void>;
  /**
   * Runs once the transaction committed (the notifier's first send attempt of the rows it just wrote): nothing leaves
   * before the change and its outbox rows are durable. Its failure is logged, never thrown: what it started is
   * picked up again by its own retries (the scheduled run), not by a redelivery of the event.
   */
  afterCommit?: () => Promise<void>;
}

type ConsumerHandler<T extends DomainEventType> = (deps: ConsumerDeps, event: EventOfType<T>) => ConsumerEffects | Promise<ConsumerEffects>;
type ConsumerHandlerMap = { readonly [T in DomainEventType]?: ConsumerHandler<T> };

export interface EventConsumer {
  /** Names its receipts: renaming a consumer that has run makes it apply every event again. */
  name: string;
  handlers: ConsumerHandlerMap;
}

/** Counts events per day and type: an increment, so only the receipt keeps the count exact. */
const countEvent = (deps: ConsumerDeps, event: DomainEvent): ConsumerEffects => ({
  items: [tallyIncrementItem(deps, event, deps.clock.now())],
});

export const tallyConsumer: EventConsumer = {
  name: 'tally',
  handlers: Object.fromEntries(DOMAIN_EVENT_TYPES.map((type) => [type, countEvent])),
};

/** Every consumer, in the order each event is handed to them. */
export const EVENT_CONSUMERS: readonly EventConsumer[] = [tallyConsumer, rollupsConsumer, notifierConsumer, exportsConsumer];

export function consumerNamed(name: string): EventConsumer | undefined {
  return EVENT_CONSUMERS.find((consumer) => consumer.name === name);
}

export type ConsumeOutcome = 'applied' | 'duplicate' | 'ignored';

/** The receipt is the transaction's last item: its refusal means the event was applied by another delivery. */
const receiptRefused = (reasons: string[]) => reasons[reasons.length - 1] === 'ConditionalCheckFailed';

/**
 * Applies one event to one consumer, once. 'ignored': the consumer has no handler for the type (no receipt is
 * written); 'duplicate': its receipt exists, or a concurrent delivery committed first. A refusal of the effects
 * themselves (a race on a record they update) rebuilds them from fresh reads; any other failure is thrown.
 */
export async function consumeEvent(deps: ConsumerDeps, consumer: EventConsumer, event: DomainEvent): Promise<ConsumeOutcome> {
  // Own keys only: a type such as "constructor" must not find Object.prototype's.
  const handler = (Object.hasOwn(consumer.handlers, event.type) ? consumer.handlers[event.type] : undefined) as
    ConsumerHandler<DomainEventType> | undefined;
  if (!handler) return 'ignored';
  if (await hasReceipt(deps, consumer.name, event.id)) return 'duplicate';
  let afterCommit: ConsumerEffects['afterCommit'];
  try {
    await commitWithRetry(
      deps,
      async () => {
        const effects = await handler(deps, event);
        // nothing to do (the notifier, for an event that tells no one): no receipt either, since applying it again is
        // nothing again; commitWithRetry commits an empty list as nothing
        if (effects.items.length === 0 && !effects.external && !effects.afterCommit) return [];
        if (effects.external) await effects.external(receiptId(consumer.name, event.id));
        afterCommit = effects.afterCommit;
        return [...effects.items, receiptItem(deps, consumer.name, event, deps.clock.now())];
      },
      { retryWhen: (reasons) => !receiptRefused(reasons) },
    );
  } catch (err) {
    const reasons = transactionCancellationReasons(err);
    if (reasons && receiptRefused(reasons)) return 'duplicate';
    throw err;
  }
  await afterCommit?.().catch((err: unknown) =>
    console.error(`consumer ${consumer.name}: after event ${event.id}: ${err instanceof Error ? err.message : String(err)}`),
  );
  return 'applied';
}

/** Hands one event to each consumer in turn; the first failure is thrown (the event is delivered again, whole). */
export async function consumeByAll(
  deps: ConsumerDeps,
  event: DomainEvent,
  consumers: readonly EventConsumer[] = EVENT_CONSUMERS,
): Promise<Record<string, ConsumeOutcome>> {
  const outcomes: Record<string, ConsumeOutcome> = {};
  for (const consumer of consumers) outcomes[consumer.name] = await consumeEvent(deps, consumer, event);
  return outcomes;
}
