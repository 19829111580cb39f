/**
 * The writes of a provider's own services (Service model). The listing status (listingStatus = LISTED while the
 * service is active and its provider can take payments) is set here with the definition, never by a hand-typed
 * expression in a service.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { buildExpression, newItemPut } from './expressions';
import { isConditionalCheckFailed } from './items';
import type { ServiceRecord } from './records';
import type { DataDeps } from './transact';

/** A new service; its id is fresh, so the write never replaces another one. */
export async function putNewService(deps: DataDeps, service: ServiceRecord): Promise<void> {
  await deps.db.send(new PutCommand(newItemPut(deps.tables.Service, service)));
}

/**
 * Replaces a service with its edited form, only while it is still as it was read (same owner, same updatedAt, same
 * active flag): an edit made meanwhile, or a deactivation, is never overwritten silently. False when it changed.
 */
export async function replaceServiceIfUnchanged(
  deps: DataDeps,
  read: Pick<ServiceRecord, 'providerId' | 'updatedAt' | 'isActive'>,
  updated: ServiceRecord,
): Promise<boolean> {
  try {
    await deps.db.send(
      new PutCommand({
        TableName: deps.tables.Service,
        Item: updated,
        ...buildExpression(undefined, [
          { attr: 'providerId', eq: read.providerId },
          { attr: 'updatedAt', eq: read.updatedAt },
          { attr: 'isActive', eq: read.isActive },
        ]),
      }),
    );
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** Deactivates a provider's service and takes it off the public listing. */
export async function deactivateServiceWrite(deps: DataDeps, serviceId: string, providerId: string, now: string): Promise<void> {
  await deps.db.send(
    new UpdateCommand({
      TableName: deps.tables.Service,
      Key: { id: serviceId },
      ...buildExpression({ set: { isActive: false, updatedAt: now }, remove: ['listingStatus'] }, [{ attr: 'providerId', eq: providerId }]),
    }),
  );
}
