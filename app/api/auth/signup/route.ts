import { signupRequest } from '@/lib/http/auth';
import { limitSignUp } from '@/lib/server/auth-rate-limits';
import { localAuthRoute } from '@/lib/server/auth-route';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/** Local mode's sign-up: creates the account and profile, then signs in (http-only session cookie). */
export const POST = localAuthRoute('Sign up with Amplify Auth', async (req, body) => {
  const input = signupRequest.parse(body);
  const { localSignup } = await import('@/lib/local/app');
  await limitSignUp(req);
  return signedInResponse(req, 201, await localSignup(input));
});
