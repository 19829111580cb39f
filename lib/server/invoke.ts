import { AppError, type HttpResponse } from '../http/errors';
import type { FunctionRequest, RawHttpEvent } from '../functions/types';
import { marketplaceMode } from './mode';

export type ActionFunctionName = 'booking-processor' | 'stripe-connect' | 'payout-manager' | 'refund-processor';

/** Local mode: the same handler Lambda runs, called in-process. AWS mode: the Lambda Invoke API. */
export async function invokeFunction(name: ActionFunctionName, request: FunctionRequest): Promise<HttpResponse> {
  if (marketplaceMode() === 'local') {
    const { localApp } = await import('../local/app');
    return localApp().functions[name](request);
  }
  throw new AppError('INTERNAL', 'AWS mode invocation is not wired yet (see the AWS-path issue)');
}

export async function invokeWebhook(event: RawHttpEvent): Promise<HttpResponse> {
  if (marketplaceMode() === 'local') {
    const { localApp } = await import('../local/app');
    return localApp().functions['stripe-webhook'](event);
  }
  // In AWS, Stripe calls the stripe-webhook Function URL directly; this route serves `stripe listen` forwarding.
  throw new AppError('NOT_FOUND', 'In AWS mode Stripe delivers to the stripe-webhook Function URL');
}
