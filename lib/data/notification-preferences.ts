/** The messages an account switched off (NotificationPreference, id = the user's id): read before each optional send. */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { updateInput } from './expressions';
import type { ModelItem } from './items';
import { getItem } from './repository';
import type { DataDeps } from './transact';

interface NotificationPreferenceRecord extends ModelItem {
  __typename: 'NotificationPreference';
  remindersOff: boolean;
}

export async function remindersOff(deps: DataDeps, userId: string): Promise<boolean> {
  return (await getItem<NotificationPreferenceRecord>(deps, 'NotificationPreference', userId))?.remindersOff === true;
}

export async function setRemindersOff(deps: DataDeps, userId: string, off: boolean, now: Date): Promise<void> {
  const iso = now.toISOString();
  await deps.db.send(
    new UpdateCommand(
      updateInput(
        deps.tables.NotificationPreference,
        { id: userId },
        { set: { remindersOff: off, updatedAt: iso }, setIfAbsent: { __typename: 'NotificationPreference', createdAt: iso } },
      ),
    ),
  );
}
