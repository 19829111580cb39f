/**
 * The Lambda entry of every function (amplify/functions/<name>/handler.ts): the invocation's request id, function name
 * and cold start on its log lines, and what it counted flushed as one EMF line when it ends, whatever happens. Lambda
 * runs one invocation at a time per process, so the context keys cannot leak between concurrent requests.
 */
import type { Context } from 'aws-lambda';
import { logger } from '../observability/logger';
import { flushMetrics } from '../observability/metrics';

export function observed<E, R>(handler: (event: E) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    try {
      return await handler(event);
    } finally {
      flushMetrics();
    }
  };
}
