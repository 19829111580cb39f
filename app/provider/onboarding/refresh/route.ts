import { invokeFunction } from '@/lib/server/invoke';
import { callerToken } from '@/lib/server/routes';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * Stripe's `refresh_url`: the onboarding link expired or was used. Make a fresh link for the signed-in provider
 * and send them straight back to Stripe; anything else lands on the dashboard, which explains what happened.
 */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const type = url.searchParams.get('type') === 'account_update' ? 'account_update' : 'account_onboarding';
  const token = callerToken(req);
  const back = (reason: string) => Response.redirect(new URL(`/provider?onboarding=${reason}`, url), 303);
  if (!token) return Response.redirect(new URL(`/login?next=${encodeURIComponent('/provider')}`, url), 303);
  try {
    const res = await invokeFunction('stripe-connect', { action: 'CREATE_ACCOUNT_LINK', payload: { type }, token });
    if (res.statusCode !== 200) return back('link_failed');
    const link = JSON.parse(res.body) as { url?: string };
    return link.url ? Response.redirect(link.url, 303) : back('link_failed');
  } catch {
    return back('link_failed');
  }
}
