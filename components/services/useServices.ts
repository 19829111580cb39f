'use client';

import type { ServiceView } from '@/lib/http/booking-processor';
import { bookingApi } from '@/lib/client/api';
import { useLoad, type Load } from '@/components/ui/useLoad';

/** LIST_SERVICES, with its loading and error states and a retry. */
export function useServices(): Load<ServiceView[]> {
  return useLoad(async (signal) => (await bookingApi('LIST_SERVICES', {}, { signal })).services);
}
