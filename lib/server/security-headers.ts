/**
 * The security headers of every response, built in one place from what the pages actually load. Pure: the callers
 * (next.config.ts for every path, proxy.ts for pages with a per-request nonce) read the environment and pass it in.
 *
 * What the browser loads, by mode:
 * - both: the app's own scripts, styles, fonts and API (`'self'`), data: images (the favicon, the check-in QR code).
 * - local: the card forms call the Stripe emulator's API straight from the browser (lib/client/emulator-stripe.ts,
 *   components/credits/api.ts). Its hosted pages (Checkout, Connect onboarding, 3-D Secure) are reached by top-level
 *   navigation, which no CSP directive governs, and their forms are the emulator's documents, not ours.
 * - aws: Stripe.js from js.stripe.com with its frames (Payment Element, 3-D Secure on hooks.stripe.com) and its calls
 *   to api.stripe.com, as Stripe's integration security guide lists them; Amplify Auth calls Cognito in the region
 *   of the user pool.
 */
export type SecurityHeaderMode = 'local' | 'aws';

export interface SecurityHeaderOptions {
  /** Which payment front end the browser runs: the emulator's API (local) or Stripe.js (aws). */
  mode: SecurityHeaderMode;
  /** The app's public URL: HSTS is sent only when it is https (a browser ignores HSTS over http anyway). */
  appUrl: string;
  /** NEXT_PUBLIC_STRIPE_API_BASE: the origin the local card forms call. */
  stripeApiBase: string;
  /** AWS mode: the region of the Cognito user pool Amplify Auth signs in against; absent, sign-in is not configured. */
  cognitoRegion?: string;
  /** A fresh value per page request, which Next.js stamps on its own scripts; absent for responses that are not pages. */
  nonce?: string;
  /** `next dev`: React rebuilds server error stacks in the browser with eval. */
  dev: boolean;
}

export interface HttpHeader {
  key: string;
  value: string;
}

/** Stripe.js and the frames it opens (Stripe's integration security guide, "Content Security Policy"). */
export const STRIPE_JS_ORIGINS = ['https://js.stripe.com', 'https://*.js.stripe.com'] as const;
export const STRIPE_FRAME_ORIGINS = [...STRIPE_JS_ORIGINS, 'https://hooks.stripe.com'] as const;
export const STRIPE_API_ORIGIN = 'https://api.stripe.com';

/** Two years, the preload list's expectation. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains';

/** Base64 (standard or URL-safe): anything else could end the directive and smuggle in a source. */
const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
/** An AWS region name, e.g. us-east-1 or us-gov-west-1. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

function originOf(url: string, what: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${what} is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`${what} must be http(s): ${JSON.stringify(url)}`);
  return parsed.origin;
}

function cognitoOrigins(region: string | undefined): string[] {
  if (region === undefined) return [];
  if (!REGION_PATTERN.test(region)) throw new Error(`cognitoRegion is not an AWS region: ${JSON.stringify(region)}`);
  // The user pool (sign-in, tokens) and the identity pool Amplify Gen 2 creates beside it (fetchAuthSession).
  return [`https://cognito-idp.${region}.amazonaws.com`, `https://cognito-identity.${region}.amazonaws.com`];
}

/** The Content-Security-Policy value: only what the pages load, for the mode. */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  const { mode, nonce, dev } = options;
  if (nonce !== undefined && !NONCE_PATTERN.test(nonce)) throw new Error('nonce must be at least 16 base64 characters');
  const aws = mode === 'aws';

  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    [
      'script-src',
      [
        "'self'",
        // Next.js's inline bootstrap and flight-data scripts carry the nonce; nothing else inline may run.
        ...(nonce ? [`'nonce-${nonce}'`] : []),
        ...(aws ? STRIPE_JS_ORIGINS : []),
        ...(dev ? ["'unsafe-eval'"] : []),
      ],
    ],
    // Inline styles stay allowed: the pages render React `style` props as style attributes, which no nonce or hash
    // can cover, and a nonce here would make browsers ignore 'unsafe-inline'.
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    [
      'connect-src',
      [
        "'self'",
        ...(aws ? [STRIPE_API_ORIGIN, ...cognitoOrigins(options.cognitoRegion)] : [originOf(options.stripeApiBase, 'stripeApiBase')]),
      ],
    ],
    ['frame-src', aws ? [...STRIPE_FRAME_ORIGINS] : ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'self'"]],
    // Every form of the app submits through fetch to its own API; no form posts to Stripe or the emulator.
    ['form-action', ["'self'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Browser features the pages never use are off; Stripe.js may ask for the Payment Request API in AWS mode. */
export function permissionsPolicy(mode: SecurityHeaderMode): string {
  const payment = mode === 'aws' ? `(self "${STRIPE_JS_ORIGINS[0]}")` : '()';
  return `camera=(), microphone=(), geolocation=(), usb=(), payment=${payment}`;
}

/** Whether to send Strict-Transport-Security: a production server whose public URL is https. */
export function sendsHsts({ appUrl, dev }: Pick<SecurityHeaderOptions, 'appUrl' | 'dev'>): boolean {
  return !dev && originOf(appUrl, 'appUrl').startsWith('https:');
}

/** Every security header of a response, in the shape next.config.ts `headers()` takes. */
export function securityHeaders(options: SecurityHeaderOptions): HttpHeader[] {
  return [
    { key: 'Content-Security-Policy', value: contentSecurityPolicy(options) },
    ...(sendsHsts(options) ? [{ key: 'Strict-Transport-Security', value: HSTS_VALUE }] : []),
    { key: 'Permissions-Policy', value: permissionsPolicy(options.mode) },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    // Older browsers that ignore frame-ancestors still refuse to frame the app.
    { key: 'X-Frame-Options', value: 'DENY' },
  ];
}
