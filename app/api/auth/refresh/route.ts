import { jsonResponse } from '@/lib/http/errors';
import { localAuthRoute } from '@/lib/server/auth-route';
import { callerToken, toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Re-issues the session cookie with the account's current groups (after "Become a provider"): the same session, no
 * longer. In AWS mode the browser refreshes its Cognito tokens through Amplify Auth instead.
 */
export const POST = localAuthRoute('Refresh the session with Amplify Auth', async (req) => {
  const token = callerToken(req);
  if (!token) return toResponse(jsonResponse(401, { error: 'Please log in to continue', code: 'UNAUTHENTICATED' }));
  const { localRefreshSession } = await import('@/lib/local/app');
  const session = await localRefreshSession(token);
  if (!session) return toResponse(jsonResponse(401, { error: 'Your session has expired. Please log in again.', code: 'UNAUTHENTICATED' }));
  return signedInResponse(req, 200, session);
});
