import { describe, expect, test } from 'vitest';
import { NEWER_FIELDS } from '../../lib/local/stripe-emulator/spec/exceptions';
import responses from '../../lib/local/stripe-emulator/spec/responses.json';
import type { ObjectSchema, ResponseSpec } from '../../lib/local/stripe-emulator/spec/schema';
import { validateObject } from '../../lib/local/stripe-emulator/spec/validate-object';

/** A small object family shaped like the spec's: a charge with an expandable customer, a card, metadata. */
const schemas: Record<string, ObjectSchema> = {
  thing: {
    t: 'object',
    props: {
      id: { t: 'string' },
      object: { t: 'string', enum: ['thing'] },
      amount: { t: 'integer' },
      rate: { t: 'number', n: true },
      paid: { t: 'boolean' },
      status: { t: 'string', enum: ['succeeded', 'failed'] },
      customer: { t: 'anyOf', of: [{ t: 'string' }, { t: 'ref', ref: 'owner' }], n: true },
      card: { t: 'ref', ref: 'card', n: true },
      tags: { t: 'array', items: { t: 'string' } },
      metadata: { t: 'object', props: {}, extra: { t: 'string' } },
      url: { t: 'string', pattern: '^/v1/things' },
    },
    req: ['amount', 'id', 'object', 'status'],
  },
  owner: {
    t: 'object',
    props: { id: { t: 'string' }, object: { t: 'string', enum: ['owner'] }, email: { t: 'string', n: true } },
    req: ['id', 'object'],
  },
  card: { t: 'object', props: { last4: { t: 'string' }, exp_year: { t: 'integer' } }, req: ['last4'] },
};
const thing: ObjectSchema = { t: 'ref', ref: 'thing' };
const valid = {
  id: 'th_1',
  object: 'thing',
  amount: 1000,
  rate: 0.5,
  paid: true,
  status: 'succeeded',
  customer: 'own_1',
  card: { last4: '4242', exp_year: 2030 },
  tags: ['a', 'b'],
  metadata: { order: '7' },
  url: '/v1/things/th_1',
};
const check = (value: unknown, exceptions = {}) => validateObject(value, thing, { schemas, exceptions });

describe('validateObject', () => {
  test.each<[string, Record<string, unknown>]>([
    ['the full object', {}],
    ['an expanded customer (anyOf: id or object)', { customer: { id: 'own_1', object: 'owner', email: null } }],
    ['a nullable field set to null', { customer: null, card: null, rate: null }],
    ['an integer where a number is expected', { rate: 2 }],
    ['an optional field left out', { paid: undefined, tags: undefined }],
  ])('accepts %s', (_, change) => {
    expect(check(JSON.parse(JSON.stringify({ ...valid, ...change })))).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ['a wrong type', { amount: '1000' }, '$.amount: expected an integer, got string "1000"'],
    ['a fraction where an integer is expected', { amount: 10.5 }, '$.amount: expected an integer, got number 10.5'],
    ['a missing required field', { status: undefined }, '$.status: required by the thing schema but missing'],
    ['an unknown field', { colour: 'red' }, '$.colour: not in the thing schema'],
    ['a bad enum value', { status: 'pending' }, '$.status: "pending" is not one of succeeded, failed'],
    ['null in a non-nullable field', { amount: null }, '$.amount: null, but the field is not nullable'],
    ['a wrong type in a nested object', { card: { last4: 4242 } }, '$.card.last4: expected a string, got number 4242'],
    ['a missing field in a nested object', { card: { exp_year: 2030 } }, '$.card.last4: required by the card schema but missing'],
    ['a wrong array item', { tags: ['a', 1] }, '$.tags[1]: expected a string, got number 1'],
    ['a non-string metadata value', { metadata: { n: 1 } }, '$.metadata.n: expected a string, got number 1'],
    [
      'an unknown field of an expanded object',
      { customer: { id: 'own_1', object: 'owner', age: 3 } },
      '$.customer.age: not in the owner schema',
    ],
    ['a value matching no anyOf member', { customer: 7 }, '$.customer: expected one of string | owner, got number 7'],
    ['a string not matching the pattern', { url: '/v1/other' }, '$.url: "/v1/other" does not match ^/v1/things'],
    ['an array where an object is expected', { card: [] }, '$.card: expected an object (card), got an array'],
  ])('rejects %s', (_, change, problem) => {
    expect(check(JSON.parse(JSON.stringify({ ...valid, ...change })))).toEqual([problem]);
  });

  test('an unknown field on the exception list is accepted', () => {
    const value = { ...valid, colour: 'red' };
    expect(check(value, { thing: { colour: 'newer than the spec' } })).toEqual([]);
    expect(check(value, { owner: { colour: 'only on owners' } })).toEqual(['$.colour: not in the thing schema']);
  });

  test('reports every problem, with its path', () => {
    expect(check({ ...valid, amount: null, status: 'nope', extra: 1 })).toEqual([
      '$.amount: null, but the field is not nullable',
      '$.status: "nope" is not one of succeeded, failed',
      '$.extra: not in the thing schema',
    ]);
  });
});

describe('the extracted Stripe schemas (API 2023-08-16)', () => {
  const spec = responses as unknown as ResponseSpec;
  const opts = { schemas: spec.schemas, exceptions: NEWER_FIELDS };
  const fee = { amount: 59, application: null, currency: 'usd', description: 'Stripe processing fees', type: 'stripe_fee' };
  const bt = {
    id: 'txn_1',
    object: 'balance_transaction',
    amount: 1000,
    available_on: 1,
    created: 1,
    currency: 'usd',
    description: null,
    exchange_rate: null,
    fee: 59,
    fee_details: [fee],
    net: 941,
    reporting_category: 'charge',
    source: 'ch_1',
    status: 'pending',
    type: 'charge',
  };

  const one = 'GET /v1/balance_transactions/*';
  const list = 'GET /v1/balance_transactions';
  test.each<[string, string, unknown, string[]]>([
    ['a balance transaction', one, bt, []],
    ['a list of them', list, { object: 'list', data: [bt], has_more: false, url: '/v1/balance_transactions' }, []],
    ['a bad type enum', one, { ...bt, type: 'gift' }, ['$.type: "gift" is not one of']],
    [
      'a fee detail without its type',
      one,
      { ...bt, fee_details: [{ ...fee, type: undefined }] },
      ['$.fee_details[0].type: required by the fee schema but missing'],
    ],
    [
      'a list with a foreign url',
      list,
      { object: 'list', data: [], has_more: false, url: '/v1/charges' },
      ['$.url: "/v1/charges" does not match ^/v1/balance_transactions'],
    ],
  ])('%s (%s)', (_, operation, value, problems) => {
    const found = validateObject(JSON.parse(JSON.stringify(value)), spec.operations[operation] as ObjectSchema, opts);
    expect(found).toHaveLength(problems.length);
    problems.forEach((p, i) => expect(found[i]).toContain(p));
  });

  test('every exception names a schema of the spec and a field it lacks', () => {
    for (const [schema, fields] of Object.entries(NEWER_FIELDS)) {
      const s = spec.schemas[schema];
      expect(s?.t).toBe('object');
      for (const [field, reason] of Object.entries(fields)) {
        expect(s?.t === 'object' && field in s.props).toBe(false);
        expect(reason.length).toBeGreaterThan(10);
      }
    }
  });
});
