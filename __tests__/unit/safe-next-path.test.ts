import { describe, expect, test } from 'vitest';
import { safeNextPath } from '@/lib/client/navigation';

const ORIGIN = 'https://bookwell.example';

describe('safeNextPath: a post-login destination stays on the site', () => {
  test.each([
    ['/bookings', '/bookings'],
    ['/services/svc_1?date=2026-12-10#slots', '/services/svc_1?date=2026-12-10#slots'],
    ['/admin/../bookings', '/bookings'],
    ['/a%2F%2Fevil.example', '/a%2F%2Fevil.example'],
  ])('%s → %s', (next, expected) => {
    expect(safeNextPath(next, ORIGIN)).toBe(expected);
  });

  test.each([
    ['absent', null],
    ['empty', ''],
    ['another site', 'https://evil.example/steal'],
    ['our own origin written out (must be a path)', 'https://bookwell.example/bookings'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash', '/\\evil.example'],
    ['tab inside the slashes (browsers strip it)', '/\t/evil.example'],
    ['newline inside the slashes', '/\n/evil.example'],
    ['javascript: scheme', 'javascript:alert(1)'],
    ['data: scheme', 'data:text/html,<script>alert(1)</script>'],
    ['relative without slash', 'evil.example'],
    ['encoded slashes then host', '/\\/evil.example'],
  ])('%s is refused', (_label, next) => {
    expect(safeNextPath(next, ORIGIN)).toBe('/');
    expect(safeNextPath(next, ORIGIN, '/home')).toBe('/home');
  });
});
