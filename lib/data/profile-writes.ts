/**
 * The UserProfile writes of a provider's payment account (the account slot, the status Stripe reports, the payout
 * schedule, the debt) and the public listing of their services that follows the account's status. Conditions are
 * structured (lib/data/expressions.ts); callers get booleans or transaction items, never expressions.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { EventActor } from '../domain/events';
import { type Change, type Condition, updateInput } from './expressions';
import { isConditionalCheckFailed } from './items';
import { eventItem } from './outbox';
import type { PayoutSchedule, UserProfileRecord } from './records';
import { commitTransition } from './status-writer';
import { putIfAbsent, type TxItem, type DataDeps, type TableDeps } from './transact';

/** The UpdateItem input of a profile change (no implicit conditions: only those given). */
function profileUpdateInput(deps: TableDeps, userId: string, change: Change, expect: readonly Condition[] = []) {
  return updateInput(deps.tables.UserProfile, { id: userId }, change, expect);
}

export const profileUpdateItem = (deps: TableDeps, userId: string, change: Change, expect: readonly Condition[] = []): TxItem => ({
  Update: profileUpdateInput(deps, userId, change, expect),
});

/** Runs one conditional profile update: false when its condition failed. */
async function tryUpdate(deps: DataDeps, input: ReturnType<typeof profileUpdateInput>): Promise<boolean> {
  try {
    await deps.db.send(new UpdateCommand(input));
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

/** The profile as stored now (a strongly consistent read: the account-slot protocol relies on it). */
export async function readProfile(deps: DataDeps, userId: string): Promise<UserProfileRecord | undefined> {
  const out = await deps.db.send(new GetCommand({ TableName: deps.tables.UserProfile, Key: { id: userId }, ConsistentRead: true }));
  return out.Item as UserProfileRecord | undefined;
}

/** Creates the profile unless one exists: false when another request created it first. */
export function createProfileIfAbsent(deps: DataDeps, profile: UserProfileRecord): Promise<boolean> {
  return putIfAbsent(deps, deps.tables.UserProfile, profile);
}

// ---- the connected-account slot -------------------------------------------------------------------

/** Claims the profile's empty account slot (or takes over a claim made before `staleBefore`): false when taken. */
export function claimAccountSlot(deps: DataDeps, userId: string, claim: string, staleBefore: string): Promise<boolean> {
  return tryUpdate(
    deps,
    profileUpdateInput(deps, userId, { set: { stripeAccountClaimedAt: claim } }, [
      { attr: 'id', present: true },
      { attr: 'stripeAccountId', absent: true },
      {
        or: [
          { attr: 'stripeAccountClaimedAt', absent: true },
          { attr: 'stripeAccountClaimedAt', lt: staleBefore },
        ],
      },
    ]),
  );
}

/** Gives up this request's claim (its Stripe call failed), if it still holds it. */
export async function releaseAccountSlot(deps: DataDeps, userId: string, claim: string): Promise<void> {
  await tryUpdate(
    deps,
    profileUpdateInput(deps, userId, { remove: ['stripeAccountClaimedAt'] }, [{ attr: 'stripeAccountClaimedAt', eq: claim }]),
  );
}

/** The account's status fields as the profile stores them (decided from Stripe's account by the service). */
export type AccountStatusFields = Pick<
  UserProfileRecord,
  | 'stripeAccountStatus'
  | 'stripeChargesEnabled'
  | 'stripePayoutsEnabled'
  | 'stripeDetailsSubmitted'
  | 'stripeOnboardingComplete'
  | 'stripeRequirements'
  | 'stripeCapabilities'
  | 'stripeAccountSyncedAt'
>;

/** The ProviderAccountUpdated event of an account state written to the profile. */
function accountUpdatedItem(
  deps: TableDeps,
  input: { userId: string; accountId: string; status: AccountStatusFields; actor: EventActor; now: Date },
): TxItem {
  const s = input.status;
  return eventItem(
    deps,
    {
      type: 'ProviderAccountUpdated',
      aggregateType: 'Provider',
      aggregateId: input.userId,
      actor: input.actor,
      payload: {
        providerId: input.userId,
        stripeAccountId: input.accountId,
        status: s.stripeAccountStatus ?? 'PENDING',
        ...(s.stripeChargesEnabled !== undefined ? { chargesEnabled: s.stripeChargesEnabled } : {}),
        ...(s.stripePayoutsEnabled !== undefined ? { payoutsEnabled: s.stripePayoutsEnabled } : {}),
      },
    },
    input.now,
  );
}

/** Whether the status or the charges / payouts flags differ from those read (the other fields are detail). */
function accountStateChanged(read: Partial<AccountStatusFields>, next: AccountStatusFields): boolean {
  return (
    read.stripeAccountStatus !== next.stripeAccountStatus ||
    (read.stripeChargesEnabled ?? false) !== (next.stripeChargesEnabled ?? false) ||
    (read.stripePayoutsEnabled ?? false) !== (next.stripePayoutsEnabled ?? false)
  );
}

/**
 * Stores the new account in the slot unless another account is there already (false when one is), with its
 * ProviderAccountUpdated event: the provider's onboarding started (`actorId`: the provider).
 */
export function storeAccount(deps: DataDeps, userId: string, accountId: string, status: AccountStatusFields, now: Date): Promise<boolean> {
  const update: TxItem = {
    Update: profileUpdateInput(
      deps,
      userId,
      { set: { stripeAccountId: accountId, ...status, updatedAt: now.toISOString() }, remove: ['stripeAccountClaimedAt'] },
      [
        {
          or: [
            { attr: 'stripeAccountId', absent: true },
            { attr: 'stripeAccountId', eq: accountId },
          ],
        },
      ],
    ),
  };
  return commitTransition(deps, [
    update,
    accountUpdatedItem(deps, { userId, accountId, status, actor: { role: 'PROVIDER', id: userId }, now }),
  ]);
}

/**
 * The account's status on the profile, conditional on the profile still holding that account and being unchanged
 * since it was read (`readVersion` = the updatedAt read; absent when it had none): optimistic locking. When the
 * status or the charges / payouts flags differ from those read (`read`), the ProviderAccountUpdated event follows;
 * a sync that finds the same state writes none.
 */
export function accountStatusSyncItems(
  deps: TableDeps,
  input: {
    userId: string;
    accountId: string;
    readVersion: string | undefined;
    newVersion: string;
    read: Partial<AccountStatusFields>;
    status: AccountStatusFields;
    actor: EventActor;
    now: Date;
  },
): TxItem[] {
  const update = profileUpdateItem(deps, input.userId, { set: { ...input.status, updatedAt: input.newVersion } }, [
    { attr: 'stripeAccountId', eq: input.accountId },
    input.readVersion ? { attr: 'updatedAt', eq: input.readVersion } : { attr: 'updatedAt', absent: true },
  ]);
  if (!accountStateChanged(input.read, input.status)) return [update];
  return [update, accountUpdatedItem(deps, input)];
}

// ---- the payout schedule ----------------------------------------------------------------------------

/** Sets an existing profile's payout schedule (never creates a profile): false when there is no profile. */
export function setPayoutScheduleOf(deps: DataDeps, userId: string, schedule: PayoutSchedule, now: Date): Promise<boolean> {
  return tryUpdate(
    deps,
    profileUpdateInput(deps, userId, { set: { payoutSchedule: schedule, updatedAt: now.toISOString() } }, [{ attr: 'id', present: true }]),
  );
}
