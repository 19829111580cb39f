import { jsonResponse, toHttpResponse } from '@/lib/http/errors';
import { marketplaceMode } from '@/lib/server/mode';
import { callerToken, toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Re-issues the session cookie with the account's current groups (after "Become a provider").
 * In AWS mode the browser refreshes its Cognito tokens through Amplify Auth instead.
 */
export async function POST(req: Request): Promise<Response> {
  if (marketplaceMode() !== 'local')
    return toResponse(jsonResponse(404, { error: 'Refresh the session with Amplify Auth', code: 'NOT_FOUND' }));
  try {
    const token = callerToken(req);
    if (!token) return toResponse(jsonResponse(401, { error: 'Please log in to continue', code: 'UNAUTHENTICATED' }));
    const { localRefreshSession } = await import('@/lib/local/app');
    const session = await localRefreshSession(token);
    if (!session)
      return toResponse(jsonResponse(401, { error: 'Your session has expired. Please log in again.', code: 'UNAUTHENTICATED' }));
    return signedInResponse(req, 200, session);
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
