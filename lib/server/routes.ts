import { SESSION_COOKIE } from '../auth/local-session';
import { toHttpResponse, type HttpResponse } from '../http/errors';
import { invokeFunction, invokeWebhook, type ActionFunctionName } from './invoke';
import { marketplaceMode, serverAppUrl } from './mode';
import { readGuardedJson, readLimitedText } from './request-guard';

export function toResponse(res: HttpResponse): Response {
  return new Response(res.body, { status: res.statusCode, headers: res.headers });
}

/** The caller's token: the session cookie set at login, or a bearer token for API clients. */
export function callerToken(req: Request): string | undefined {
  const auth = req.headers.get('authorization');
  if (auth?.startsWith('Bearer ')) return auth.slice(7);
  const cookie = req.headers.get('cookie') ?? '';
  for (const part of cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

/** `POST /api/<function>` with `{ action, ...fields }` → the function, with the caller's token beside it. */
export function actionRoute(name: ActionFunctionName) {
  return async function POST(req: Request): Promise<Response> {
    try {
      const { action, ...payload } = await readGuardedJson(req, { appUrl: serverAppUrl() });
      // AWS mode: the Cognito ID token from the session cookie (renewed when it expired) or a bearer token.
      const { token, setCookies } =
        marketplaceMode() === 'aws' ? await (await import('./aws-session')).awsCaller(req) : { token: callerToken(req), setCookies: [] };
      // the action as sent: the function's envelope check answers 400 for one that is not a string
      const res = toResponse(await invokeFunction(name, { action, payload, token }));
      for (const c of setCookies) res.headers.append('set-cookie', c);
      return res;
    } catch (err) {
      return toResponse(toHttpResponse(err));
    }
  };
}

/** Stripe's events are far below this; a larger body is not Stripe's. */
const MAX_WEBHOOK_BODY_BYTES = 512 * 1024;

/** Stripe's signature covers the exact bytes: pass the raw body through untouched. */
export async function webhookRoute(req: Request): Promise<Response> {
  const headers: Record<string, string> = {};
  req.headers.forEach((value, key) => (headers[key] = value));
  try {
    const body = await readLimitedText(req, MAX_WEBHOOK_BODY_BYTES);
    return toResponse(await invokeWebhook({ headers, body, isBase64Encoded: false }));
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
