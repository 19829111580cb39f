import { jsonResponse, toHttpResponse } from '@/lib/http/errors';
import { invokeFunction } from '@/lib/server/invoke';
import { marketplaceMode, serverAppUrl } from '@/lib/server/mode';
import { readGuardedJson } from '@/lib/server/request-guard';
import { callerToken, toResponse } from '@/lib/server/routes';
import { clearedSessionCookie } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/**
 * Signs the caller's session out: it goes on the revocation list, so the token is refused from now on even where it
 * was copied, and the cookies are cleared. In AWS mode the sign-in's refresh token is revoked at Cognito too, so no
 * new token can be minted from it.
 */
export async function POST(req: Request): Promise<Response> {
  try {
    await readGuardedJson(req, { appUrl: serverAppUrl() });
    if (marketplaceMode() === 'aws') {
      const { awsCaller } = await import('@/lib/server/aws-session');
      const { awsAccounts, awsRefreshTokenOf, clearedAwsCookies } = await import('@/lib/server/aws-accounts');
      const { token } = await awsCaller(req);
      if (token) await invokeFunction('stripe-connect', { action: 'SIGN_OUT', payload: {}, token });
      const refreshToken = awsRefreshTokenOf(req);
      if (refreshToken) await awsAccounts().revokeRefreshToken(refreshToken);
      const res = toResponse(jsonResponse(200, { ok: true }));
      for (const c of clearedAwsCookies(req)) res.headers.append('set-cookie', c);
      return res;
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
