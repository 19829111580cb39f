import { loginRequest } from '@/lib/http/auth';
import { jsonResponse } from '@/lib/http/errors';
import { limitSignIn } from '@/lib/server/auth-rate-limits';
import { accountRoute } from '@/lib/server/auth-route';
import { toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/**
 * Sign-in within the sign-in limits. Local mode checks the scrypt hash and sets a signed session cookie (a new
 * session); AWS mode signs in to Cognito (USER_PASSWORD_AUTH) and keeps its tokens in http-only cookies.
 */
export const POST = accountRoute({
  missing: 'No sign-in on this server',
  local: async (req, body) => {
    const { email, password } = loginRequest.parse(body);
    const { localLogin } = await import('@/lib/local/app');
    const session = await limitSignIn(req, email, () => localLogin(email, password));
    if (!session) return toResponse(jsonResponse(401, { error: 'Wrong email or password', code: 'UNAUTHENTICATED' }));
    return signedInResponse(req, 200, session);
  },
  aws: async (req, body) => (await import('@/lib/server/aws-account-routes')).awsLogin(req, body),
});
