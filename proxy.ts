/**
 * Pages: a Content-Security-Policy with a fresh nonce per request. Next.js reads the nonce from the request's policy
 * while rendering and puts it on its own inline and bundle scripts, so an injected script (without it) does not run.
 * This is why every page renders per request (app/layout.tsx awaits connection()). The other security headers, and
 * the nonce-less policy of API routes and static files, come from next.config.ts.
 */
import { NextResponse, type NextRequest } from 'next/server';
import { contentSecurityPolicy } from './lib/server/security-headers';
import { securityHeaderSettings } from './lib/server/security-header-settings';

const settings = securityHeaderSettings();

function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

export function proxy(request: NextRequest): NextResponse {
  const policy = contentSecurityPolicy({ ...settings, nonce: newNonce() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('content-security-policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Not API routes, Next's static files or image optimiser: they carry no HTML whose scripts need the nonce.
      source: '/((?!api(?:/|$)|_next/static/|_next/image|favicon\\.ico$).*)',
      // Router prefetches fetch flight data, never a document, so they need no fresh nonce.
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
