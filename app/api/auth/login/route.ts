import { loginRequest } from '@/lib/http/auth';
import { jsonResponse } from '@/lib/http/errors';
import { limitSignIn } from '@/lib/server/auth-rate-limits';
import { localAuthRoute } from '@/lib/server/auth-route';
import { toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/** Local mode's sign-in: checks the scrypt hash and sets a signed, http-only session cookie (a new session), within the sign-in limits. */
export const POST = localAuthRoute('Sign in with Amplify Auth', async (req, body) => {
  const { email, password } = loginRequest.parse(body);
  const { localLogin } = await import('@/lib/local/app');
  const session = await limitSignIn(req, email, () => localLogin(email, password));
  if (!session) return toResponse(jsonResponse(401, { error: 'Wrong email or password', code: 'UNAUTHENTICATED' }));
  return signedInResponse(req, 200, session);
});
