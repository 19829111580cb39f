/**
 * The client IP the sign-in and sign-up limits count against (lib/server/auth-rate-limits.ts).
 *
 * X-Forwarded-For is a list every proxy appends the address it saw to, so only its last entries are trustworthy, and
 * only as many of them as there are proxies we trust: whatever the client sent comes first and is its own invention.
 * TRUSTED_PROXY_HOPS says how many trusted proxies append in front of the app (CloudFront appends the viewer's
 * address: 1); the client is the entry that many places from the end. Next.js itself does not append: it sets the
 * header to the socket's address only when the request has none, so without a trusted proxy the header is entirely
 * the client's choice, and every client shares one fixed key (the per-account limits still hold per account).
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The key of a client whose address is not known (no trusted proxy, or a malformed entry). */
export const UNKNOWN_CLIENT_IP = 'unknown-client';

const MAX_HOPS = 10;

/** TRUSTED_PROXY_HOPS: unset or 0 without a trusted proxy; a bad value stops the request rather than guessing. */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const raw = env.TRUSTED_PROXY_HOPS?.trim();
  if (!raw) return 0;
  const hops = Number(raw);
  if (!Number.isInteger(hops) || hops < 0 || hops > MAX_HOPS) {
    throw new Error(`TRUSTED_PROXY_HOPS=${raw} must be a whole number from 0 to ${MAX_HOPS}`);
  }
  return hops;
}

/** The client's address as the outermost trusted proxy saw it, normalized; UNKNOWN_CLIENT_IP when there is none. */
export function clientIp(headers: Pick<Headers, 'get'>, hops: number): string {
  if (hops <= 0) return UNKNOWN_CLIENT_IP;
  const entries = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const entry = entries.length >= hops ? entries[entries.length - hops] : undefined;
  return (entry && normalizedIp(entry)) ?? UNKNOWN_CLIENT_IP;
}

/**
 * An address without its port; IPv4-mapped IPv6 as IPv4; other IPv6 as its /64 network, the block one subscriber is
 * usually given (counting single addresses would let them rotate through 2^64 of them).
 */
function normalizedIp(entry: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  const withoutPort = bracketed ? bracketed[1]! : /^[\d.]+:\d+$/.test(entry) ? entry.slice(0, entry.lastIndexOf(':')) : entry;
  const address = withoutPort.toLowerCase();
  if (isIPv4(address)) return address;
  if (!isIPv6(address)) return undefined;
  const mapped = /^::ffff:([\d.]+)$/.exec(address);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, without leading zeros ("::" expanded; an embedded IPv4 tail as two groups). */
function ipv6Groups(address: string): string[] {
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  let text = address;
  if (ipv4Tail) {
    const [a, b, c, d] = ipv4Tail[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${address.slice(0, -ipv4Tail[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array.from({ length: 8 - left.length - right.length }, () => '0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
