/**
 * Reviews and their service's rating totals. Every write is one transaction: the review, the Service's ratingSum and
 * ratingCount (increments, so no scan and no lost update) and the review's event. The review's id is
 * `review:<bookingId>`, so a second review of a booking, or a second reply, is a refused condition, never a duplicate.
 */
import { reviewIdOf, type RatingTotals } from '../domain/reviews';
import { adminActionItem } from './admin-actions';
import { updateInput, type Condition } from './expressions';
import { modelFields, transactionCancellationReasons, type ModelItem } from './items';
import { eventItem, newRecordItems } from './outbox';
import { getItem, queryIndex } from './repository';
import { transactWrite, type DataDeps, type TableDeps, type TxItem } from './transact';

export interface ReviewRecord extends ModelItem {
  __typename: 'Review';
  bookingId: string;
  serviceId: string;
  providerId: string;
  customerId: string;
  /** The customer's display name when they wrote it ("Deleted user" once their account is deleted). */
  customerName: string;
  rating: number;
  text: string;
  editableUntil: string;
  editedAt?: string;
  reply?: string;
  repliedAt?: string;
  /** = serviceId while the review is shown: the byListedService index (sparse) holds only visible reviews. */
  listedServiceId?: string;
  hiddenAt?: string;
  hiddenBy?: string;
  hiddenReason?: string;
}

/** The write lost: the review exists already, changed meanwhile, or its service is gone. */
export class ReviewWriteRefused extends Error {
  constructor() {
    super('the review write was refused by its condition');
    this.name = 'ReviewWriteRefused';
  }
}

export const readReview = (deps: DataDeps, bookingId: string) => getItem<ReviewRecord>(deps, 'Review', reviewIdOf(bookingId));

/** A service's visible reviews, newest first. */
export const visibleReviewsOfService = (deps: DataDeps, serviceId: string, limit: number) =>
  queryIndex<ReviewRecord>(deps, 'Review', {
    index: 'byListedService',
    key: 'listedServiceId',
    value: serviceId,
    newestFirst: true,
    limit,
  });

export const reviewsByCustomer = (deps: DataDeps, customerId: string) =>
  queryIndex<ReviewRecord>(deps, 'Review', { index: 'byCustomer', key: 'customerId', value: customerId, newestFirst: true });

/** Adds to the service's totals; the service must exist (a review never creates a half service record). */
function ratingItem(deps: TableDeps, serviceId: string, delta: RatingTotals, now: Date): TxItem {
  return {
    Update: updateInput(
      deps.tables.Service,
      { id: serviceId },
      // updatedAt moves too, so a provider's edit read before this review is refused rather than overwriting the totals
      { add: { ratingSum: delta.ratingSum, ratingCount: delta.ratingCount }, set: { updatedAt: now.toISOString() } },
      [{ attr: 'id', present: true }],
    ),
  };
}

async function commit(deps: DataDeps, items: TxItem[]): Promise<void> {
  try {
    await transactWrite(deps, items);
  } catch (err) {
    if (transactionCancellationReasons(err)?.includes('ConditionalCheckFailed')) throw new ReviewWriteRefused();
    throw err;
  }
}

export interface NewReview {
  bookingId: string;
  serviceId: string;
  providerId: string;
  customerId: string;
  customerName: string;
  rating: number;
  text: string;
  editableUntil: string;
}

/** The first review of a booking, its service's totals and ReviewLeft; refused when the booking has one already. */
export async function leaveReviewWrite(deps: DataDeps, review: NewReview, now: Date): Promise<ReviewRecord> {
  const record: ReviewRecord = {
    ...modelFields('Review', reviewIdOf(review.bookingId), now),
    ...review,
    listedServiceId: review.serviceId,
  };
  await commit(deps, [
    ...newRecordItems(
      deps,
      deps.tables.Review,
      record,
      {
        type: 'ReviewLeft',
        aggregateType: 'Review',
        aggregateId: record.id,
        actor: { role: 'CUSTOMER', id: review.customerId },
        payload: {
          reviewId: record.id,
          bookingId: review.bookingId,
          serviceId: review.serviceId,
          providerId: review.providerId,
          rating: review.rating,
        },
      },
      now,
    ),
    ratingItem(deps, review.serviceId, { ratingSum: review.rating, ratingCount: 1 }, now),
  ]);
  return record;
}

/** The review as read must still be as read (same updatedAt, still shown, still editable) for a change to apply. */
const unchangedSince = (read: ReviewRecord): Condition[] => [
  { attr: 'updatedAt', eq: read.updatedAt },
  { attr: 'listedServiceId', present: true },
];

export async function editReviewWrite(
  deps: DataDeps,
  read: ReviewRecord,
  change: { rating: number; text: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await commit(deps, [
    {
      Update: updateInput(
        deps.tables.Review,
        { id: read.id },
        { set: { rating: change.rating, text: change.text, editedAt: at, updatedAt: at } },
        [...unchangedSince(read), { attr: 'editableUntil', gte: at }],
      ),
    },
    eventItem(
      deps,
      {
        type: 'ReviewEdited',
        aggregateType: 'Review',
        aggregateId: read.id,
        actor: { role: 'CUSTOMER', id: read.customerId },
        payload: { reviewId: read.id, serviceId: read.serviceId, rating: change.rating, previousRating: read.rating },
      },
      now,
    ),
    ...(change.rating !== read.rating
      ? [ratingItem(deps, read.serviceId, { ratingSum: change.rating - read.rating, ratingCount: 0 }, now)]
      : []),
  ]);
}

/** The provider's one reply: refused when there is one already. */
export async function replyToReviewWrite(deps: DataDeps, read: ReviewRecord, reply: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await commit(deps, [
    {
      Update: updateInput(deps.tables.Review, { id: read.id }, { set: { reply, repliedAt: at, updatedAt: at } }, [
        { attr: 'reply', absent: true },
      ]),
    },
    eventItem(
      deps,
      {
        type: 'ReviewReplied',
        aggregateType: 'Review',
        aggregateId: read.id,
        actor: { role: 'PROVIDER', id: read.providerId },
        payload: { reviewId: read.id, serviceId: read.serviceId, providerId: read.providerId },
      },
      now,
    ),
  ]);
}

/** An admin hides a shown review: off the service page and out of its totals, audited (AdminActionTaken) in one transaction. */
export async function hideReviewWrite(
  deps: DataDeps,
  read: ReviewRecord,
  admin: { adminId: string; reason: string },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  await commit(deps, [
    {
      Update: updateInput(
        deps.tables.Review,
        { id: read.id },
        { set: { hiddenAt: at, hiddenBy: admin.adminId, hiddenReason: admin.reason, updatedAt: at }, remove: ['listedServiceId'] },
        [
          { attr: 'listedServiceId', present: true },
          { attr: 'rating', eq: read.rating },
        ],
      ),
    },
    ratingItem(deps, read.serviceId, { ratingSum: -read.rating, ratingCount: -1 }, now),
    adminActionItem(
      deps,
      {
        adminId: admin.adminId,
        action: 'ADMIN_HIDE_REVIEW',
        aggregateType: 'Review',
        aggregateId: read.id,
        reason: admin.reason,
        details: { serviceId: read.serviceId, bookingId: read.bookingId, rating: read.rating },
      },
      now,
    ),
  ]);
}

/** Account deletion: the author's name replaced on their reviews (the stars and words stay, no longer theirs by name). */
export async function pseudonymiseReviewAuthor(deps: DataDeps, review: ReviewRecord, displayName: string): Promise<void> {
  if (review.customerName === displayName) return;
  await transactWrite(deps, [{ Update: updateInput(deps.tables.Review, { id: review.id }, { set: { customerName: displayName } }) }]);
}
