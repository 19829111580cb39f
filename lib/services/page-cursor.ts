/**
 * The opaque cursor of a paginated list: the query's last evaluated key, base64url JSON, tied to the list it came
 * from (`scope`, e.g. the filter), so a cursor of another list or filter is refused (400) rather than misread.
 */
import { AppError } from '../http/errors';

export function encodePageCursor(scope: string, key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify({ s: scope, k: key }), 'utf8').toString('base64url') : undefined;
}

export function decodePageCursor(scope: string, cursor: string | undefined): Record<string, unknown> | undefined {
  if (cursor === undefined) return undefined;
  const refuse = () => new AppError('VALIDATION_FAILED', 'This page link is no longer valid: load the list again', { cursor });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const c = parsed as { s?: unknown; k?: unknown };
  if (c.s !== scope || typeof c.k !== 'object' || c.k === null || Array.isArray(c.k)) throw refuse();
  const key = c.k as Record<string, unknown>;
  if (!Object.values(key).every((v) => typeof v === 'string' || typeof v === 'number')) throw refuse();
  return key;
}
