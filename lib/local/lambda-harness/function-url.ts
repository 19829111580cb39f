/**
 * A local Lambda Function URL: an HTTP server that turns each request into the payload-2.0 event (events.ts), invokes
 * the function's execution environment and answers with the response it returns, as the URL's front end does. The
 * Stripe emulator's webhook endpoints can point at it, so its signed deliveries reach the bundle the way Stripe's do.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ExecutionEnvironment } from './bundles';
import { functionUrlEvent } from './events';

interface UrlResponse {
  statusCode?: number;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface LocalFunctionUrl {
  url: string;
  /** Each request's outcome: the status answered and the handler's JSON body, if it was JSON. */
  answered: { statusCode: number; body: unknown }[];
  close(): Promise<void>;
}

export async function startFunctionUrl(target: () => Promise<ExecutionEnvironment>): Promise<LocalFunctionUrl> {
  const answered: LocalFunctionUrl['answered'] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    const event = functionUrlEvent({ method: req.method, path, rawQueryString: query, headers, body: Buffer.concat(chunks) });
    const outcome = await target()
      .then((environment) => environment.invoke(event))
      .catch((err: unknown) => ({ ok: false, error: { errorType: 'Runtime.InitError', errorMessage: String(err) }, result: undefined }));
    if (!outcome.ok) {
      // a function error: the URL answers 502, as Lambda's front end does
      answered.push({ statusCode: 502, body: outcome.error });
      return res.writeHead(502, { 'content-type': 'application/json' }).end('{"Message":"Internal Server Error"}');
    }
    const out = (outcome.result ?? {}) as UrlResponse;
    const status = out.statusCode ?? 200;
    const body = out.isBase64Encoded && out.body ? Buffer.from(out.body, 'base64') : (out.body ?? '');
    let parsed: unknown = body.toString();
    try {
      parsed = JSON.parse(body.toString());
    } catch {
      /* not JSON: kept as text */
    }
    answered.push({ statusCode: status, body: parsed });
    res.writeHead(status, out.headers ?? {}).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answered,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
