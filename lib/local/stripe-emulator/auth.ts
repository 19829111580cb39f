import type { IncomingHttpHeaders } from 'node:http';
import { authenticationError } from './errors';

interface ApiKey {
  kind: 'secret' | 'publishable';
  key: string;
}

function mask(key: string): string {
  return key.length > 12 ? `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
}

/**
 * Reads the API key from `Authorization: Bearer <key>` or basic auth (`<key>:`), as the SDKs send it,
 * or from a `key=pk_test_…` parameter, as Stripe.js sends its publishable key.
 */
export function readApiKey(headers: IncomingHttpHeaders, keyParam?: string): ApiKey {
  const header = headers.authorization;
  if (!header && keyParam?.startsWith('pk_test_')) return { kind: 'publishable', key: keyParam };
  if (!header) {
    throw authenticationError(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
    );
  }
  let key = '';
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (scheme?.toLowerCase() === 'bearer') key = value;
  else if (scheme?.toLowerCase() === 'basic') key = Buffer.from(value, 'base64').toString('utf8').split(':')[0] ?? '';
  if (/^sk_test_\w+$/.test(key) || /^rk_test_\w+$/.test(key)) return { kind: 'secret', key };
  if (/^pk_test_\w+$/.test(key)) return { kind: 'publishable', key };
  throw authenticationError(`Invalid API Key provided: ${mask(key)}`);
}
