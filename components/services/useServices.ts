'use client';

import type { ServiceView } from '@/lib/http/booking-processor';
import { bookingApi } from '@/lib/client/api';
import { useLoad, type Load } from '@/components/ui/useLoad';

/** LIST_SERVICES (newest first, or best rated first), with its loading and error states and a retry. */
export function useServices(sort: 'newest' | 'rating' = 'newest'): Load<ServiceView[]> {
  return useLoad(async (signal) => (await bookingApi('LIST_SERVICES', sort === 'rating' ? { sort } : {}, { signal })).services, sort);
}
