/**
 * Invoking the marketplace's functions through the Lambda Invoke API (synchronous, JSON in and out).
 * Used by the Next.js server in AWS mode (lib/server/invoke.ts) and by the DLQ redrive (lib/aws/redrive.ts).
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import type { FunctionRequest } from '../functions/types';
import { jsonResponse, type HttpResponse } from '../http/errors';

/** The port: a LambdaClient, or anything that sends an InvokeCommand like one (tests point the SDK elsewhere). */
export type LambdaSender = Pick<LambdaClient, 'send'>;

/** The function ran but failed (X-Amz-Function-Error): an unhandled throw, a timeout, out of memory. */
class FunctionInvocationError extends Error {
  constructor(
    readonly functionName: string,
    readonly functionError: string,
    readonly errorType: string | undefined,
    readonly errorMessage: string | undefined,
  ) {
    super(`${functionName} failed (${functionError}${errorType ? `: ${errorType}` : ''})${errorMessage ? `: ${errorMessage}` : ''}`);
    this.name = 'FunctionInvocationError';
  }
}

const lambdaErrorPayload = z.looseObject({ errorType: z.string().optional(), errorMessage: z.string().optional() });

/** RequestResponse invocation with a JSON payload; resolves the function's JSON result, rejects on a function error. */
export async function invokeJson(lambda: LambdaSender, functionName: string, payload: unknown): Promise<unknown> {
  const out = await lambda.send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
  const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
  const result: unknown = text ? safeJson(text) : null;
  if (out.FunctionError) {
    const details = lambdaErrorPayload.safeParse(result);
    throw new FunctionInvocationError(
      functionName,
      out.FunctionError,
      details.success ? details.data.errorType : undefined,
      details.success ? details.data.errorMessage : undefined,
    );
  }
  return result;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** What an action function returns (lib/http/errors.ts HttpResponse). */
const httpResponseSchema = z.object({
  statusCode: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
});

/**
 * Calls an action function with `{ action, payload, token }` and returns its HTTP response. A function that failed
 * (or answered something that is not an HttpResponse) becomes 502 `{ error, code: 'FUNCTION_ERROR' }`; the details
 * stay in the server log, never in the answer.
 */
export async function invokeActionFunction(
  lambda: LambdaSender,
  functionName: string,
  request: FunctionRequest,
  options: { label?: string; log?: (line: string) => void } = {},
): Promise<HttpResponse> {
  const label = options.label ?? functionName;
  const log = options.log ?? ((line: string) => console.error(line));
  let result: unknown;
  try {
    result = await invokeJson(lambda, functionName, { action: request.action, payload: request.payload, token: request.token });
  } catch (err) {
    if (!(err instanceof FunctionInvocationError)) throw err; // SDK errors (access denied, throttling): the caller maps them
    log(JSON.stringify({ level: 'error', msg: 'function error', functionName, error: err.message }));
    return badGateway(label);
  }
  const parsed = httpResponseSchema.safeParse(result);
  if (!parsed.success) {
    log(JSON.stringify({ level: 'error', msg: 'not an HttpResponse', functionName }));
    return badGateway(label);
  }
  return parsed.data;
}

function badGateway(label: string): HttpResponse {
  return jsonResponse(502, { error: `The ${label} function failed; please try again`, code: 'FUNCTION_ERROR' });
}
