import { loginRequest } from '@/lib/http/auth';
import { jsonResponse, toHttpResponse } from '@/lib/http/errors';
import { limitSignIn } from '@/lib/server/auth-rate-limits';
import { marketplaceMode } from '@/lib/server/mode';
import { toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/** Local mode's sign-in: checks the scrypt hash and sets a signed, http-only session cookie. */
export async function POST(req: Request): Promise<Response> {
  if (marketplaceMode() !== 'local') return toResponse(jsonResponse(404, { error: 'Sign in with Amplify Auth', code: 'NOT_FOUND' }));
  try {
    const { email, password } = loginRequest.parse(await req.json().catch(() => ({})));
    const { localLogin } = await import('@/lib/local/app');
    const session = await limitSignIn(req, email, () => localLogin(email, password));
    if (!session) return toResponse(jsonResponse(401, { error: 'Wrong email or password', code: 'UNAUTHENTICATED' }));
    return signedInResponse(req, 200, session);
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
