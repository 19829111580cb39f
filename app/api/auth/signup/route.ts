import { signupRequest } from '@/lib/http/auth';
import { limitSignUp } from '@/lib/server/auth-rate-limits';
import { accountRoute } from '@/lib/server/auth-route';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/**
 * Sign-up within the sign-up limit. Local mode creates the account and profile, then signs in (http-only session
 * cookie); AWS mode creates the Cognito user, which must confirm the code mailed to it (/api/auth/confirm).
 */
export const POST = accountRoute({
  missing: 'No sign-up on this server',
  local: async (req, body) => {
    const input = signupRequest.parse(body);
    const { localSignup } = await import('@/lib/local/app');
    await limitSignUp(req);
    return signedInResponse(req, 201, await localSignup(input));
  },
  aws: async (req, body) => (await import('@/lib/server/aws-account-routes')).awsSignup(req, body),
});
