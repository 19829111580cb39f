/**
 * The Subscription (membership) writer. A sync stores Stripe's state: the first one creates the record (with its
 * MembershipStarted event), later ones are the MEMBERSHIP_MACHINE transition between the stored status and Stripe's
 * (REFRESH when it is the same) with the transition's event, conditional on the status and the version read, so of
 * two racing syncs the one that read first is refused and re-reads; a move Stripe's lifecycle cannot make is refused
 * before it is sent. Events: aggregate Membership, id = the subscription id.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { MEMBERSHIP_EVENT_OF } from '../domain/events';
import { MEMBERSHIP_MACHINE, membershipTransitionFor, type MembershipStatus } from '../domain/membership-status';
import { newRecordItems } from './outbox';
import type { SubscriptionRecord } from './records';
import { queryIndex } from './repository';
import { transitionItems } from './status-writer';
import type { TxItem, TableDeps, DataDeps } from './transact';

export async function readSubscription(deps: DataDeps, id: string): Promise<SubscriptionRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.Subscription, Key: { id }, ConsistentRead: true }));
  return out.Item as SubscriptionRecord | undefined;
}

export function subscriptionsOfUser(deps: DataDeps, userId: string): Promise<SubscriptionRecord[]> {
  return queryIndex<SubscriptionRecord>(deps, 'Subscription', { index: 'byUser', key: 'userId', value: userId, newestFirst: true });
}

/**
 * The writes storing `record` (Stripe's state now) over `existing` (the record read before Stripe was fetched), with
 * their event. `record.updatedAt` is the new version: it must differ from the one read.
 */
export function subscriptionSyncItems(deps: TableDeps, existing: SubscriptionRecord | undefined, record: SubscriptionRecord): TxItem[] {
  const now = new Date(record.updatedAt);
  if (!existing) {
    return [
      ...newRecordItems(
        deps,
        deps.tables.Subscription,
        record,
        {
          type: 'MembershipStarted',
          aggregateType: 'Membership',
          aggregateId: record.id,
          actor: { role: 'STRIPE' },
          payload: { membershipId: record.id, userId: record.userId, planId: record.planId, status: record.status },
        },
        now,
      ),
    ];
  }
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { id, status, updatedAt, ...fields } = record;
  const transition = membershipTransitionFor(existing.status as MembershipStatus, status as MembershipStatus);
  return transitionItems(
    deps,
    MEMBERSHIP_MACHINE,
    { tableName: deps.tables.Subscription, key: { id } },
    {
      transition,
      actor: 'STRIPE',
      from: existing.status as MembershipStatus,
      to: status as MembershipStatus,
      change: { set: fields },
      expect: [{ attr: 'updatedAt', eq: existing.updatedAt }],
      now,
      // what a sync inside one status changed (a renewal's new period, cancel at period end)
      details: {
        currentPeriodEnd: record.currentPeriodEnd,
        cancelAtPeriodEnd: record.cancelAtPeriodEnd,
        ...(record.latestInvoiceId ? { latestInvoiceId: record.latestInvoiceId } : {}),
      },
    },
    { type: MEMBERSHIP_EVENT_OF[transition], aggregateType: 'Membership', aggregateId: id },
  );
}
