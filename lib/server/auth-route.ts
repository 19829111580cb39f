import { AppError, toHttpResponse } from '../http/errors';
import { marketplaceMode, serverAppUrl } from './mode';
import { readGuardedJson } from './request-guard';
import { toResponse } from './routes';

/**
 * A local-mode account route (login, sign-up, refresh): a 404 naming Amplify Auth in AWS mode; otherwise the body
 * through the same guard as every state-changing route (same origin, JSON, size), and any failure as one JSON error.
 */
export function localAuthRoute(inAwsMode: string, handle: (req: Request, body: Record<string, unknown>) => Promise<Response>) {
  return async function POST(req: Request): Promise<Response> {
    try {
      if (marketplaceMode() !== 'local') throw new AppError('NOT_FOUND', inAwsMode);
      return await handle(req, await readGuardedJson(req, { appUrl: serverAppUrl() }));
    } catch (err) {
      return toResponse(toHttpResponse(err));
    }
  };
}
