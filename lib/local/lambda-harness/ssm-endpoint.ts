/**
 * A local endpoint that speaks the part of the SSM API Amplify's start-up code calls (GetParameters; and
 * GetParametersByPath, which `ampx` tooling uses): AWS JSON 1.1 over HTTP, the operation in `X-Amz-Target`. The bundles
 * reach it through the SDK's standard `AWS_ENDPOINT_URL_SSM`, so their secrets resolve exactly as in Lambda.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalSsm {
  url: string;
  /** Every GetParameters name asked for, in order (the harness checks the banner asked for its own paths). */
  requested: string[];
  close(): Promise<void>;
}

interface Parameter {
  Name: string;
  Value: string;
  Type: 'SecureString';
  Version: 1;
  ARN: string;
}

export async function startLocalSsm(parameters: Record<string, string>, region = 'us-east-1'): Promise<LocalSsm> {
  const requested: string[] = [];
  const toParameter = (name: string): Parameter => ({
    Name: name,
    Value: parameters[name]!,
    Type: 'SecureString',
    Version: 1,
    ARN: `arn:aws:ssm:${region}:000000000000:parameter${name}`,
  });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = (status: number, body: object) =>
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
    let input: { Names?: unknown; Path?: unknown };
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as typeof input;
    } catch {
      return answer(400, { __type: 'SerializationException', message: 'body is not JSON' });
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'AmazonSSM.GetParameters') {
      const names = Array.isArray(input.Names) ? input.Names.filter((n): n is string => typeof n === 'string') : [];
      if (names.length === 0 || names.length > 10)
        return answer(400, { __type: 'ValidationException', message: 'Names must hold 1 to 10 names' });
      requested.push(...names);
      const known = names.filter((n) => Object.hasOwn(parameters, n));
      return answer(200, { Parameters: known.map(toParameter), InvalidParameters: names.filter((n) => !known.includes(n)) });
    }
    if (target === 'AmazonSSM.GetParametersByPath') {
      const prefix = typeof input.Path === 'string' ? input.Path.replace(/\/?$/, '/') : '/';
      return answer(200, {
        Parameters: Object.keys(parameters)
          .filter((n) => n.startsWith(prefix))
          .map(toParameter),
      });
    }
    return answer(400, { __type: 'UnknownOperationException', message: `not served here: ${target}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requested,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
