import { SESSION_COOKIE, SESSION_TTL_SECONDS } from '../auth/local-session';
import type { SessionUser } from '../http/auth';
import { jsonResponse } from '../http/errors';
import { toResponse } from './routes';

function sessionCookie(token: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_SECONDS}${secure ? '; Secure' : ''}`;
}

/** Local mode's answer to a sign-in, sign-up or refresh: the user, and the session in the http-only cookie (Secure over https). */
export function signedInResponse(req: Request, status: 200 | 201, session: { token: string; user: SessionUser }): Response {
  const res = toResponse(jsonResponse(status, { user: session.user }));
  res.headers.append('set-cookie', sessionCookie(session.token, new URL(req.url).protocol === 'https:'));
  return res;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
}
