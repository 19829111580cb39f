import Stripe from 'stripe';
import type { RunningEmulator } from '../../../lib/local/stripe-emulator/server';
import { SECRET_KEY } from './support';

export interface RecordedResponse {
  method: string;
  /** Path without the query string. */
  path: string;
  status: number;
  /** The JSON body exactly as the emulator sent it (before the SDK adds `lastResponse`). */
  body: unknown;
}

/** An SDK client whose every response body is recorded, for the response conformance test. */
export function recordingStripe(emulator: RunningEmulator): { stripe: Stripe; responses: RecordedResponse[] } {
  const responses: RecordedResponse[] = [];
  const http = Stripe.createNodeHttpClient();
  const makeRequest = http.makeRequest.bind(http);
  http.makeRequest = async (host, port, path, method, headers, data, protocol, timeout) => {
    const res = await makeRequest(host, port, path, method, headers, data, protocol, timeout);
    const toJSON = res.toJSON.bind(res);
    res.toJSON = async () => {
      const body: unknown = await toJSON();
      // A copy: the SDK then adds fields to error bodies and turns decimal strings into Decimal objects.
      responses.push({ method, path: path.split('?')[0] ?? path, status: res.getStatusCode(), body: structuredClone(body) });
      return body;
    };
    return res;
  };
  const stripe = new Stripe(SECRET_KEY, {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
    httpClient: http,
  });
  return { stripe, responses };
}
