import { describe, expect, test } from 'vitest';
import {
  contentSecurityPolicy,
  HSTS_VALUE,
  securityHeaders,
  type HttpHeader,
  type SecurityHeaderOptions,
} from '../../lib/server/security-headers';

const NONCE = 'q0Zk9mXcV2pL8sR4tY7uW1aB';
const EMULATOR = 'http://127.0.0.1:12111';
const LOCAL: SecurityHeaderOptions = { mode: 'local', appUrl: 'http://localhost:3000', stripeApiBase: EMULATOR, dev: false };
const AWS: SecurityHeaderOptions = {
  mode: 'aws',
  appUrl: 'https://book.example.com',
  stripeApiBase: 'https://api.stripe.com',
  cognitoRegion: 'eu-west-1',
  dev: false,
};

/** "a x y; b z" → { a: ['x', 'y'], b: ['z'] }, failing on a directive named twice (browsers keep only the first). */
function directives(policy: string): Record<string, string[]> {
  const parsed: Record<string, string[]> = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(parsed, `${name} twice`).not.toHaveProperty(name);
    parsed[name] = sources;
  }
  return parsed;
}

const headerValue = (headers: HttpHeader[], key: string) => headers.find((header) => header.key === key)?.value;

describe('contentSecurityPolicy', () => {
  test.each<[string, SecurityHeaderOptions, Record<string, string[]>]>([
    [
      'local, a page (nonce)',
      { ...LOCAL, nonce: NONCE },
      { 'script-src': ["'self'", `'nonce-${NONCE}'`], 'connect-src': ["'self'", EMULATOR], 'frame-src': ["'none'"] },
    ],
    ['local, an API route or file (no nonce)', LOCAL, { 'script-src': ["'self'"], 'connect-src': ["'self'", EMULATOR] }],
    [
      'local, the emulator base with a path and trailing slash: its origin only',
      { ...LOCAL, stripeApiBase: 'http://localhost:4242/stripe/' },
      { 'connect-src': ["'self'", 'http://localhost:4242'] },
    ],
    [
      'local against a real Stripe test account',
      { ...LOCAL, stripeApiBase: 'https://api.stripe.com' },
      { 'connect-src': ["'self'", 'https://api.stripe.com'], 'frame-src': ["'none'"] },
    ],
    ['local, next dev', { ...LOCAL, nonce: NONCE, dev: true }, { 'script-src': ["'self'", `'nonce-${NONCE}'`, "'unsafe-eval'"] }],
    [
      'aws, a page',
      { ...AWS, nonce: NONCE },
      {
        'script-src': ["'self'", `'nonce-${NONCE}'`, 'https://js.stripe.com', 'https://*.js.stripe.com'],
        'frame-src': ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
        'connect-src': [
          "'self'",
          'https://api.stripe.com',
          'https://cognito-idp.eu-west-1.amazonaws.com',
          'https://cognito-identity.eu-west-1.amazonaws.com',
        ],
      },
    ],
    [
      'aws without amplify outputs: no Cognito origin',
      { mode: 'aws', appUrl: 'https://book.example.com', stripeApiBase: EMULATOR, dev: false },
      { 'connect-src': ["'self'", 'https://api.stripe.com'] },
    ],
  ])('%s', (_case, options, expected) => {
    const policy = directives(contentSecurityPolicy(options));
    expect(policy).toMatchObject(expected);
    // What holds in every mode:
    expect(policy).toMatchObject({
      'default-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:'],
      'font-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    });
    expect(policy['script-src']).not.toContain("'unsafe-inline'");
    expect(policy['script-src']?.includes("'unsafe-eval'")).toBe(options.dev);
  });

  test.each<[string, Partial<SecurityHeaderOptions>, RegExp]>([
    ['a nonce that could end the directive', { nonce: `${NONCE}'; script-src *` }, /nonce/],
    ['a short nonce', { nonce: 'abc' }, /nonce/],
    ['an emulator base that is not a URL', { stripeApiBase: '127.0.0.1:12111' }, /stripeApiBase/],
    ['an emulator base that is not http(s)', { stripeApiBase: 'javascript:alert(1)' }, /stripeApiBase/],
    ['a Cognito region that is not one', { mode: 'aws', cognitoRegion: 'evil.com/x' }, /cognitoRegion/],
  ])('refuses %s', (_case, override, message) => {
    expect(() => contentSecurityPolicy({ ...LOCAL, ...override })).toThrow(message);
  });
});

describe('securityHeaders', () => {
  test.each<[string, SecurityHeaderOptions, string | undefined, string]>([
    ['local over http (tests, npm run dev)', LOCAL, undefined, 'payment=()'],
    ['local next dev', { ...LOCAL, dev: true }, undefined, 'payment=()'],
    ['aws over https in production', AWS, HSTS_VALUE, 'payment=(self "https://js.stripe.com")'],
    ['aws over https under next dev', { ...AWS, dev: true }, undefined, 'payment=(self "https://js.stripe.com")'],
    ['aws behind an http URL', { ...AWS, appUrl: 'http://127.0.0.1:3000' }, undefined, 'payment=(self "https://js.stripe.com")'],
  ])('%s', (_case, options, hsts, payment) => {
    const headers = securityHeaders(options);
    expect(headers.map((header) => header.key)).toEqual([
      'Content-Security-Policy',
      ...(hsts ? ['Strict-Transport-Security'] : []),
      'Permissions-Policy',
      'X-Content-Type-Options',
      'Referrer-Policy',
      'X-Frame-Options',
    ]);
    expect(headerValue(headers, 'Content-Security-Policy')).toBe(contentSecurityPolicy(options));
    expect(headerValue(headers, 'Strict-Transport-Security')).toBe(hsts);
    expect(headerValue(headers, 'Permissions-Policy')).toBe(`camera=(), microphone=(), geolocation=(), usb=(), ${payment}`);
    expect(headerValue(headers, 'X-Content-Type-Options')).toBe('nosniff');
    expect(headerValue(headers, 'Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(headerValue(headers, 'X-Frame-Options')).toBe('DENY');
  });

  test('HSTS is max-age two years with subdomains', () => {
    expect(HSTS_VALUE).toBe('max-age=63072000; includeSubDomains');
  });

  test('an app URL that is not a URL is refused rather than silently sent without HSTS', () => {
    expect(() => securityHeaders({ ...AWS, appUrl: 'book.example.com' })).toThrow(/appUrl/);
  });
});
