import { describe, expect, test } from 'vitest';
import { buildExpression, ONLY_NEW, type Change, type Condition } from '../../lib/data/expressions';

describe('buildExpression: conditions', () => {
  test.each<[string, Condition, string, Record<string, string>, Record<string, unknown>]>([
    ['eq', { attr: 'status', eq: 'CONFIRMED' }, '#n0 = :v0', { '#n0': 'status' }, { ':v0': 'CONFIRMED' }],
    ['ne', { attr: 'status', ne: 'PAID_OUT' }, '#n0 <> :v0', { '#n0': 'status' }, { ':v0': 'PAID_OUT' }],
    ['in', { attr: 'status', in: ['A', 'B', 'C'] }, '#n0 IN (:v0, :v1, :v2)', { '#n0': 'status' }, { ':v0': 'A', ':v1': 'B', ':v2': 'C' }],
    ['lte', { attr: 'retryAt', lte: '2026' }, '#n0 <= :v0', { '#n0': 'retryAt' }, { ':v0': '2026' }],
    ['gte', { attr: 'balance', gte: 5 }, '#n0 >= :v0', { '#n0': 'balance' }, { ':v0': 5 }],
    ['lt', { attr: 'attempts', lt: 3 }, '#n0 < :v0', { '#n0': 'attempts' }, { ':v0': 3 }],
    ['gt', { attr: 'amount', gt: 0 }, '#n0 > :v0', { '#n0': 'amount' }, { ':v0': 0 }],
    ['absent', { attr: 'refundId', absent: true }, 'attribute_not_exists(#n0)', { '#n0': 'refundId' }, {}],
    ['present', { attr: 'id', present: true }, 'attribute_exists(#n0)', { '#n0': 'id' }, {}],
    [
      'or',
      {
        or: [
          { attr: 'id', absent: true },
          { attr: 'bookingId', eq: 'bk_1' },
        ],
      },
      '(attribute_not_exists(#n0) OR #n1 = :v0)',
      { '#n0': 'id', '#n1': 'bookingId' },
      { ':v0': 'bk_1' },
    ],
    [
      'and inside or',
      {
        or: [
          {
            and: [
              { attr: 'a', eq: 1 },
              { attr: 'b', eq: 2 },
            ],
          },
          { attr: 'c', present: true },
        ],
      },
      '((#n0 = :v0 AND #n1 = :v1) OR attribute_exists(#n2))',
      { '#n0': 'a', '#n1': 'b', '#n2': 'c' },
      { ':v0': 1, ':v1': 2 },
    ],
    ['a dotted path', { attr: 'payout.status', eq: 'PAID' }, '#n0.#n1 = :v0', { '#n0': 'payout', '#n1': 'status' }, { ':v0': 'PAID' }],
  ])('%s', (_, condition, expression, names, values) => {
    const built = buildExpression(undefined, [condition]);
    expect(built.ConditionExpression).toBe(expression);
    expect(built.UpdateExpression).toBeUndefined();
    expect(built.ExpressionAttributeNames).toEqual(names);
    expect(built.ExpressionAttributeValues ?? {}).toEqual(values);
  });

  test('several conditions are joined with AND and share one placeholder per attribute name', () => {
    const built = buildExpression(undefined, [
      { attr: 'status', in: ['PENDING_PAYMENT', 'PAYMENT_FAILED'] },
      { attr: 'status', ne: 'CANCELLED' },
    ]);
    expect(built.ConditionExpression).toBe('#n0 IN (:v0, :v1) AND #n0 <> :v2');
    expect(built.ExpressionAttributeNames).toEqual({ '#n0': 'status' });
  });

  test('ONLY_NEW is attribute_not_exists(id)', () => {
    expect(buildExpression(undefined, [ONLY_NEW])).toEqual({
      ConditionExpression: 'attribute_not_exists(#n0)',
      ExpressionAttributeNames: { '#n0': 'id' },
    });
  });

  test('an empty IN list is refused (DynamoDB would reject it, and it can never hold)', () => {
    expect(() => buildExpression(undefined, [{ attr: 'status', in: [] }])).toThrow(/empty IN list for status/);
  });

  test('nothing to build: no keys at all', () => {
    expect(buildExpression(undefined, [])).toEqual({});
    expect(buildExpression({}, [])).toEqual({});
  });
});

describe('buildExpression: changes', () => {
  test.each<[string, Change, string, Record<string, string>, Record<string, unknown>]>([
    [
      'set',
      { set: { status: 'CONFIRMED', chargeId: null } },
      'SET #n0 = :v0, #n1 = :v1',
      { '#n0': 'status', '#n1': 'chargeId' },
      { ':v0': 'CONFIRMED', ':v1': null },
    ],
    ['setIfAbsent', { setIfAbsent: { firstSeenAt: 't' } }, 'SET #n0 = if_not_exists(#n0, :v0)', { '#n0': 'firstSeenAt' }, { ':v0': 't' }],
    ['add', { add: { balance: -5 } }, 'SET #n0 = if_not_exists(#n0, :v0) + :v1', { '#n0': 'balance' }, { ':v0': 0, ':v1': -5 }],
    [
      'append',
      { append: { history: ['x'] } },
      'SET #n0 = list_append(if_not_exists(#n0, :v0), :v1)',
      { '#n0': 'history' },
      { ':v0': [], ':v1': ['x'] },
    ],
    [
      'remove',
      { remove: ['paymentFailureCode', 'paymentFailureMessage'] },
      'REMOVE #n0, #n1',
      { '#n0': 'paymentFailureCode', '#n1': 'paymentFailureMessage' },
      {},
    ],
    [
      'set and remove together',
      { set: { intentCancelResolvedAt: 't' }, remove: ['intentCancelStatus'] },
      'SET #n0 = :v0 REMOVE #n1',
      { '#n0': 'intentCancelResolvedAt', '#n1': 'intentCancelStatus' },
      { ':v0': 't' },
    ],
  ])('%s', (_, change, expression, names, values) => {
    const built = buildExpression(change);
    expect(built.UpdateExpression).toBe(expression);
    expect(built.ConditionExpression).toBeUndefined();
    expect(built.ExpressionAttributeNames).toEqual(names);
    expect(built.ExpressionAttributeValues ?? {}).toEqual(values);
  });

  test('a change and its conditions number their placeholders together (no collisions)', () => {
    const built = buildExpression({ set: { status: 'COMPLETED', completedAt: 't' } }, [
      { attr: 'status', eq: 'CONFIRMED' },
      { attr: 'latePaymentRefundId', absent: true },
    ]);
    expect(built).toEqual({
      UpdateExpression: 'SET #n0 = :v0, #n1 = :v1',
      ConditionExpression: '#n0 = :v2 AND attribute_not_exists(#n2)',
      ExpressionAttributeNames: { '#n0': 'status', '#n1': 'completedAt', '#n2': 'latePaymentRefundId' },
      ExpressionAttributeValues: { ':v0': 'COMPLETED', ':v1': 't', ':v2': 'CONFIRMED' },
    });
  });
});
