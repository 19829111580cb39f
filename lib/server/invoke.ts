import { AppError, type HttpResponse } from '../http/errors';
import type { FunctionRequest, RawHttpEvent } from '../functions/types';
import { marketplaceMode } from './mode';

export type ActionFunctionName = 'booking-processor' | 'stripe-connect' | 'payout-manager' | 'refund-processor';

/**
 * Local mode: the same handler Lambda runs, called in-process. AWS mode: the Lambda Invoke API (RequestResponse,
 * `{ action, payload, token }`) on the function named by `<NAME>_FUNCTION_NAME` or amplify_outputs.json
 * `custom.functions` (lib/aws/outputs.ts); a function error answers 502 `{ error, code: 'FUNCTION_ERROR' }`.
 * Both stacks load lazily, so neither is bundled into the other's path and no outputs file is needed locally.
 */
export async function invokeFunction(name: ActionFunctionName, request: FunctionRequest): Promise<HttpResponse> {
  if (marketplaceMode() === 'local') {
    const { localApp } = await import('../local/app');
    return localApp().functions[name](request);
  }
  const { invokeAwsFunction } = await import('../aws/server-invoker');
  return invokeAwsFunction(name, request);
}

export async function invokeWebhook(event: RawHttpEvent): Promise<HttpResponse> {
  if (marketplaceMode() === 'local') {
    const { localApp } = await import('../local/app');
    return localApp().functions['stripe-webhook'](event);
  }
  // In AWS, Stripe calls the stripe-webhook Function URL directly (or EventBridge invokes it).
  throw new AppError('NOT_FOUND', 'In AWS mode Stripe delivers to the stripe-webhook Function URL');
}
