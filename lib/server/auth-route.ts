import { AppError, toHttpResponse } from '../http/errors';
import { marketplaceMode, serverAppUrl } from './mode';
import { readGuardedJson } from './request-guard';
import { toResponse } from './routes';

type Handle = (req: Request, body: Record<string, unknown>) => Promise<Response>;

/**
 * An account route (login, sign-up, confirmation, password reset, refresh): the body through the same guard as every
 * state-changing route (same origin, JSON, size), then the handler of the server's mode; a mode without one answers
 * 404 with `missing`. Any failure is one JSON error.
 */
export function accountRoute(handlers: { local?: Handle; aws?: Handle; missing: string }) {
  return async function POST(req: Request): Promise<Response> {
    try {
      const handle = handlers[marketplaceMode()];
      if (!handle) throw new AppError('NOT_FOUND', handlers.missing);
      return await handle(req, await readGuardedJson(req, { appUrl: serverAppUrl() }));
    } catch (err) {
      return toResponse(toHttpResponse(err));
    }
  };
}

/** A route only local mode has. */
export function localAuthRoute(inAwsMode: string, handle: Handle) {
  return accountRoute({ local: handle, missing: inAwsMode });
}
