/**
 * The local export store's download links: HMAC-SHA256 over the export id, the expiry and the file name; an expired
 * or tampered link is refused.
 */
import { describe, expect, it } from 'vitest';
import { checkExportLink, localExportStore, signExportLink, type LinkQuery } from '../../lib/local/export-store';

const SECRET = 'unit-test-export-link-secret-0123456789';
const ID = 'exp_0123456789abcdef';
const NAME = 'ledger-2026-12-01-to-2026-12-07.csv';
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const inFive = Math.floor(NOW / 1000) + 300;
const parts = (query: string): LinkQuery => {
  const q = new URLSearchParams(query);
  return { name: q.get('name'), expires: q.get('expires'), signature: q.get('signature') };
};

describe('export download links', () => {
  const link = parts(signExportLink(SECRET, ID, inFive, NAME));
  const sig = link.signature!;

  it('a link of this installation, before its expiry, is valid', () => {
    expect(checkExportLink(SECRET, ID, link, NOW)).toBe('valid');
    expect(checkExportLink(SECRET, ID, link, inFive * 1000 - 1)).toBe('valid');
  });

  it('at or after its expiry it is expired', () => {
    expect(checkExportLink(SECRET, ID, link, inFive * 1000)).toBe('expired');
    expect(checkExportLink(SECRET, ID, link, NOW + 3_600_000)).toBe('expired');
  });

  it.each([
    ['a later expiry', SECRET, ID, { ...link, expires: String(inFive + 3600) }],
    ['another name', SECRET, ID, { ...link, name: 'payouts.csv' }],
    ['another export', SECRET, 'exp_fedcba9876543210', link],
    ['another secret', 'another-secret-of-another-installation', ID, link],
    ['a changed signature', SECRET, ID, { ...link, signature: `${sig.slice(0, -1)}${sig.endsWith('0') ? '1' : '0'}` }],
    ['no signature', SECRET, ID, { ...link, signature: null }],
    ['no expiry', SECRET, ID, { ...link, expires: null }],
    ['no name', SECRET, ID, { ...link, name: null }],
    ['a short signature', SECRET, ID, { ...link, signature: sig.slice(0, 10) }],
    ['a path in the id', SECRET, '../local-secrets', link],
  ])('tampered (%s) is invalid', (_case, secret, id, q) => {
    expect(checkExportLink(secret, id, q, NOW)).toBe('invalid');
  });

  it('the store links to the app route with a signature that verifies', async () => {
    const store = localExportStore({ secret: SECRET, folder: '/nonexistent', now: () => NOW });
    const url = await store.link(`exports/${ID}.csv`, 300, NAME);
    expect(url).toMatch(new RegExp(`^/api/exports/${ID}\\?name=${NAME}&expires=${inFive}&signature=[0-9a-f]{64}$`));
    expect(checkExportLink(SECRET, ID, parts(url.split('?')[1]!), NOW)).toBe('valid');
    await expect(store.link('exports/../x.csv', 300, 'x.csv')).rejects.toThrow('not an export key');
  });
});
