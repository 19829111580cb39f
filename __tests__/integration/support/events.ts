/** Reading the outbox back in the scenario tests. */
import { aggregateKey, type AggregateType } from '../../../lib/domain/events';
import type { DomainEventRecord } from '../../../lib/data/outbox';
import { queryIndex } from '../../../lib/data/repository';
import type { DataDeps } from '../../../lib/data/transact';

/** One aggregate's events in the order they happened (GSI byAggregate, oldest first). */
export async function eventsOfAggregate(deps: DataDeps, aggregateType: AggregateType, aggregateId: string): Promise<DomainEventRecord[]> {
  return queryIndex<DomainEventRecord>(deps, 'DomainEvent', {
    index: 'byAggregate',
    key: 'aggregateKey',
    value: aggregateKey(aggregateType, aggregateId),
  });
}
