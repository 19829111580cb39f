/**
 * The Subscription (membership) writer. A sync stores Stripe's state: the first one creates the record, later ones
 * are the MEMBERSHIP_MACHINE transition between the stored status and Stripe's (REFRESH when it is the same),
 * conditional on the status and the version read, so of two racing syncs the one that read first is refused and
 * re-reads; a move Stripe's lifecycle cannot make is refused before it is sent.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MEMBERSHIP_MACHINE, membershipTransitionFor, type MembershipStatus } from '../domain/membership-status';
import { newItemPut } from './expressions';
import type { SubscriptionRecord } from './records';
import { queryIndex } from './repository';
import { asTxUpdate, transitionUpdate } from './status-writer';
import type { TxItem, TableDeps, DataDeps } from './transact';


export async function readSubscription(deps: DataDeps, id: string): Promise<SubscriptionRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.Subscription, Key: { id }, ConsistentRead: true }));
  return out.Item as SubscriptionRecord | undefined;
}

export function subscriptionsOfUser(deps: DataDeps, userId: string): Promise<SubscriptionRecord[]> {
  return queryIndex<SubscriptionRecord>(deps, 'Subscription', { index: 'byUser', key: 'userId', value: userId, newestFirst: true });
}

/**
 * The write storing `record` (Stripe's state now) over `existing` (the record read before Stripe was fetched).
 * `record.updatedAt` is the new version: it must differ from the one read.
 */
export function subscriptionSyncItem(deps: TableDeps, existing: SubscriptionRecord | undefined, record: SubscriptionRecord): TxItem {
  if (!existing) return { Put: newItemPut(deps.tables.Subscription, record) };
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, status, updatedAt, ...fields } = record;
  return asTxUpdate(
    transitionUpdate(
      MEMBERSHIP_MACHINE,
      { tableName: deps.tables.Subscription, key: { id } },
      {
        transition: membershipTransitionFor(existing.status as MembershipStatus, status as MembershipStatus),
        actor: 'STRIPE',
        from: existing.status as MembershipStatus,
        to: status as MembershipStatus,
        change: { set: fields },
        expect: [{ attr: 'updatedAt', eq: existing.updatedAt }],
        now: new Date(updatedAt),
      },
    ),
  );
}
