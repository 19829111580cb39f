import { jsonResponse } from '@/lib/http/errors';
import { accountRoute } from '@/lib/server/auth-route';
import { callerToken, toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Re-issues the session with the account's current groups (after "Become a provider"). Local mode: the same session,
 * no longer. AWS mode: a new ID token from the sign-in's refresh token (Cognito puts the current groups in it).
 */
export const POST = accountRoute({
  missing: 'No sessions on this server',
  local: async (req) => {
    const token = callerToken(req);
    if (!token) return toResponse(jsonResponse(401, { error: 'Please log in to continue', code: 'UNAUTHENTICATED' }));
    const { localRefreshSession } = await import('@/lib/local/app');
    const session = await localRefreshSession(token);
    if (!session)
      return toResponse(jsonResponse(401, { error: 'Your session has expired. Please log in again.', code: 'UNAUTHENTICATED' }));
    return signedInResponse(req, 200, session);
  },
  aws: async (req) => (await import('@/lib/server/aws-account-routes')).awsRefresh(req),
});
