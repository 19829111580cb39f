import { describe, expect, it } from 'vitest';
import type { BookingStatus } from '../../lib/domain/booking-status';
import {
  checkReviewContent,
  compareByRating,
  decideEditReview,
  decideHide,
  decideLeaveReview,
  decideReply,
  editableUntil,
  ratingAverage,
  ratingDelta,
  reviewIdOf,
  type ReviewState,
} from '../../lib/domain/reviews';

const CUSTOMER = 'user_customer';
const PROVIDER = 'user_provider';
const codeOf = (r: { code: string } | undefined) => r?.code ?? null;

describe('leaving a review', () => {
  it.each<[BookingStatus, string | null]>([
    ['PENDING_PAYMENT', 'NOT_COMPLETED'],
    ['PAYMENT_FAILED', 'NOT_COMPLETED'],
    ['CONFIRMED', 'NOT_COMPLETED'],
    ['COMPLETED', null],
    ['PAID_OUT', null],
    ['CANCELLED', 'NOT_COMPLETED'],
    ['EXPIRED', 'NOT_COMPLETED'],
    ['DISPUTED', 'NOT_COMPLETED'],
    ['REFUNDED', 'NOT_COMPLETED'],
  ])('a %s booking: %s', (status, code) => {
    expect(codeOf(decideLeaveReview(CUSTOMER, { customerId: CUSTOMER, status }, false, { rating: 5, text: '' }))).toBe(code);
  });

  it.each<[string, string, boolean, number, string | null]>([
    ['the customer, first review', CUSTOMER, false, 4, null],
    ['someone else', 'user_other', false, 4, 'NOT_CUSTOMER'],
    ['a second review', CUSTOMER, true, 4, 'ALREADY_REVIEWED'],
    ['zero stars', CUSTOMER, false, 0, 'INVALID'],
    ['six stars', CUSTOMER, false, 6, 'INVALID'],
    ['half a star', CUSTOMER, false, 3.5, 'INVALID'],
  ])('%s', (_name, caller, already, rating, code) => {
    expect(codeOf(decideLeaveReview(caller, { customerId: CUSTOMER, status: 'COMPLETED' }, already, { rating, text: 'Fine' }))).toBe(code);
  });
});

describe('review content', () => {
  it.each<[number, number, string | null]>([
    [1, 0, null],
    [5, 2000, null],
    [5, 2001, 'text'],
    [0, 10, 'rating'],
    [Number.NaN, 10, 'rating'],
  ])('%s stars, %s characters', (rating, length, field) => {
    const refusal = checkReviewContent(rating, 'x'.repeat(length));
    expect(refusal && 'field' in refusal ? refusal.field : null).toBe(field);
  });
});

const review = (change: Partial<ReviewState> = {}): ReviewState => ({
  customerId: CUSTOMER,
  providerId: PROVIDER,
  createdAt: '2026-01-01T10:00:00.000Z',
  hidden: false,
  ...change,
});

describe('editing, replying, hiding', () => {
  it('is editable for 14 days to the millisecond', () => {
    expect(editableUntil('2026-01-01T10:00:00.000Z')).toBe('2026-01-15T10:00:00.000Z');
  });

  it.each<[string, string, Partial<ReviewState>, string, string | null]>([
    ['within the window', CUSTOMER, {}, '2026-01-15T10:00:00.000Z', null],
    ['a millisecond late', CUSTOMER, {}, '2026-01-15T10:00:00.001Z', 'EDIT_WINDOW_CLOSED'],
    ['by the provider', PROVIDER, {}, '2026-01-02T10:00:00.000Z', 'NOT_CUSTOMER'],
    ['once hidden', CUSTOMER, { hidden: true }, '2026-01-02T10:00:00.000Z', 'HIDDEN'],
  ])('edit %s', (_name, caller, change, now, code) => {
    expect(codeOf(decideEditReview(caller, review(change), new Date(now), { rating: 3, text: 'Changed' }))).toBe(code);
  });

  it.each<[string, string, Partial<ReviewState>, string, string | null]>([
    ['the first reply', PROVIDER, {}, 'Thank you!', null],
    ['a second reply', PROVIDER, { reply: 'Thanks' }, 'Again', 'ALREADY_REPLIED'],
    ['by the customer', CUSTOMER, {}, 'Me too', 'NOT_PROVIDER'],
    ['an empty reply', PROVIDER, {}, '   ', 'INVALID'],
    ['a reply too long', PROVIDER, {}, 'x'.repeat(1001), 'INVALID'],
  ])('reply: %s', (_name, caller, change, text, code) => {
    expect(codeOf(decideReply(caller, review(change), text))).toBe(code);
  });

  it.each<[string, Partial<ReviewState>, string, string | null]>([
    ['with a reason', {}, 'Abusive language', null],
    ['without a reason', {}, '  ', 'INVALID'],
    ['already hidden', { hidden: true }, 'Spam', 'ALREADY_HIDDEN'],
  ])('hide %s', (_name, change, reason, code) => {
    expect(codeOf(decideHide(review(change), reason))).toBe(code);
  });
});

describe('a service rating', () => {
  it.each<[number, number, number | undefined]>([
    [0, 0, undefined],
    [5, 1, 5],
    [9, 2, 4.5],
    [17, 4, 4.3], // 4.25 rounds half up
    [13, 3, 4.3], // 4.333…
    [11, 3, 3.7], // 3.666…
  ])('sum %s over %s reviews: %s', (ratingSum, ratingCount, average) => {
    expect(ratingAverage({ ratingSum, ratingCount })).toBe(average);
  });

  it.each([
    [{ kind: 'leave', rating: 4 } as const, { ratingSum: 4, ratingCount: 1 }],
    [{ kind: 'edit', from: 4, to: 2 } as const, { ratingSum: -2, ratingCount: 0 }],
    [{ kind: 'hide', rating: 3 } as const, { ratingSum: -3, ratingCount: -1 }],
  ])('%o changes the totals by %o', (change, delta) => {
    expect(ratingDelta(change)).toEqual(delta);
  });

  it('sorts best rated first, more reviews first among equals, unrated last', () => {
    const services = [
      { id: 'unrated', createdAt: '2026-03-01' },
      { id: 'four', ratingSum: 8, ratingCount: 2, createdAt: '2026-01-01' },
      { id: 'five-few', ratingSum: 5, ratingCount: 1, createdAt: '2026-01-01' },
      { id: 'five-many', ratingSum: 15, ratingCount: 3, createdAt: '2026-01-01' },
    ];
    expect([...services].sort(compareByRating).map((s) => s.id)).toEqual(['five-many', 'five-few', 'four', 'unrated']);
  });

  it('derives one review id per booking', () => {
    expect(reviewIdOf('bk_1')).toBe('review:bk_1');
  });
});
