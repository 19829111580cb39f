'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect } from 'react';
import type { BookingView, ServiceView } from '@/lib/http/booking-processor';
import { useLoad } from '@/components/ui/useLoad';
import { bookingApi } from '@/lib/client/api';
import { ApiError, errorMessage } from '@/lib/client/http';
import { loginHref } from '@/lib/client/navigation';
import { DEFAULT_TIME_ZONE } from '@/lib/client/format';

export type BookingLoad =
  | { state: 'loading' }
  | { state: 'unauthenticated' }
  | { state: 'not-found' }
  | { state: 'error'; message: string }
  | { state: 'ready'; booking: BookingView };

/** GET_BOOKING with loading / error / not-found / logged-out states; logged out, it goes to log in and back to `returnTo`. */
export function useBooking(bookingId: string, returnTo: string) {
  const router = useRouter();
  const { data, error, reload, setData } = useLoad(
    async (signal) => (await bookingApi('GET_BOOKING', { bookingId }, { signal })).booking,
    bookingId,
  );
  const result: BookingLoad = error !== undefined ? classify(error) : data ? { state: 'ready', booking: data } : { state: 'loading' };
  useEffect(() => {
    if (result.state === 'unauthenticated') router.replace(loginHref(returnTo));
  }, [result.state, router, returnTo]);
  const setBooking = useCallback((booking: BookingView) => setData(() => booking), [setData]);
  return { result, reload, setBooking };
}

function classify(err: unknown): Exclude<BookingLoad, { state: 'loading' } | { state: 'ready' }> {
  if (err instanceof ApiError && err.isUnauthenticated) return { state: 'unauthenticated' };
  if (err instanceof ApiError && (err.status === 404 || err.status === 403)) return { state: 'not-found' };
  return { state: 'error', message: errorMessage(err) };
}

/** The zone a booking's times are shown in: the service's zone (looked up once per service). */
const zoneCache = new Map<string, Promise<string>>();
const resolvedZones = new Map<string, string>();

export function serviceTimeZone(serviceId: string): Promise<string> {
  let p = zoneCache.get(serviceId);
  if (!p) {
    p = bookingApi('GET_SERVICE', { serviceId })
      .then((r: { service: ServiceView }) => {
        const zone = r.service.timeZone || DEFAULT_TIME_ZONE;
        resolvedZones.set(serviceId, zone);
        return zone;
      })
      .catch(() => {
        zoneCache.delete(serviceId);
        return DEFAULT_TIME_ZONE;
      });
    zoneCache.set(serviceId, p);
  }
  return p;
}

function embeddedZone(booking: BookingView | null): string | undefined {
  if (!booking) return undefined;
  const b = booking as BookingView & { timeZone?: string; service: { timeZone?: string } };
  return b.timeZone ?? b.service.timeZone;
}

/** null while unknown. */
export function useServiceTimeZone(booking: BookingView | null): string | null {
  const embedded = embeddedZone(booking);
  // Only a booking that does not carry its zone needs the service's looked up ('' looks up nothing).
  const serviceId = embedded ? '' : (booking?.service.id ?? '');
  const lookup = useLoad(async () => (serviceId ? serviceTimeZone(serviceId) : null), serviceId);
  // A zone looked up before (for another booking of the service) shows at once, without waiting for this load.
  return embedded ?? (serviceId ? (lookup.data ?? resolvedZones.get(serviceId) ?? null) : null);
}
