import type { SlotView } from '@/lib/http/booking-processor';
import { bookingApi } from '@/lib/client/api';
import { localDateInZone } from '@/lib/client/format';

/** Free slots of a service over a range of days, by local date in the zone they are shown in. */
interface Availability {
  timeZone: string;
  byDate: Map<string, SlotView[]>;
  /** Why no time can be booked at all (e.g. the provider cannot take bookings yet), from CHECK_AVAILABILITY. */
  unavailableMessage?: string;
}

function groupSlots(slots: SlotView[], timeZone: string): Map<string, SlotView[]> {
  const map = new Map<string, SlotView[]>();
  for (const slot of [...slots].sort((a, b) => a.startDateTime.localeCompare(b.startDateTime))) {
    const day = localDateInZone(slot.startDateTime, timeZone);
    const list = map.get(day) ?? [];
    list.push(slot);
    map.set(day, list);
  }
  return map;
}

/** CHECK_AVAILABILITY for the local dates from..to (inclusive); `zone` when the answer names none. */
export async function checkAvailability(
  serviceId: string,
  from: string,
  to: string,
  zone: string,
  signal: AbortSignal,
): Promise<Availability> {
  const res = await bookingApi('CHECK_AVAILABILITY', { serviceId, from, to }, { signal });
  const timeZone = res.timeZone || zone;
  // CHECK_AVAILABILITY explains when it offers no slots on purpose (the provider cannot take bookings yet).
  return { timeZone, byDate: groupSlots(res.slots, timeZone), ...(res.message ? { unavailableMessage: res.message } : {}) };
}
