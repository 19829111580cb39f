import { signupRequest } from '@/lib/http/auth';
import { jsonResponse, toHttpResponse } from '@/lib/http/errors';
import { limitSignUp } from '@/lib/server/auth-rate-limits';
import { marketplaceMode } from '@/lib/server/mode';
import { toResponse } from '@/lib/server/routes';
import { signedInResponse } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

/** Local mode's sign-up: creates the account and profile, then signs in (http-only session cookie). */
export async function POST(req: Request): Promise<Response> {
  if (marketplaceMode() !== 'local') return toResponse(jsonResponse(404, { error: 'Sign up with Amplify Auth', code: 'NOT_FOUND' }));
  try {
    const body: unknown = await req.json().catch(() => null);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return toResponse(jsonResponse(400, { error: 'The request body must be a JSON object', code: 'INVALID_JSON' }));
    }
    const input = signupRequest.parse(body);
    const { localSignup } = await import('@/lib/local/app');
    await limitSignUp(req);
    const session = await localSignup(input);
    return signedInResponse(req, 201, session);
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
