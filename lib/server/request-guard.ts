/**
 * What every state-changing route checks before it reads a body (the Stripe webhook excepted: its signature is its
 * proof). In order:
 * 1. Cross-site requests are refused (403) when the request rides on cookies. A browser names where a request comes
 *    from (`Sec-Fetch-Site`, `Origin`) and an attacker's page cannot change that; a request that names neither did not
 *    come from a browser, so it cannot carry a victim's cookies (the rule of Go's CrossOriginProtection). A request with
 *    `Authorization: Bearer …` proves itself and is exempt.
 * 2. JSON only (415): an HTML form can send urlencoded, multipart or text/plain bodies cross-site, never JSON.
 * 3. A body size limit (413), from Content-Length when it is sent and while reading otherwise.
 */
import { AppError } from '../http/errors';

/** A JSON body larger than this is refused: the largest legitimate request (a service with its description) is far below. */
export const MAX_JSON_BODY_BYTES = 64 * 1024;

export interface GuardOptions {
  /** The app's public URL (APP_URL): its origin is ours. */
  appUrl: string;
  maxBytes?: number;
}

/** True when the request proves itself with a bearer token rather than the session cookie. */
export function hasBearerToken(req: Request): boolean {
  return req.headers.get('authorization')?.startsWith('Bearer ') ?? false;
}

/** The origins a browser may send same-origin requests from: the app's URL, and the one this request was addressed to. */
function ownOrigins(req: Request, appUrl: string): Set<string> {
  const origins = new Set<string>();
  for (const url of [appUrl, req.url]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // a malformed APP_URL is a configuration error reported elsewhere; it must not open the door here
    }
  }
  return origins;
}

/** Refuses a cookie-carrying request that a browser says came from another site. */
export function refuseCrossSite(req: Request, appUrl: string): void {
  if (hasBearerToken(req)) return;
  const site = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  if (site !== null && site !== 'same-origin') throw crossSite({ secFetchSite: site });
  if (origin !== null && !ownOrigins(req, appUrl).has(origin)) throw crossSite({ origin });
}

function crossSite(details: Record<string, string>): AppError {
  return new AppError('CROSS_SITE_REQUEST', 'This request came from another site and was refused', details);
}

/** Refuses a body that is not declared as JSON. */
export function requireJsonContentType(req: Request): void {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type !== 'application/json') {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON (Content-Type: application/json)', {
      contentType: type || null,
    });
  }
}

/** The body as text, refused (413) as soon as it is known to exceed `maxBytes`. */
export async function readLimitedText(req: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new AppError('PAYLOAD_TOO_LARGE', `The request body is larger than ${Math.floor(maxBytes / 1024)} KB`, { maxBytes });
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!req.body) return '';
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The checks above, then the body parsed: a JSON object, or a 400. Every state-changing route reads its body here.
 */
export async function readGuardedJson(req: Request, options: GuardOptions): Promise<Record<string, unknown>> {
  refuseCrossSite(req, options.appUrl);
  requireJsonContentType(req);
  const text = await readLimitedText(req, options.maxBytes ?? MAX_JSON_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_JSON', 'The request body must be JSON');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppError('INVALID_JSON', 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}
