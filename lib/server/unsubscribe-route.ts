/**
 * `/api/notifications/unsubscribe?user=…&kind=…&token=…`: switching reminders off from an email, no session needed
 * (the token is an HMAC of user and kind; booking-processor's public UNSUBSCRIBE checks it).
 *
 * Two kinds of POST:
 * - RFC 8058 one-click, which mail clients send for the List-Unsubscribe header: form-encoded
 *   (`List-Unsubscribe=One-Click`), cross-site by design, with the signed parameters in the URL. This is the one POST
 *   route that does not go through readGuardedJson: the standard fixes its body and it never comes from our pages.
 *   Its only power is switching reminders off for the user the token names.
 * - the app's own page (its "Stop reminders" button): JSON through readGuardedJson, like every other POST.
 *
 * GET (a client or a person opening the header's URL) changes nothing: it redirects to that page.
 */
import { AppError, toHttpResponse } from '../http/errors';
import { invokeFunction } from './invoke';
import { serverAppUrl } from './mode';
import { readGuardedJson, readLimitedText } from './request-guard';
import { toResponse } from './routes';

const ONE_CLICK_MAX_BYTES = 1024;

const isFormEncoded = (req: Request) =>
  (req.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';

export async function unsubscribePost(req: Request): Promise<Response> {
  try {
    let fields: Record<string, unknown>;
    if (isFormEncoded(req)) {
      const body = new URLSearchParams(await readLimitedText(req, ONE_CLICK_MAX_BYTES));
      if (body.get('List-Unsubscribe') !== 'One-Click') {
        throw new AppError('BAD_REQUEST', 'A one-click unsubscribe posts List-Unsubscribe=One-Click');
      }
      const q = new URL(req.url).searchParams;
      fields = { user: q.get('user'), kind: q.get('kind'), token: q.get('token') };
    } else {
      fields = await readGuardedJson(req, { appUrl: serverAppUrl() });
    }
    return toResponse(await invokeFunction('booking-processor', { action: 'UNSUBSCRIBE', payload: fields }));
  } catch (err) {
    return toResponse(toHttpResponse(err));
  }
}

export function unsubscribeGet(req: Request): Response {
  const page = new URL('/notifications/unsubscribe', serverAppUrl());
  page.search = new URL(req.url).search;
  return Response.redirect(page.toString(), 303);
}
