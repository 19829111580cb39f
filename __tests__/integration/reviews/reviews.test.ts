/**
 * Reviews through the production handlers: only the customer of a completed booking reviews it, once (also when the
 * submissions race); the service's rating totals follow every change in its transaction; the provider replies once;
 * an admin hides a review with a reason (audited) and it leaves the service page and the average.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryIndex } from '../../../lib/data/repository';
import type { DomainEventRecord } from '../../../lib/data/outbox';
import type { ServiceRecord } from '../../../lib/data/records';
import { createRefundProcessorHandler } from '../../../lib/functions/refund-processor';
import { createStripeConnectHandler } from '../../../lib/functions/stripe-connect';
import type { AccountDataResponses } from '../../../lib/http/account-data';
import type { BookingReviewView, ReviewResponses } from '../../../lib/http/reviews';
import type { ServiceView } from '../../../lib/http/booking-processor';
import { paidBooking, PORTRAIT, startLifecycleStack, type LifecycleStack } from '../support/lifecycle';

let stack: LifecycleStack;
let refunds: ReturnType<typeof createRefundProcessorHandler>;
/** Completed bookings of the demo customer (reviewed one per test) and one still CONFIRMED. */
let completed: string[];
let confirmedOnly: string;

const offsetTo = (iso: string, plusMs = 0) => Date.parse(iso) + plusMs - Date.now();
async function storedService(): Promise<ServiceRecord> {
  const out = await stack.deps.db.send(new GetCommand({ TableName: stack.tables.Service, Key: { id: PORTRAIT }, ConsistentRead: true }));
  return out.Item as ServiceRecord;
}

async function admin<T = Record<string, unknown>>(action: string, payload: object) {
  const res = await refunds({ action, payload, token: stack.adminToken });
  return { status: res.statusCode, body: JSON.parse(res.body) as T & { code?: string; details?: Record<string, unknown> } };
}
const eventsOf = (reviewId: string) =>
  queryIndex<DomainEventRecord>(stack.deps, 'DomainEvent', { index: 'byAggregate', key: 'aggregateKey', value: `Review#${reviewId}` });

beforeAll(async () => {
  stack = await startLifecycleStack('reviews');
  refunds = createRefundProcessorHandler(stack.runtime);
  const bookings = [await paidBooking(stack, PORTRAIT, 0), await paidBooking(stack, PORTRAIT, 1), await paidBooking(stack, PORTRAIT, 2)];
  confirmedOnly = (await paidBooking(stack, PORTRAIT, 3)).bookingId;
  // Past the third booking's start (the fourth starts later): the provider completes the first three.
  stack.setClockOffset(offsetTo(bookings[2]!.slot.startDateTime, 60_000));
  for (const { bookingId } of bookings) {
    const done = await stack.booking('COMPLETE_BOOKING', { bookingId }, stack.providerToken);
    if (done.status !== 200) throw new Error(`COMPLETE_BOOKING ${done.status} ${JSON.stringify(done.body)}`);
  }
  completed = bookings.map((b) => b.bookingId);
}, 120_000);
afterAll(async () => stack?.close());

describe('leaving a review', () => {
  it('only the customer of a completed booking, with 1–5 whole stars', async () => {
    const [bookingId] = completed as [string];
    const notYet = await stack.booking('LEAVE_REVIEW', { bookingId: confirmedOnly, rating: 5, text: 'Too early' }, stack.customerToken);
    expect(notYet).toMatchObject({ status: 409, body: { code: 'INVALID_TRANSITION' } });
    const byProvider = await stack.booking('LEAVE_REVIEW', { bookingId, rating: 5 }, stack.providerToken);
    expect(byProvider).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const byStranger = await stack.booking('LEAVE_REVIEW', { bookingId, rating: 5 }, stack.tokenFor('user_stranger', 's@example.com'));
    expect(byStranger).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    for (const rating of [0, 6, 4.5, '5'])
      expect((await stack.booking('LEAVE_REVIEW', { bookingId, rating }, stack.customerToken)).status, String(rating)).toBe(400);
    const tooLong = await stack.booking('LEAVE_REVIEW', { bookingId, rating: 4, text: 'x'.repeat(2001) }, stack.customerToken);
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', details: { field: 'text' } } });
    // nothing was written by any refusal
    expect(await eventsOf(`review:${bookingId}`)).toEqual([]);
    expect((await storedService()).ratingCount ?? 0).toBe(0);
  });

  it('is stored once with its service totals and event; a second one is refused; the page shows it', async () => {
    const [bookingId] = completed as [string];
    const left = await stack.booking<ReviewResponses['LEAVE_REVIEW']>(
      'LEAVE_REVIEW',
      { bookingId, rating: 4, text: 'Lovely photos, a little late.' },
      stack.customerToken,
    );
    expect(left).toMatchObject({ status: 200, body: { review: { rating: 4, authorName: 'Casey C.', canEdit: true } } });
    expect(await storedService()).toMatchObject({ ratingSum: 4, ratingCount: 1 });
    const again = await stack.booking('LEAVE_REVIEW', { bookingId, rating: 1, text: 'Changed my mind' }, stack.customerToken);
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { reason: 'ALREADY_REVIEWED' } } });
    expect(await storedService()).toMatchObject({ ratingSum: 4, ratingCount: 1 });
    expect((await eventsOf(`review:${bookingId}`)).map((e) => e.type)).toEqual(['ReviewLeft']);

    const page = await stack.booking<ReviewResponses['LIST_SERVICE_REVIEWS']>('LIST_SERVICE_REVIEWS', { serviceId: PORTRAIT });
    expect(page.body).toMatchObject({ rating: { average: 4, count: 1 }, reviews: [{ rating: 4, text: 'Lovely photos, a little late.' }] });
    const shown = await stack.booking<{ service: ServiceView }>('GET_SERVICE', { serviceId: PORTRAIT });
    expect(shown.body.service.rating).toEqual({ average: 4, count: 1 });
    const mine = await stack.booking<ReviewResponses['GET_BOOKING_REVIEW']>('GET_BOOKING_REVIEW', { bookingId }, stack.customerToken);
    expect(mine.body).toMatchObject({ canReview: false, review: { rating: 4 } });
    const other = await stack.booking<ReviewResponses['GET_BOOKING_REVIEW']>(
      'GET_BOOKING_REVIEW',
      { bookingId: completed[1] },
      stack.customerToken,
    );
    expect(other.body).toEqual({ canReview: true, review: null });
  });

  it('concurrent submissions of one booking store one review and count it once', async () => {
    const bookingId = completed[1]!;
    const results = await Promise.all(
      [5, 5, 3].map((rating) => stack.booking('LEAVE_REVIEW', { bookingId, rating, text: 'Double click' }, stack.customerToken)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const service = await storedService();
    expect(service.ratingCount).toBe(2);
    expect(await eventsOf(`review:${bookingId}`)).toHaveLength(1);
  });
});

describe('editing, replying and hiding', () => {
  it('the customer edits within 14 days, the totals follow, then the window closes', async () => {
    const [bookingId] = completed as [string];
    const before = await storedService();
    const edited = await stack.booking<{ review: BookingReviewView }>(
      'EDIT_REVIEW',
      { bookingId, rating: 2, text: 'On reflection, very late.' },
      stack.customerToken,
    );
    expect(edited).toMatchObject({ status: 200, body: { review: { rating: 2, edited: true } } });
    expect((await storedService()).ratingSum).toBe(before.ratingSum! - 2);
    const byProvider = await stack.booking('EDIT_REVIEW', { bookingId, rating: 5 }, stack.providerToken);
    expect(byProvider.status).toBe(403);
    const noReview = await stack.booking('EDIT_REVIEW', { bookingId: completed[2], rating: 5 }, stack.customerToken);
    expect(noReview).toMatchObject({ status: 409, body: { details: { reason: 'NO_REVIEW' } } });

    const start = stack.now().getTime();
    stack.setClockOffset(offsetTo(edited.body.review.editableUntil, 1));
    try {
      const late = await stack.booking('EDIT_REVIEW', { bookingId, rating: 5 }, stack.customerToken);
      expect(late).toMatchObject({ status: 409, body: { details: { reason: 'EDIT_WINDOW_CLOSED' } } });
    } finally {
      stack.setClockOffset(start - Date.now());
    }
  });

  it('the provider replies once (a repeated reply is refused), the customer cannot', async () => {
    const [bookingId] = completed as [string];
    const byCustomer = await stack.booking('REPLY_TO_REVIEW', { bookingId, reply: 'Me again' }, stack.customerToken);
    expect(byCustomer.status).toBe(403);
    const replies = await Promise.all(
      ['Sorry about the delay!', 'Sorry about the delay!'].map((reply) =>
        stack.booking('REPLY_TO_REVIEW', { bookingId, reply }, stack.providerToken),
      ),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    const page = await stack.booking<ReviewResponses['LIST_SERVICE_REVIEWS']>('LIST_SERVICE_REVIEWS', { serviceId: PORTRAIT });
    expect(page.body.reviews.find((r) => r.id === `review:${bookingId}`)?.reply?.text).toBe('Sorry about the delay!');
    expect((await eventsOf(`review:${bookingId}`)).filter((e) => e.type === 'ReviewReplied')).toHaveLength(1);
  });

  it('an admin hides a review with a reason: gone from the page and the average, audited, shown hidden to its customer', async () => {
    const bookingId = completed[1]!;
    const before = await storedService();
    const hidden = completed[1]!;
    const noReason = await admin('ADMIN_HIDE_REVIEW', { bookingId, reason: ' ' });
    expect(noReason).toMatchObject({ status: 400, body: { details: { field: 'reason' } } });
    const byCustomer = await refunds({ action: 'ADMIN_HIDE_REVIEW', payload: { bookingId, reason: 'Mine' }, token: stack.customerToken });
    expect(byCustomer.statusCode).toBe(403);

    const done = await admin<ReviewResponses['ADMIN_HIDE_REVIEW']>('ADMIN_HIDE_REVIEW', { bookingId, reason: 'Not about the service' });
    expect(done).toMatchObject({ status: 200, body: { review: { hidden: { reason: 'Not about the service' } } } });
    const review = (await stack.booking<ReviewResponses['GET_BOOKING_REVIEW']>('GET_BOOKING_REVIEW', { bookingId }, stack.customerToken))
      .body.review!;
    expect(review).toMatchObject({ hidden: { reason: 'Not about the service' }, canEdit: false });
    const after = await storedService();
    expect(after.ratingCount).toBe(before.ratingCount! - 1);
    expect(after.ratingSum).toBe(before.ratingSum! - review.rating);
    const page = await stack.booking<ReviewResponses['LIST_SERVICE_REVIEWS']>('LIST_SERVICE_REVIEWS', { serviceId: PORTRAIT });
    expect(page.body.reviews.map((r) => r.id)).not.toContain(`review:${hidden}`);
    expect(page.body.rating?.count).toBe(after.ratingCount);
    const audit = (await eventsOf(`review:${bookingId}`)).find((e) => e.type === 'AdminActionTaken');
    expect(audit).toMatchObject({ actorRole: 'ADMIN', payload: { action: 'ADMIN_HIDE_REVIEW', reason: 'Not about the service' } });

    const twice = await admin('ADMIN_HIDE_REVIEW', { bookingId, reason: 'Again' });
    expect(twice).toMatchObject({ status: 409, body: { details: { reason: 'ALREADY_HIDDEN' } } });
    expect((await storedService()).ratingCount).toBe(after.ratingCount);
    const edit = await stack.booking('EDIT_REVIEW', { bookingId, rating: 5 }, stack.customerToken);
    expect(edit).toMatchObject({ status: 409, body: { details: { reason: 'HIDDEN' } } });
  });

  it("the customer's data export holds their reviews, hidden ones too, and no one else's", async () => {
    const connect = createStripeConnectHandler(stack.runtime);
    const exportOf = async (token: string) =>
      JSON.parse((await connect({ action: 'EXPORT_MY_DATA', payload: {}, token })).body) as AccountDataResponses['EXPORT_MY_DATA'];
    const mine = await exportOf(stack.customerToken);
    expect(mine.reviews.map((r) => r.bookingId).sort()).toEqual([completed[0], completed[1]].sort());
    expect(mine.reviews.find((r) => r.bookingId === completed[1])).toMatchObject({ hiddenReason: 'Not about the service' });
    const providers = await exportOf(stack.providerToken);
    expect(providers.reviews).toEqual([]);
  });

  it('the catalogue sorts by rating', async () => {
    const sorted = await stack.booking<{ services: ServiceView[] }>('LIST_SERVICES', { sort: 'rating' });
    expect(sorted.body.services[0]?.id).toBe(PORTRAIT);
    const bad = await stack.booking('LIST_SERVICES', { sort: 'price' });
    expect(bad.status).toBe(400);
  });
});
