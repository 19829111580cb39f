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
  // `providerId` undefined: no such provider (404). A provider id is not secret, so the policy refuses others with 403.
  authorize(caller, 'providerResource', providerId === undefined ? undefined : { providerId }, action, { forbidden, details });
}
