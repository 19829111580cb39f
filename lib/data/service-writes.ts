/**
 * The writes of a provider's own services (Service model). The listing status (listingStatus = LISTED while the
 * service is active and its provider can take payments) is set here with the definition, never by a hand-typed
 * expression in a service; each write carries the service's search entries (lib/data/service-search.ts) in the same
 * transaction, so search and listing never disagree.
 */
import { buildExpression, newItemPut, updateInput } from './expressions';
import { transactionCancellationReasons } from './items';
import type { ServiceRecord } from './records';
import { searchEntrySync } from './service-search';
import { transactWrite, type DataDeps, type TableDeps, type TxItem } from './transact';

/** A new service; its id is fresh, so the write never replaces another one. */
export async function putNewService(deps: DataDeps, service: ServiceRecord): Promise<void> {
  await transactWrite(deps, [{ Put: newItemPut(deps.tables.Service, service) }, ...searchEntrySync(deps, undefined, service)]);
}

/**
 * Replaces a service with its edited form, only while it is still as it was read (same owner, same updatedAt, same
 * active flag): an edit made meanwhile, or a deactivation, is never overwritten silently. False when it changed.
 */
export async function replaceServiceIfUnchanged(deps: DataDeps, read: ServiceRecord, updated: ServiceRecord): Promise<boolean> {
  try {
    await transactWrite(deps, [
      {
        Put: {
          TableName: deps.tables.Service,
          Item: updated,
          ...buildExpression(undefined, [
            { attr: 'providerId', eq: read.providerId },
            { attr: 'updatedAt', eq: read.updatedAt },
            { attr: 'isActive', eq: read.isActive },
          ]),
        },
      },
      ...searchEntrySync(deps, read, updated),
    ]);
    return true;
  } catch (err) {
    if (transactionCancellationReasons(err)?.[0] === 'ConditionalCheckFailed') return false;
    throw err;
  }
}

/** Deactivates a provider's service and takes it off the public listing and out of search. */
export async function deactivateServiceWrite(deps: DataDeps, service: ServiceRecord, now: string): Promise<void> {
  await transactWrite(deps, [
    {
      Update: updateInput(
        deps.tables.Service,
        { id: service.id },
        { set: { isActive: false, updatedAt: now }, remove: ['listingStatus'] },
        [{ attr: 'providerId', eq: service.providerId }],
      ),
    },
    ...searchEntrySync(deps, service, undefined),
  ]);
}

/** Lists an active service (LISTED) or takes it out of the listing, with its search entries. */
export function serviceListingItems(deps: TableDeps, service: ServiceRecord, listed: boolean, now: Date): TxItem[] {
  const change = listed
    ? { set: { listingStatus: 'LISTED', updatedAt: now.toISOString() } }
    : { set: { updatedAt: now.toISOString() }, remove: ['listingStatus'] };
  const { listingStatus: _was, ...rest } = service;
  const after: ServiceRecord = listed ? { ...rest, listingStatus: 'LISTED' } : rest;
  return [
    { Update: updateInput(deps.tables.Service, { id: service.id }, change, listed ? [{ attr: 'isActive', eq: true }] : []) },
    ...searchEntrySync(deps, service, after),
  ];
}
