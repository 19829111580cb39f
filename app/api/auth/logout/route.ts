import { jsonResponse } from '@/lib/http/errors';
import { toResponse } from '@/lib/server/routes';
import { clearedSessionCookie } from '@/lib/server/session-cookie';

export const runtime = 'nodejs';

export async function POST(): Promise<Response> {
  const res = toResponse(jsonResponse(200, { ok: true }));
  res.headers.append('set-cookie', clearedSessionCookie());
  return res;
}
