'use client';

import type { BookingResponses, ServiceView } from '@/lib/http/booking-processor';
import { bookingApi } from '@/lib/client/api';
import { useLoad, type Load } from '@/components/ui/useLoad';

/** The services page's URL parameters: prices in minor units, date a local "YYYY-MM-DD", cursor the page's. */
export const SEARCH_PARAMS = ['q', 'category', 'minPrice', 'maxPrice', 'date', 'cursor'] as const;
export type ServiceSearchQuery = Partial<Record<(typeof SEARCH_PARAMS)[number], string>>;

export function searchFromParams(params: { get(name: string): string | null }): ServiceSearchQuery {
  const query: ServiceSearchQuery = {};
  for (const p of SEARCH_PARAMS) {
    const value = params.get(p);
    if (value) query[p] = value;
  }
  return query;
}

const cents = (value: string | undefined) => {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** SEARCH_SERVICES for the URL's query, with its loading and error states and a retry. */
export function useServiceSearch(query: ServiceSearchQuery): Load<BookingResponses['SEARCH_SERVICES']> {
  const payload = {
    ...(query.q ? { q: query.q } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(cents(query.minPrice) !== undefined ? { minPriceCents: cents(query.minPrice) } : {}),
    ...(cents(query.maxPrice) !== undefined ? { maxPriceCents: cents(query.maxPrice) } : {}),
    ...(query.date ? { date: query.date } : {}),
    ...(query.cursor ? { cursor: query.cursor } : {}),
  };
  return useLoad((signal) => bookingApi('SEARCH_SERVICES', payload, { signal }), JSON.stringify(payload));
}

/** LIST_SERVICES (newest first, or best rated first), with its loading and error states and a retry. */
export function useServices(sort: 'newest' | 'rating' = 'newest'): Load<ServiceView[]> {
  return useLoad(async (signal) => (await bookingApi('LIST_SERVICES', sort === 'rating' ? { sort } : {}, { signal })).services, sort);
}
