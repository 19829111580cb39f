import { describe, expect, it } from 'vitest';
import { ApiError, apiErrorMessage, errorMessage, fieldErrors, requestJson } from '../../lib/client/http';

const OURS = {
  unauthenticated: 'Please log in to continue.',
  forbidden: "You don't have access to this.",
  notFound: "We couldn't find what you were looking for.",
  slot: 'Someone just booked this slot — please pick another.',
  invalid: 'Some of the details are not valid. Please check them and try again.',
  declined: 'Your card was declined. Try another card.',
  providerNotReady: "This provider can't take bookings right now. Please try again later.",
  conflict: 'This changed in the meantime. Please refresh the page and try again.',
  paymentProvider: 'Our payment provider is not answering right now. Please try again in a moment.',
  internal: 'Something went wrong on our side. Please try again.',
  network: "We couldn't reach the server. Check your connection and try again.",
  generic: 'Something went wrong. Please try again.',
};

describe('apiErrorMessage: the words a failed answer shows', () => {
  it.each([
    // The server's sentence for a 4xx: it says what exactly is wrong.
    [
      'signup: the email is taken',
      409,
      'CONFLICT',
      { error: 'An account with this email already exists. Log in instead.', code: 'CONFLICT' },
      'An account with this email already exists. Log in instead.',
    ],
    [
      'service form: the rules found one problem',
      400,
      'VALIDATION_FAILED',
      {
        error: 'Please fix 2 problems with the service details.',
        code: 'VALIDATION_FAILED',
        details: { fields: { title: 'Enter a title.' } },
      },
      'Please fix 2 problems with the service details.',
    ],
    [
      'credits: too few',
      400,
      'INSUFFICIENT_CREDITS',
      { error: 'This booking costs 5,000 credits; you have 1,000.', code: 'INSUFFICIENT_CREDITS' },
      'This booking costs 5,000 credits; you have 1,000.',
    ],
    [
      'a booking that moved on',
      409,
      'INVALID_TRANSITION',
      { error: 'The hold on this time slot has ended. Please book again.', code: 'INVALID_TRANSITION' },
      'The hold on this time slot has ended. Please book again.',
    ],
    ['admin: a refund rule', 400, 'BAD_REQUEST', { error: 'Nothing to refund', code: 'BAD_REQUEST' }, 'Nothing to refund'],
    [
      'a code we have no words for',
      409,
      'REFUND_ON_HOLD',
      { error: 'A refund dispute is open for this booking.', code: 'REFUND_ON_HOLD' },
      'A refund dispute is open for this booking.',
    ],
    // Our words for the codes we own, whatever the server says.
    [
      'logged out',
      401,
      'UNAUTHENTICATED',
      { error: 'Invalid session. Please log in again.', code: 'UNAUTHENTICATED' },
      OURS.unauthenticated,
    ],
    [
      'a request refused as cross-site',
      403,
      'CROSS_SITE_REQUEST',
      { error: 'This request came from another site and was refused', code: 'CROSS_SITE_REQUEST' },
      'This request came from another site, so we did not carry it out. Please try again from this page.',
    ],
    [
      'a server that refuses local sign-in',
      503,
      'MISCONFIGURED',
      { error: 'Local sign-in is off in production: deploy with NEXT_PUBLIC_MARKETPLACE_MODE=aws, …', code: 'MISCONFIGURED' },
      'Sign-in is not available on this server right now. Please try again later.',
    ],
    ['a role the caller lacks', 403, 'FORBIDDEN', { error: 'This action needs the PROVIDER role', code: 'FORBIDDEN' }, OURS.forbidden],
    ['a record that is not there', 404, 'NOT_FOUND', { error: 'Booking not found', code: 'NOT_FOUND' }, OURS.notFound],
    [
      'a slot someone just took',
      409,
      'SLOT_UNAVAILABLE',
      { error: 'This time slot was just booked by someone else. Please pick another time.', code: 'SLOT_UNAVAILABLE' },
      OURS.slot,
    ],
    [
      'a provider without payments',
      400,
      'PROVIDER_NOT_READY',
      { error: 'Provider payment processing not set up', code: 'PROVIDER_NOT_READY' },
      OURS.providerNotReady,
    ],
    [
      'a declined saved card',
      402,
      'PAYMENT_DECLINED',
      { error: 'Your card has insufficient funds.', code: 'PAYMENT_DECLINED' },
      OURS.declined,
    ],
    // A request the schema refused is the page's mistake: our words (the fields still reach the form).
    [
      'a request the schema refused',
      400,
      'VALIDATION_FAILED',
      { error: 'Invalid request', code: 'VALIDATION_FAILED', details: { issues: [{ path: 'title', message: 'Enter a title' }] } },
      OURS.invalid,
    ],
    // 5xx: never the server's text.
    ['a server failure', 500, 'INTERNAL', { error: 'Internal error', code: 'INTERNAL' }, OURS.internal],
    [
      'Stripe not answering',
      502,
      'PAYMENT_PROVIDER_ERROR',
      { error: 'The payment provider is unavailable. Please try again.', code: 'PAYMENT_PROVIDER_ERROR' },
      OURS.paymentProvider,
    ],
    [
      'a 5xx with a code we do not know',
      503,
      'FUNCTION_ERROR',
      { error: 'Lambda timed out after 30 s', code: 'FUNCTION_ERROR' },
      OURS.generic,
    ],
    // No readable sentence: our words for the code, or a general one.
    ['no body', 409, 'CONFLICT', null, OURS.conflict],
    ['a bare code as the message', 400, 'BAD_REQUEST', { error: 'BAD_REQUEST', code: 'BAD_REQUEST' }, OURS.invalid],
    ['an unknown code without words', 418, 'TEAPOT', {}, OURS.generic],
    ['no answer at all', 0, 'NETWORK', null, OURS.network],
  ])('%s (%i %s)', (_case, status, code, body, expected) => {
    expect(apiErrorMessage(status, code, body)).toBe(expected);
  });
});

/** A fetch that answers `status` with `body` (text as given, objects as JSON), recording what it was asked. */
function answering(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit | undefined }[] = [];
  const fake: typeof fetch = async (input, init) => {
    calls.push({ url: String(input), init });
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status });
  };
  return { fake, calls };
}

describe('requestJson', () => {
  it('posts the JSON body with the session cookie and resolves with the answer', async () => {
    const { fake, calls } = answering(200, { booking: { id: 'b1' } });
    await expect(
      requestJson('POST', '/api/booking-processor', { action: 'GET_BOOKING', bookingId: 'b1' }, { fetch: fake }),
    ).resolves.toEqual({ booking: { id: 'b1' } });
    expect(calls[0]?.url).toBe('/api/booking-processor');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '{"action":"GET_BOOKING","bookingId":"b1"}' });
  });

  it('rejects a 4xx with an ApiError that keeps status, code, details and the server’s sentence', async () => {
    const { fake } = answering(409, {
      error: 'An account with this email already exists. Log in instead.',
      code: 'CONFLICT',
      details: { field: 'email' },
    });
    const err = await requestJson('POST', '/api/auth/signup', {}, { fetch: fake }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 409,
      code: 'CONFLICT',
      details: { field: 'email' },
      message: 'An account with this email already exists. Log in instead.',
    });
  });

  it('takes the code from the status when the body has none, and says so in our words', async () => {
    const { fake } = answering(401, '<html>Unauthorized</html>');
    const err = await requestJson('GET', '/api/auth/me', undefined, { fetch: fake }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: OURS.unauthenticated, isUnauthenticated: true });
  });

  it('turns a network failure into status 0, NETWORK', async () => {
    const failing: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    const err = await requestJson('POST', '/api/payout-manager', {}, { fetch: failing }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'NETWORK', message: OURS.network });
  });

  it('treats a 2xx without a JSON body as an internal error', async () => {
    const { fake } = answering(200, undefined);
    await expect(requestJson('POST', '/api/refund-processor', {}, { fetch: fake })).rejects.toMatchObject({
      status: 200,
      code: 'INTERNAL',
    });
  });
});

describe('a rate limit (429) says how long to wait, in words', () => {
  it.each([
    [
      '4 minutes, from the body',
      { code: 'RATE_LIMITED', details: { retryAfterSeconds: 240 } },
      null,
      'Too many attempts. Try again in 4 minutes.',
    ],
    [
      'rounded up to the minute',
      { code: 'RATE_LIMITED', details: { retryAfterSeconds: 181 } },
      null,
      'Too many attempts. Try again in 4 minutes.',
    ],
    ['seconds', { code: 'RATE_LIMITED', details: { retryAfterSeconds: 45 } }, null, 'Too many attempts. Try again in 45 seconds.'],
    ['one second', { code: 'RATE_LIMITED', details: { retryAfterSeconds: 1 } }, null, 'Too many attempts. Try again in 1 second.'],
    ['a minute exactly', { code: 'RATE_LIMITED', details: { retryAfterSeconds: 60 } }, null, 'Too many attempts. Try again in 1 minute.'],
    [
      '15 minutes (a sign-in block)',
      { code: 'RATE_LIMITED', details: { retryAfterSeconds: 900 } },
      null,
      'Too many attempts. Try again in 15 minutes.',
    ],
    [
      'an hour and some',
      { code: 'RATE_LIMITED', details: { retryAfterSeconds: 3900 } },
      null,
      'Too many attempts. Try again in 1 hour and 5 minutes.',
    ],
    ['whole hours', { code: 'RATE_LIMITED', details: { retryAfterSeconds: 7200 } }, null, 'Too many attempts. Try again in 2 hours.'],
    ['a day', { code: 'RATE_LIMITED', details: { retryAfterSeconds: 86400 } }, null, 'Too many attempts. Try again in 1 day.'],
    ['the header when the body has no seconds', { code: 'RATE_LIMITED' }, '120', 'Too many attempts. Try again in 2 minutes.'],
    [
      'the body wins over the header',
      { code: 'RATE_LIMITED', details: { retryAfterSeconds: 30 } },
      '600',
      'Too many attempts. Try again in 30 seconds.',
    ],
    [
      'a date-form header is not read as seconds',
      { code: 'RATE_LIMITED' },
      'Wed, 21 Oct 2026 07:28:00 GMT',
      'Too many attempts. Please wait a moment and try again.',
    ],
    ['nothing to go by', null, null, 'Too many attempts. Please wait a moment and try again.'],
    [
      "the server's own sentence is not shown",
      { error: 'rate limit exceeded for key payment:u1', code: 'RATE_LIMITED' },
      null,
      'Too many attempts. Please wait a moment and try again.',
    ],
  ])('%s', (_case, body, header, expected) => {
    expect(apiErrorMessage(429, 'RATE_LIMITED', body, header)).toBe(expected);
  });

  it('requestJson reads the code from the status and the wait from Retry-After when the body has neither', async () => {
    const fake: typeof fetch = async () => new Response('Too Many Requests', { status: 429, headers: { 'retry-after': '240' } });
    const err = await requestJson('POST', '/api/auth/login', {}, { fetch: fake }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: 'Too many attempts. Try again in 4 minutes.' });
  });

  it('a store outage (503 UNAVAILABLE) is not called a payment problem', () => {
    expect(apiErrorMessage(503, 'UNAVAILABLE', { error: 'x', code: 'UNAVAILABLE' })).toBe(
      'This is unavailable for a moment. Please try again shortly.',
    );
  });
});

describe('errorMessage and fieldErrors', () => {
  it('shows an ApiError’s words, and ours for anything else', () => {
    expect(errorMessage(new ApiError(400, 'BAD_REQUEST', 'Nothing to refund'))).toBe('Nothing to refund');
    expect(errorMessage(new TypeError('x is undefined'))).toBe(OURS.internal);
  });

  it('reads per-field messages from the service rules and from request validation, the rules first', () => {
    const err = new ApiError(400, 'VALIDATION_FAILED', 'x', {
      fields: { title: 'Enter a title.' },
      issues: [
        { path: 'title', message: 'Expected string' },
        { path: 'priceCents', message: 'The price must be a number of cents' },
      ],
    });
    expect(fieldErrors(err)).toEqual({ title: 'Enter a title.', priceCents: 'The price must be a number of cents' });
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
});
