import { describe, expect, it } from 'vitest';
import { clientIp, trustedProxyHops, UNKNOWN_CLIENT_IP } from '../../lib/server/client-ip';

const headers = (forwardedFor?: string) => new Headers(forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor });

describe('clientIp: the X-Forwarded-For entry the trusted proxies appended', () => {
  it.each([
    // no trusted proxy: the header is whatever the client sent (Next.js only fills it in when absent)
    ['no trusted proxy, a header', 0, '203.0.113.9', UNKNOWN_CLIENT_IP],
    ['no trusted proxy, no header', 0, undefined, UNKNOWN_CLIENT_IP],
    // CloudFront appends the viewer's address: the last entry; anything before it is the client's invention
    ['one proxy', 1, '203.0.113.9', '203.0.113.9'],
    ['one proxy, a forged first hop', 1, '1.1.1.1, 203.0.113.9', '203.0.113.9'],
    ['one proxy, spaces and empty entries', 1, ' 1.1.1.1 ,, 203.0.113.9 ', '203.0.113.9'],
    ['two proxies', 2, '1.1.1.1, 203.0.113.9, 10.0.0.7', '203.0.113.9'],
    ['two proxies, too few entries', 2, '203.0.113.9', UNKNOWN_CLIENT_IP],
    ['one proxy, no header', 1, undefined, UNKNOWN_CLIENT_IP],
    ['one proxy, not an address', 1, 'unknown', UNKNOWN_CLIENT_IP],
    ['one proxy, a script in the header', 1, '<script>', UNKNOWN_CLIENT_IP],
    ['IPv4 with a port', 1, '203.0.113.9:51234', '203.0.113.9'],
    ['IPv4-mapped IPv6', 1, '::ffff:203.0.113.9', '203.0.113.9'],
    ['IPv6: its /64', 1, '2001:db8:85a3:8d3:1319:8a2e:370:7348', '2001:db8:85a3:8d3::/64'],
    ['IPv6, another address of the same /64', 1, '2001:DB8:85A3:08D3::1', '2001:db8:85a3:8d3::/64'],
    ['IPv6 with brackets and a port', 1, '[2001:db8::1]:443', '2001:db8:0:0::/64'],
    ['IPv6 loopback', 1, '::1', '0:0:0:0::/64'],
  ])('%s', (_case, hops, forwardedFor, expected) => {
    expect(clientIp(headers(forwardedFor), hops)).toBe(expected);
  });
});

describe('TRUSTED_PROXY_HOPS', () => {
  it.each([
    [undefined, 0],
    ['', 0],
    ['0', 0],
    ['1', 1],
    [' 2 ', 2],
  ])('%j → %i', (value, hops) => {
    expect(trustedProxyHops({ TRUSTED_PROXY_HOPS: value })).toBe(hops);
  });

  it.each(['yes', '-1', '1.5', '11'])('refuses %j rather than guess', (value) => {
    expect(() => trustedProxyHops({ TRUSTED_PROXY_HOPS: value })).toThrow(/TRUSTED_PROXY_HOPS/);
  });
});
