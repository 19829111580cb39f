/** The local export store's download links: HMAC-SHA256 over the export id and the expiry; expired or tampered is refused. */
import { describe, expect, it } from 'vitest';
import { checkExportLink, localExportStore, signExportLink } from '../../lib/local/export-store';

const SECRET = 'unit-test-export-link-secret-0123456789';
const ID = 'exp_0123456789abcdef';
const NOW = Date.parse('2026-12-07T12:00:00.000Z');
const inFive = Math.floor(NOW / 1000) + 300;
const parts = (query: string) => Object.fromEntries(new URLSearchParams(query)) as { expires: string; signature: string };

describe('export download links', () => {
  const { expires, signature } = parts(signExportLink(SECRET, ID, inFive));

  it('a link of this installation, before its expiry, is valid', () => {
    expect(checkExportLink(SECRET, ID, expires, signature, NOW)).toBe('valid');
    expect(checkExportLink(SECRET, ID, expires, signature, inFive * 1000 - 1)).toBe('valid');
  });

  it('at or after its expiry it is expired', () => {
    expect(checkExportLink(SECRET, ID, expires, signature, inFive * 1000)).toBe('expired');
    expect(checkExportLink(SECRET, ID, expires, signature, NOW + 3_600_000)).toBe('expired');
  });

  it.each([
    ['a later expiry', () => [SECRET, ID, String(inFive + 3600), signature]],
    ['another export', () => [SECRET, 'exp_fedcba9876543210', expires, signature]],
    ['another secret', () => ['another-secret-of-another-installation', ID, expires, signature]],
    ['a changed signature', () => [SECRET, ID, expires, `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`]],
    ['no signature', () => [SECRET, ID, expires, null]],
    ['no expiry', () => [SECRET, ID, null, signature]],
    ['a short signature', () => [SECRET, ID, expires, signature.slice(0, 10)]],
    ['a path in the id', () => [SECRET, '../local-secrets', expires, signature]],
  ] as const)('tampered (%s) is invalid', (_case, args) => {
    const [secret, id, exp, sig] = args();
    expect(checkExportLink(secret, id, exp, sig, NOW)).toBe('invalid');
  });

  it('the store links to the app route with a signature that verifies', async () => {
    const store = localExportStore({ secret: SECRET, folder: '/nonexistent', now: () => NOW });
    const url = await store.link(`exports/${ID}.csv`, 300, 'ledger.csv');
    expect(url).toMatch(new RegExp(`^/api/exports/${ID}\\?expires=${inFive}&signature=[0-9a-f]{64}$`));
    const q = parts(url.split('?')[1]!);
    expect(checkExportLink(SECRET, ID, q.expires, q.signature, NOW)).toBe('valid');
    await expect(store.link('exports/../x.csv', 300, 'x.csv')).rejects.toThrow('not an export key');
  });
});
