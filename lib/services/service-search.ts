/**
 * SEARCH_SERVICES: listed services by words of the title, category, price range and a date they are offered on, a
 * page at a time. Reads the search entries through their index (lib/data/service-search.ts), never the whole table.
 */
import { drivingKeys, searchTokens, type SearchFilters } from '../domain/service-search';
import { repo } from '../data/repository';
import { listedServicesPage, searchServiceIds, type SearchPosition } from '../data/service-search';
import type { ServiceRecord } from '../data/records';
import type { BookingRequest, ServiceView } from '../http/booking-processor';
import { AppError } from '../http/errors';
import type { Deps } from '../ports';
import { toServiceView } from './catalog';

const DEFAULT_PAGE = 12;

export async function searchServices(
  deps: Deps,
  input: BookingRequest<'SEARCH_SERVICES'>,
): Promise<{ services: ServiceView[]; nextCursor?: string }> {
  const filters: SearchFilters = {
    words: searchTokens(input.q ?? ''),
    ...(input.category ? { category: input.category } : {}),
    ...(input.minPriceCents !== undefined ? { minPriceCents: input.minPriceCents } : {}),
    ...(input.maxPriceCents !== undefined ? { maxPriceCents: input.maxPriceCents } : {}),
    ...(input.date ? { date: input.date } : {}),
  };
  const limit = input.limit ?? DEFAULT_PAGE;
  const page = isUnfiltered(filters) ? await browsePage(deps, input.cursor, limit) : await filteredPage(deps, filters, input.cursor, limit);
  const services = page.services;
  const providerIds = [...new Set(services.map((s) => s.providerId))];
  const profiles = await Promise.all(providerIds.map((id) => repo.userProfile(deps, id)));
  const names = new Map(providerIds.map((id, i) => [id, profiles[i]?.displayName ?? 'Provider']));
  return {
    services: services.map((s) => toServiceView(s, names.get(s.providerId) ?? 'Provider')),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
  };
}

const isUnfiltered = (f: SearchFilters) =>
  f.words.length === 0 && f.category === undefined && f.minPriceCents === undefined && f.maxPriceCents === undefined && !f.date;

interface Page {
  services: ServiceRecord[];
  nextCursor?: string;
}

/** No filter: the public listing in its own order (newest first), as LIST_SERVICES shows it, a page at a time. */
async function browsePage(deps: Deps, cursor: string | undefined, limit: number): Promise<Page> {
  const start = cursor ? decodeCursor(cursor, [LISTING]) : { keyIndex: 0 };
  const after = start.after ? { id: start.after.id, listingStatus: 'LISTED', createdAt: start.after.rankKey } : undefined;
  const { services, next } = await listedServicesPage(deps, after, limit);
  const position = next ? { keyIndex: 0, after: { id: next.id!, searchKey: LISTING, rankKey: next.createdAt! } } : undefined;
  return { services, ...(position ? { nextCursor: encodeCursor(position, [LISTING]) } : {}) };
}
const LISTING = 'listing';

async function filteredPage(deps: Deps, filters: SearchFilters, cursor: string | undefined, limit: number): Promise<Page> {
  const keys = drivingKeys(filters);
  const start = cursor ? decodeCursor(cursor, keys) : { keyIndex: 0 };
  const { serviceIds, next } = await searchServiceIds(deps, keys, filters, start, limit);
  // The entries say which services match; the page shows each service as it is now (a just-unlisted one is dropped).
  const services = (await Promise.all(serviceIds.map((id) => repo.service(deps, id)))).filter(
    (s): s is ServiceRecord => !!s && s.isActive && s.listingStatus === 'LISTED',
  );
  return { services, ...(next ? { nextCursor: encodeCursor(next, keys) } : {}) };
}

/** The cursor names the keys it was made for, so a cursor from another search is refused rather than misread. */
function encodeCursor(position: SearchPosition, keys: string[]): string {
  return Buffer.from(JSON.stringify({ k: keys.join(','), i: position.keyIndex, a: position.after }), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, keys: string[]): SearchPosition {
  const refuse = () => new AppError('VALIDATION_FAILED', 'This page link is no longer valid: start the search again', { cursor });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  const c = parsed as { k?: unknown; i?: unknown; a?: unknown };
  if (c.k !== keys.join(',') || typeof c.i !== 'number' || !Number.isInteger(c.i) || c.i < 0 || c.i >= keys.length) throw refuse();
  if (c.a === undefined) return { keyIndex: c.i };
  const a = c.a as Record<string, unknown>;
  if (typeof a.id !== 'string' || typeof a.searchKey !== 'string' || typeof a.rankKey !== 'string' || a.searchKey !== keys[c.i])
    throw refuse();
  return { keyIndex: c.i, after: { id: a.id, searchKey: a.searchKey, rankKey: a.rankKey } };
}
