/**
 * A local stand-in for the Lambda Invoke API (REST, as @aws-sdk/client-lambda speaks it):
 * `POST /2015-03-31/functions/<name>/invocations` with the JSON payload; answers 200 with the function's JSON
 * result, or 200 + `X-Amz-Function-Error: Unhandled` + `{ errorType, errorMessage, trace }` when the function
 * throws (as Lambda does), 404 ResourceNotFoundException for an unknown function.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type LocalFunction = (event: unknown) => Promise<unknown>;

export interface Invocation {
  functionName: string;
  invocationType: string | undefined;
  payload: unknown;
  signed: boolean;
}

export async function startLambdaEndpoint(functions: Record<string, LocalFunction>) {
  const invocations: Invocation[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'UnknownOperationException' }).end('{}');
      return;
    }
    const functionName = decodeURIComponent(match[1]!);
    const text = Buffer.concat(chunks).toString('utf8');
    const payload: unknown = text ? JSON.parse(text) : null;
    invocations.push({
      functionName,
      invocationType: req.headers['x-amz-invocation-type'] as string | undefined,
      payload,
      signed: String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256 '),
    });
    const fn = functions[functionName];
    if (!fn) {
      res
        .writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' })
        .end(JSON.stringify({ Type: 'User', message: `Function not found: ${functionName}` }));
      return;
    }
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' };
    try {
      const result = await fn(payload);
      res.writeHead(200, headers).end(result === undefined ? 'null' : JSON.stringify(result));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      res
        .writeHead(200, { ...headers, 'x-amz-function-error': 'Unhandled' })
        .end(JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: (e.stack ?? '').split('\n') }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    invocations,
    functions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type LambdaEndpoint = Awaited<ReturnType<typeof startLambdaEndpoint>>;

/** SDK settings that can only reach the local endpoint. */
export const LOCAL_AWS = {
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
  maxAttempts: 1,
} as const;
