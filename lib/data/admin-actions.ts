/**
 * An admin's action as a domain event (AdminActionTaken): who (the admin's user id), what (the action and its
 * target, the event's aggregate), why (the reason) and flat details. The audit log is a view over these events
 * (lib/data/event-queries.ts). Put the item in the transaction of the admin's change where there is one; otherwise
 * record it on its own once the action succeeded.
 */
import type { AggregateType, EventDetails } from '../domain/events';
import { eventItem } from './outbox';
import { transactWrite, type DataDeps, type TableDeps, type TxItem } from './transact';

export interface AdminAction {
  adminId: string;
  /** The API action the admin called (PROCESS_REFUND, REFUND_CREDIT_PURCHASE, ...). */
  action: string;
  aggregateType: AggregateType;
  aggregateId: string;
  reason?: string | undefined;
  details?: EventDetails | undefined;
}

export function adminActionItem(deps: TableDeps, a: AdminAction, now: Date): TxItem {
  return eventItem(
    deps,
    {
      type: 'AdminActionTaken',
      aggregateType: a.aggregateType,
      aggregateId: a.aggregateId,
      actor: { role: 'ADMIN', id: a.adminId },
      payload: {
        action: a.action,
        ...(a.reason ? { reason: a.reason } : {}),
        ...(a.details && Object.keys(a.details).length > 0 ? { details: a.details } : {}),
      },
    },
    now,
  );
}

/** The event on its own, for an action whose change is not one transaction of ours (see the callers for why). */
export async function recordAdminAction(deps: DataDeps, a: AdminAction, now: Date): Promise<void> {
  await transactWrite(deps, [adminActionItem(deps, a, now)]);
}
