/**
 * Provider-owned resources (earnings, payouts, the payment account) through the one access policy
 * (lib/services/access.ts, kind `providerResource`). These actions name a provider by id in the request, so a caller
 * who may not act for that provider is told 403 (as the API always answered), not 404.
 */
import type { Identity } from '../auth/identity';
import type { ActionOf } from '../domain/access-policy';
import { authorize } from './access';

export function authorizeProvider(
  caller: Identity | 'SYSTEM',
  providerId: string | undefined,
  action: ActionOf<'providerResource'>,
  forbidden: string,
  details: Record<string, unknown> = { providerId },
): void {
  // A provider named by id exists for the request whoever asks: a refusal is a 403, never a hint that it does not.
  authorize(caller, 'providerResource', { providerId: providerId ?? '' }, action, { forbidden, details, publicRecord: true });
}
