/**
 * The event shapes Lambda hands the functions, built as AWS builds them: a Function URL request (payload format 2.0,
 * the body base64-encoded) and the EventBridge Scheduler's "Scheduled Event".
 */
import { randomUUID } from 'node:crypto';

export interface FunctionUrlRequest {
  method?: string;
  path?: string;
  rawQueryString?: string;
  headers: Record<string, string>;
  body: Buffer | string;
  sourceIp?: string;
}

/** What a Lambda Function URL passes its function: header names in lower case, a binary-safe base64 body. */
export function functionUrlEvent(request: FunctionUrlRequest, urlId = 'harnessurl0000000000000000000000') {
  const method = request.method ?? 'POST';
  const path = request.path ?? '/';
  const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: request.rawQueryString ?? '',
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: urlId,
      domainName: `${urlId}.lambda-url.us-east-1.on.aws`,
      domainPrefix: urlId,
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: request.sourceIp ?? '3.18.12.63', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: Buffer.from(request.body).toString('base64'),
    isBase64Encoded: true,
  };
}

/** An EventBridge Scheduler target's input: the Scheduled Event, with the schedule's own detail. */
export function scheduledEvent(detail: Record<string, unknown> = {}, time = new Date()) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.scheduler',
    account: '000000000000',
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: 'us-east-1',
    resources: ['arn:aws:scheduler:us-east-1:000000000000:schedule/default/harness'],
    detail,
  };
}
