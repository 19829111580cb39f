import { jsonResponse, toHttpResponse } from '@/lib/http/errors';
import { marketplaceMode } from '@/lib/server/mode';
import { callerToken, toResponse } from '@/lib/server/routes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Who the session says is signed in (display only: every function verifies the token again). */
export async function GET(req: Request): Promise<Response> {
  try {
    if (marketplaceMode() === 'aws') {
      const { awsSignedInUser } = await import('@/lib/server/aws-session');
      const { user, setCookies } = await awsSignedInUser(req);
      const res = toResponse(jsonResponse(200, { user }));
      for (const c of setCookies) res.headers.append('set-cookie', c);
      return res;
    }
    const token = callerToken(req);
    if (!token) return toResponse(jsonResponse(200, { user: null }));
    const { localSessionUser } = await import('@/lib/local/app');
    return toResponse(jsonResponse(200, { user: (await localSessionUser(token)) ?? null }));
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}
