import { describe, expect, it } from 'vitest';
import {
  blockSecondsFor,
  RATE_LIMIT_POLICIES,
  retryAfterSeconds,
  tooManyAttemptsMessage,
  waitInWords,
  type RateLimitPolicy,
} from '../../lib/domain/rate-limits';
import { bookingActions } from '../../lib/functions/booking-processor';
import type { ActionDefinition } from '../../lib/functions/dispatch';
import { payoutManagerActions } from '../../lib/functions/payout-manager';
import { refundProcessorActions } from '../../lib/functions/refund-processor';
import { stripeConnectActions } from '../../lib/functions/stripe-connect';
import { AppError, toHttpResponse } from '../../lib/http/errors';

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

describe('the policy table', () => {
  it('holds the documented limits', () => {
    expect(RATE_LIMIT_POLICIES).toEqual({
      payment: { name: 'payment', points: 100, durationSeconds: 15 * MINUTE, onStoreFailure: 'allow' },
      signInFailuresByAccount: {
        name: 'signin-account',
        points: 5,
        durationSeconds: 15 * MINUTE,
        blockSeconds: 15 * MINUTE,
        backoff: { windowSeconds: DAY, maxBlockSeconds: DAY },
        onStoreFailure: 'refuse',
      },
      signInFailuresByIp: { name: 'signin-ip', points: 100, durationSeconds: DAY, blockSeconds: DAY, onStoreFailure: 'refuse' },
      signUpsByIp: { name: 'signup-ip', points: 20, durationSeconds: HOUR, onStoreFailure: 'refuse' },
    });
  });

  it('gives every policy keys of its own', () => {
    const names = Object.values(RATE_LIMIT_POLICIES).map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('blockSecondsFor: the n-th block of an account doubles, up to a day', () => {
  const account = RATE_LIMIT_POLICIES.signInFailuresByAccount;
  it.each([
    [1, 15 * MINUTE],
    [2, 30 * MINUTE],
    [3, HOUR],
    [4, 2 * HOUR],
    [5, 4 * HOUR],
    [6, 8 * HOUR],
    [7, 16 * HOUR],
    [8, DAY],
    [9, DAY],
    [1000, DAY],
    [0, 15 * MINUTE],
    [-3, 15 * MINUTE],
  ])('block %i → %i s', (n, seconds) => {
    expect(blockSecondsFor(account, n)).toBe(seconds);
  });

  it.each([
    ['a constant block', { name: 'x', points: 1, durationSeconds: 60, blockSeconds: 300, onStoreFailure: 'refuse' }, 7, 300],
    ['no block: the window', { name: 'x', points: 1, durationSeconds: 60, onStoreFailure: 'refuse' }, 3, 60],
  ] satisfies [string, RateLimitPolicy, number, number][])('%s', (_case, policy, n, seconds) => {
    expect(blockSecondsFor(policy, n)).toBe(seconds);
  });
});

describe('retryAfterSeconds: whole seconds, rounded up, at least 1', () => {
  it.each([
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [59_001, 60],
    [899_999, 900],
    [900_000, 900],
    [0, 1],
    [-5, 1],
    [Number.NaN, 1],
    [Number.POSITIVE_INFINITY, 1],
  ])('%d ms → %i s', (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
  });
});

describe('waitInWords and the refusal sentence', () => {
  it.each([
    [1, '1 second'],
    [0.2, '1 second'],
    [45, '45 seconds'],
    [59, '59 seconds'],
    [60, '1 minute'],
    [61, '2 minutes'],
    [240, '4 minutes'],
    [3599, '1 hour'],
    [3600, '1 hour'],
    [3660, '1 hour and 1 minute'],
    [5400, '1 hour and 30 minutes'],
    [7200, '2 hours'],
    [86_400, '1 day'],
    [90_000, '25 hours'],
    [172_800, '2 days'],
    [0, '1 second'],
    [Number.NaN, '1 second'],
  ])('%d s → %s', (seconds, words) => {
    expect(waitInWords(seconds)).toBe(words);
  });

  it('says how long, or to wait a moment when nobody knows', () => {
    expect(tooManyAttemptsMessage(240)).toBe('Too many attempts. Try again in 4 minutes.');
    expect(tooManyAttemptsMessage(undefined)).toBe('Too many attempts. Please wait a moment and try again.');
  });
});

describe('the HTTP answer of a refusal', () => {
  it('is 429 with Retry-After in seconds and { error, code, details: { retryAfterSeconds } }', () => {
    const res = toHttpResponse(new AppError('RATE_LIMITED', tooManyAttemptsMessage(240), { retryAfterSeconds: 240 }));
    expect(res).toEqual({
      statusCode: 429,
      headers: { 'content-type': 'application/json', 'retry-after': '240' },
      body: JSON.stringify({
        error: 'Too many attempts. Try again in 4 minutes.',
        code: 'RATE_LIMITED',
        details: { retryAfterSeconds: 240 },
      }),
    });
  });

  it.each([
    ['another code', new AppError('CONFLICT', 'x', { retryAfterSeconds: 5 })],
    ['no seconds', new AppError('RATE_LIMITED', 'x')],
    ['not whole seconds', new AppError('RATE_LIMITED', 'x', { retryAfterSeconds: 1.5 })],
    ['not a number', new AppError('RATE_LIMITED', 'x', { retryAfterSeconds: '60' })],
  ])('carries no Retry-After for %s', (_case, err) => {
    expect(toHttpResponse(err).headers).not.toHaveProperty('retry-after');
  });

  it('is 503 with Retry-After when the sign-in limits cannot be checked', () => {
    const res = toHttpResponse(new AppError('UNAVAILABLE', 'x', { retryAfterSeconds: 30 }));
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
  });
});

describe('which actions are limited (the production action tables)', () => {
  const tables: Record<string, Record<string, ActionDefinition>> = {
    'booking-processor': bookingActions,
    'stripe-connect': stripeConnectActions,
    'payout-manager': payoutManagerActions,
    'refund-processor': refundProcessorActions,
  };
  const all = Object.entries(tables).flatMap(([fn, table]) => Object.entries(table).map(([name, def]) => ({ fn, name, def })));

  it('marks exactly the payment-changing actions: charges, refunds, payouts, transfers, credits, saved cards', () => {
    const limited = all.filter((a) => a.def.limit === 'payment').map((a) => `${a.fn} ${a.name}`);
    expect(limited.sort()).toEqual(
      [
        // charges and the bookings they pay for
        'booking-processor CREATE_BOOKING',
        'booking-processor PREPARE_CARD_PAYMENT',
        'booking-processor PAY_WITH_SAVED_CARD',
        'booking-processor APPLY_BOOKING_CREDITS',
        'booking-processor APPLY_PROMOTION_CODE', // lowers the booking's PaymentIntent
        'booking-processor CONFIRM_BOOKING', // records the payment Stripe reports
        'booking-processor CANCEL_BOOKING', // cancels the PaymentIntent
        'booking-processor CANCEL_PAID_BOOKING', // refunds
        'booking-processor RESCHEDULE_BOOKING', // refunds the difference when the price went down
        'booking-processor MARK_NO_SHOW', // refunds per the no-show policy
        'stripe-connect CREATE_PAYMENT_INTENT',
        'stripe-connect DELETE_MY_ACCOUNT', // cancels with refunds, deletes the Stripe customer
        // saved cards
        'stripe-connect CREATE_SETUP_INTENT',
        'stripe-connect DETACH_CARD',
        'stripe-connect SET_DEFAULT_CARD',
        // memberships (subscriptions charge the card)
        'stripe-connect SUBSCRIBE',
        'stripe-connect SYNC_MEMBERSHIP',
        'stripe-connect CANCEL_MEMBERSHIP',
        'stripe-connect RESUME_MEMBERSHIP',
        'stripe-connect PREVIEW_PLAN_CHANGE', // asks Stripe for an invoice preview
        'stripe-connect CHANGE_PLAN',
        // credits
        'stripe-connect BUY_CREDITS',
        'stripe-connect CONFIRM_CREDIT_PURCHASE',
        'refund-processor REFUND_CREDIT_PURCHASE',
        // payouts
        'stripe-connect CREATE_PAYOUT',
        'payout-manager SCHEDULE_PAYOUT',
        'payout-manager INSTANT_PAYOUT',
        'payout-manager SET_PAYOUT_SCHEDULE',
        // refunds, their holds, chargebacks, re-run money effects
        'refund-processor PROCESS_REFUND',
        'refund-processor DISPUTE_REFUND',
        'refund-processor ADMIN_RESOLVE_REFUND_DISPUTE',
        'refund-processor SUBMIT_DISPUTE_EVIDENCE',
        'refund-processor ADMIN_REPROCESS_EVENT',
      ].sort(),
    );
  });

  it('limits no read and no public action', () => {
    const reads = all.filter((a) => /^(ADMIN_)?(LIST|GET|CALCULATE|CHECK)_|^ADMIN_(METRICS|ACTIVITY|AUDIT_LOG)$/.test(a.name));
    expect(reads.length).toBeGreaterThan(15);
    expect(reads.filter((a) => a.def.limit).map((a) => a.name)).toEqual([]);
    expect(all.filter((a) => a.def.access === 'public' && a.def.limit)).toEqual([]);
  });
});
