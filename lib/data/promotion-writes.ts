/**
 * Promotion codes and their redemptions. A code's id is its normalised (upper-case) code. Redeeming is one
 * transaction: the code's count goes up by one only while it is active, unexpired and under its limit (the condition
 * reads the limit stored on the code, so two redemptions of the last use cannot both pass), and the redemption
 * `<CODE>#<userId>` is written only if new (a customer redeems a code once).
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EventActor } from '../domain/events';
import type { Currency } from '../domain/money';
import type { PromotionCodeState, PromotionDiscount, PromotionPurpose } from '../domain/promotions';
import { adminActionItem } from './admin-actions';
import { buildExpression, newItemPut, updateInput, type Condition } from './expressions';
import { modelFields, type ModelItem } from './items';
import { eventItem, newRecordItems } from './outbox';
import { getItem } from './repository';
import type { DataDeps, TableDeps, TxItem } from './transact';

export interface PromotionCodeRecord extends ModelItem {
  __typename: 'PromotionCode';
  code: string;
  discountKind: 'PERCENT' | 'AMOUNT';
  percentOff?: number;
  amountOffCents?: number;
  currency?: Currency;
  expiresAt?: string;
  maxRedemptions?: number;
  redemptionCount: number;
  firstTimeOnly: boolean;
  active: boolean;
  stripeCouponId?: string;
  stripePromotionCodeId?: string;
  createdBy: string;
  deactivatedAt?: string;
  listPartition: 'CODES';
}

export interface PromotionRedemptionRecord extends ModelItem {
  __typename: 'PromotionRedemption';
  code: string;
  userId: string;
  purpose: PromotionPurpose;
  /** What it was redeemed for: `booking:<id>`, `membership:<planId>:<requestId>`, `credits:<packageId>:<requestId>`. */
  subject: string;
  discountCents?: number;
  currency?: Currency;
}

export const redemptionId = (code: string, userId: string) => `${code}#${userId}`;

/** The rules' view of a stored code. */
export function promotionState(r: PromotionCodeRecord): PromotionCodeState {
  const discount: PromotionDiscount =
    r.discountKind === 'PERCENT'
      ? { kind: 'PERCENT', percentOff: r.percentOff ?? 0 }
      : { kind: 'AMOUNT', amountOffCents: r.amountOffCents ?? 0, currency: r.currency ?? 'usd' };
  return {
    code: r.code,
    discount,
    active: r.active,
    expiresAt: r.expiresAt,
    maxRedemptions: r.maxRedemptions,
    redemptionCount: r.redemptionCount,
    firstTimeOnly: r.firstTimeOnly,
  };
}

export const readPromotionCode = (deps: DataDeps, code: string) => getItem<PromotionCodeRecord>(deps, 'PromotionCode', code);
export const readRedemption = (deps: DataDeps, code: string, userId: string) =>
  getItem<PromotionRedemptionRecord>(deps, 'PromotionRedemption', redemptionId(code, userId));

/** The admin list's filter on a code's state: deactivated, or active and expired (`expiresAt` passed), or active. */
export type PromotionCodeListState = 'active' | 'deactivated' | 'expired';

/**
 * One page of the codes by createdAt (newest or oldest first), one query of `byListPartition`; a state is a
 * FilterExpression of that query (DynamoDB applies it after `Limit`), so a filtered page may be short with a cursor.
 */
export async function promotionCodesPage(
  deps: DataDeps,
  q: { state?: PromotionCodeListState | undefined; newestFirst: boolean; limit: number; now: Date },
  cursor?: Record<string, unknown>,
): Promise<{ items: PromotionCodeRecord[]; nextCursor?: Record<string, unknown> }> {
  const filter = {
    active: 'active = :t AND (attribute_not_exists(expiresAt) OR expiresAt > :now)',
    expired: 'active = :t AND expiresAt <= :now',
    deactivated: 'active = :f',
  } as const;
  const values = {
    active: { ':t': true, ':now': q.now.toISOString() },
    expired: { ':t': true, ':now': q.now.toISOString() },
    deactivated: { ':f': false },
  };
  const out = await deps.db.send(
    new QueryCommand({
      TableName: deps.tables.PromotionCode,
      IndexName: 'byListPartition',
      KeyConditionExpression: 'listPartition = :pk',
      ...(q.state ? { FilterExpression: filter[q.state] } : {}),
      ExpressionAttributeValues: { ':pk': 'CODES', ...(q.state ? values[q.state] : {}) },
      ScanIndexForward: !q.newestFirst,
      Limit: q.limit,
      ...(cursor ? { ExclusiveStartKey: cursor } : {}),
    }),
  );
  return { items: (out.Items ?? []) as PromotionCodeRecord[], ...(out.LastEvaluatedKey ? { nextCursor: out.LastEvaluatedKey } : {}) };
}

export type NewPromotionCode = Omit<PromotionCodeRecord, keyof ModelItem | '__typename' | 'redemptionCount' | 'active' | 'listPartition'>;

/** A new code (refused when the code exists: codes are never reused) and its event. */
export function newPromotionCodeItems(deps: TableDeps, fields: NewPromotionCode, now: Date): TxItem[] {
  const record: PromotionCodeRecord = {
    ...modelFields('PromotionCode', fields.code, now),
    ...fields,
    redemptionCount: 0,
    active: true,
    listPartition: 'CODES',
  };
  return newRecordItems(
    deps,
    deps.tables.PromotionCode,
    record,
    {
      type: 'PromotionCodeCreated',
      aggregateType: 'PromotionCode',
      aggregateId: fields.code,
      actor: { role: 'ADMIN', id: fields.createdBy },
      payload: {
        code: fields.code,
        discountKind: fields.discountKind,
        ...(fields.percentOff !== undefined ? { percentOff: fields.percentOff } : {}),
        ...(fields.amountOffCents !== undefined ? { amountOffCents: fields.amountOffCents } : {}),
        ...(fields.currency ? { currency: fields.currency } : {}),
      },
    },
    now,
  );
}

/** Deactivation (once: only an active code), audited as the admin's action. */
export function deactivatePromotionCodeItems(deps: TableDeps, code: string, adminId: string, now: Date): TxItem[] {
  return [
    {
      Update: updateInput(
        deps.tables.PromotionCode,
        { id: code },
        { set: { active: false, deactivatedAt: now.toISOString(), updatedAt: now.toISOString() } },
        [{ attr: 'active', eq: true }],
      ),
    },
    adminActionItem(deps, { adminId, action: 'ADMIN_DEACTIVATE_PROMOTION_CODE', aggregateType: 'PromotionCode', aggregateId: code }, now),
  ];
}

/** What a redemption records. */
export interface Redemption {
  code: PromotionCodeRecord;
  userId: string;
  purpose: PromotionPurpose;
  subject: string;
  discountCents?: number;
  currency?: Currency;
  actor: EventActor;
  /** This customer's earlier redemption, for a booking that ended unpaid: moved to the new subject, not counted again. */
  moves?: PromotionRedemptionRecord;
}

/** Index of the code's update among redemptionItems (its condition decides active / expired / exhausted). */
export const REDEEM_CODE_ITEM = 0;
/** Index of the redemption's Put (refused: this customer has redeemed the code already). */
export const REDEEM_REDEMPTION_ITEM = 1;

/** The redemption, in one transaction with whatever it pays for (a booking's new price). */
export function redemptionItems(deps: TableDeps, r: Redemption, now: Date): TxItem[] {
  const at = now.toISOString();
  const usable: Condition[] = [{ attr: 'active', eq: true }, ...(r.code.expiresAt ? [{ attr: 'expiresAt', gt: at } as Condition] : [])];
  if (r.moves) return movedRedemptionItems(deps, r, r.moves, usable, now);
  const conditions: Condition[] = [
    ...usable,
    ...(r.code.maxRedemptions !== undefined ? [{ attr: 'redemptionCount', lt: r.code.maxRedemptions } as Condition] : []),
  ];
  const record: PromotionRedemptionRecord = {
    ...modelFields('PromotionRedemption', redemptionId(r.code.code, r.userId), now),
    code: r.code.code,
    userId: r.userId,
    purpose: r.purpose,
    subject: r.subject,
    ...(r.discountCents !== undefined ? { discountCents: r.discountCents } : {}),
    ...(r.currency ? { currency: r.currency } : {}),
  };
  return [
    {
      Update: updateInput(
        deps.tables.PromotionCode,
        { id: r.code.code },
        { add: { redemptionCount: 1 }, set: { updatedAt: at } },
        conditions,
      ),
    },
    { Put: newItemPut(deps.tables.PromotionRedemption, record) },
    redeemedEvent(deps, r, now),
  ];
}

/** The code's use moves from an unpaid, ended booking to the new subject: the code must still be usable; the count stays. */
function movedRedemptionItems(deps: TableDeps, r: Redemption, from: PromotionRedemptionRecord, usable: Condition[], now: Date): TxItem[] {
  const at = now.toISOString();
  return [
    { Update: updateInput(deps.tables.PromotionCode, { id: r.code.code }, { set: { updatedAt: at } }, usable) },
    {
      Update: updateInput(
        deps.tables.PromotionRedemption,
        { id: from.id },
        {
          set: {
            subject: r.subject,
            purpose: r.purpose,
            updatedAt: at,
            ...(r.discountCents !== undefined ? { discountCents: r.discountCents } : {}),
            ...(r.currency ? { currency: r.currency } : {}),
          },
        },
        [{ attr: 'subject', eq: from.subject }],
      ),
    },
    redeemedEvent(deps, r, now),
  ];
}

function redeemedEvent(deps: TableDeps, r: Redemption, now: Date): TxItem {
  return eventItem(
    deps,
    {
      type: 'PromotionCodeRedeemed',
      aggregateType: 'PromotionCode',
      aggregateId: r.code.code,
      actor: r.actor,
      payload: {
        code: r.code.code,
        userId: r.userId,
        purpose: r.purpose,
        subject: r.subject,
        ...(r.discountCents !== undefined ? { discountCents: r.discountCents } : {}),
        ...(r.currency ? { currency: r.currency } : {}),
      },
    },
    now,
  );
}

/** Gives a redemption back (its payment could not be made): deleted only if it is still for `subject`, and the count down by one. */
export function releaseRedemptionItems(deps: TableDeps, r: PromotionRedemptionRecord, reason: string, now: Date): TxItem[] {
  return [
    {
      Delete: {
        TableName: deps.tables.PromotionRedemption,
        Key: { id: r.id },
        ...buildExpression(undefined, [{ attr: 'subject', eq: r.subject }]),
      },
    },
    {
      Update: updateInput(
        deps.tables.PromotionCode,
        { id: r.code },
        { add: { redemptionCount: -1 }, set: { updatedAt: now.toISOString() } },
        [{ attr: 'redemptionCount', gt: 0 }],
      ),
    },
    eventItem(
      deps,
      {
        type: 'PromotionRedemptionReleased',
        aggregateType: 'PromotionCode',
        aggregateId: r.code,
        actor: { role: 'SYSTEM' },
        payload: { code: r.code, userId: r.userId, subject: r.subject, reason },
      },
      now,
    ),
  ];
}
