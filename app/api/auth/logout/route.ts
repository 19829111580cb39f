import { jsonResponse, toHttpResponse } from '@/lib/http/errors';
import { invokeFunction } from '@/lib/server/invoke';
import { marketplaceMode, serverAppUrl } from '@/lib/server/mode';
import { readGuardedJson } from '@/lib/server/request-guard';
import { callerToken, toResponse } from '@/lib/server/routes';
import { clearedSessionCookie } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/**
 * Signs the caller's session out: it goes on the revocation list, so the token is refused from now on even where it
 * was copied. Local mode also clears the cookie; in AWS mode the browser then signs out of Amplify Auth, which
 * revokes its refresh token.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    await readGuardedJson(req, { appUrl: serverAppUrl() });
    if (marketplaceMode() === 'aws') {
      const token = await (await import('@/lib/server/aws-session')).awsCallerToken(req);
      if (token) await invokeFunction('stripe-connect', { action: 'SIGN_OUT', payload: {}, token });
      return toResponse(jsonResponse(200, { ok: true }));
    }
    const token = callerToken(req);
    if (token) await (await import('@/lib/local/app')).localLogout(token);
    const res = toResponse(jsonResponse(200, { ok: true }));
    res.headers.append('set-cookie', clearedSessionCookie());
    return res;
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
