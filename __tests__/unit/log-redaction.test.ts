import { describe, expect, it } from 'vitest';
import { REDACTED, redactLogValue, redactText } from '../../lib/observability/logger';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln-bmF0_dXJl';

describe('the log redaction rule', () => {
  it.each([
    ['a Stripe secret key', 'key sk_test_51Abc_def', `key ${REDACTED}`],
    ['a live restricted key', 'rk_live_ABC123', REDACTED],
    ['a webhook signing secret', 'secret=whsec_abc123', `secret=${REDACTED}`],
    ['a client secret', 'pi_3Abc_secret_XyZ9 sent', `${REDACTED} sent`],
    ['a whole JWT', `Bearer ${JWT}`, `Bearer ${REDACTED}`],
    ['a Stripe signature header', 't=1700000000,v1=abcdef0123,v0=ff00', REDACTED],
    ['a card number', 'card 4242424242424242 declined', `card ${REDACTED} declined`],
    ['a grouped card number', '4000 0025 0000 3155', REDACTED],
    ['a dashed card number', '4000-0000-0000-0077', REDACTED],
  ])('replaces %s inside a string', (_what, input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    ['an id', 'bk_0123abcd'],
    ['an event id', 'evt_1PqRsT'],
    ['an amount in a sentence', 'refunded 2500 of 12000 cents'],
    ['a date', '2026-12-07T16:00:00.000Z'],
    ['a short code', 'ci_0123456789abcdef'],
  ])('leaves %s alone', (_what, input) => {
    expect(redactText(input)).toBe(input);
  });

  it.each([['token'], ['authorization'], ['password'], ['stripe-signature'], ['card'], ['client_secret']])(
    'drops the whole value under the key %s',
    (key) => {
      expect(redactLogValue(key, 'anything at all')).toBe(REDACTED);
      expect(redactLogValue(key, { last4: '4242' })).toBe(REDACTED);
    },
  );

  it('redacts an error’s message and stack, keeping its name', () => {
    const err = new TypeError(`bad key sk_live_abc123 for ${JWT}`);
    const out = redactLogValue('error', err) as Error;
    expect(out).toBeInstanceOf(Error);
    expect(out.name).toBe('TypeError');
    expect(out.message).toBe(`bad key ${REDACTED} for ${REDACTED}`);
    expect(out.stack).not.toMatch(/sk_live|eyJ/);
  });

  it('keeps numbers and other keys as they are', () => {
    expect(redactLogValue('durationMs', 1234)).toBe(1234);
    expect(redactLogValue('action', 'CREATE_BOOKING')).toBe('CREATE_BOOKING');
    expect(redactLogValue('token', '')).toBe('');
  });
});
