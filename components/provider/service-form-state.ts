/** The service form's values, how they start, and how they become a service definition (the server's own rules). */
import type { CancellationPolicy, PricingUnit, TimeRange, Weekday } from '@/lib/data/records';
import type { ProviderServiceView } from '@/lib/http/booking-processor';
import type { Currency } from '@/lib/domain/money';
import { formatPriceInput, parsePriceInput, validateServiceDefinition, WEEKDAYS, type ServiceDefinition } from '@/lib/domain/service-rules';
import { BOOKING_WINDOW_DEFAULTS, bookingWindowOf } from '@/lib/domain/booking-window';
import { DEFAULT_TIME_ZONE } from '@/lib/client/format';

export interface FormState {
  title: string;
  category: string;
  description: string;
  price: string;
  currency: Currency;
  pricingUnit: PricingUnit;
  durationMinutes: number;
  maxGroupSize: string;
  cancellationPolicy: CancellationPolicy;
  timeZone: string;
  weekly: Record<Weekday, TimeRange[]>;
  blockedDates: string[];
  /** Typed, so a half-typed number can be corrected. */
  maxAdvanceDays: string;
  minNoticeMinutes: number;
}

function browserTimeZone(): string {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zone.includes('/') ? zone : DEFAULT_TIME_ZONE;
  } catch {
    return DEFAULT_TIME_ZONE;
  }
}

/** The service's values, or a new service's: weekdays 9 to 5 in the browser's zone. */
export function initialState(service?: ProviderServiceView): FormState {
  const weekly = Object.fromEntries(WEEKDAYS.map((d) => [d, [] as TimeRange[]])) as Record<Weekday, TimeRange[]>;
  if (service) {
    for (const d of WEEKDAYS) weekly[d] = (service.weeklyAvailability[d] ?? []).map((r) => ({ ...r }));
    return {
      title: service.title,
      category: service.category,
      description: service.description,
      price: formatPriceInput(service.priceCents),
      currency: service.currency,
      pricingUnit: service.pricingUnit,
      durationMinutes: service.durationMinutes,
      maxGroupSize: String(service.maxGroupSize),
      cancellationPolicy: service.cancellationPolicy,
      timeZone: service.timeZone,
      weekly,
      blockedDates: [...service.blockedDates],
      maxAdvanceDays: String(bookingWindowOf(service).maxAdvanceDays),
      minNoticeMinutes: bookingWindowOf(service).minNoticeMinutes,
    };
  }
  for (const d of ['MON', 'TUE', 'WED', 'THU', 'FRI'] as const) weekly[d] = [{ start: '09:00', end: '17:00' }];
  return {
    title: '',
    category: '',
    description: '',
    price: '',
    currency: 'usd',
    pricingUnit: 'PER_BOOKING',
    durationMinutes: 60,
    maxGroupSize: '1',
    cancellationPolicy: 'MODERATE',
    timeZone: browserTimeZone(),
    weekly,
    blockedDates: [],
    maxAdvanceDays: String(BOOKING_WINDOW_DEFAULTS.maxAdvanceDays),
    minNoticeMinutes: BOOKING_WINDOW_DEFAULTS.minNoticeMinutes,
  };
}

/** The form's values as a service definition plus the problems the shared rules find (same rules as the server). */
export function toDefinition(state: FormState): { def: ServiceDefinition; errors: Record<string, string> } {
  const priceCents = parsePriceInput(state.price);
  const wholeNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN);
  const group = wholeNumber(state.maxGroupSize);
  const weeklyAvailability = Object.fromEntries(WEEKDAYS.filter((d) => state.weekly[d].length > 0).map((d) => [d, state.weekly[d]]));
  const def: ServiceDefinition = {
    title: state.title,
    category: state.category,
    description: state.description,
    priceCents: priceCents ?? Number.NaN,
    currency: state.currency,
    pricingUnit: state.pricingUnit,
    durationMinutes: state.durationMinutes,
    maxGroupSize: group,
    cancellationPolicy: state.cancellationPolicy,
    timeZone: state.timeZone,
    weeklyAvailability,
    blockedDates: state.blockedDates,
    maxAdvanceDays: wholeNumber(state.maxAdvanceDays),
    minNoticeMinutes: state.minNoticeMinutes,
  };
  const errors: Record<string, string> = {};
  for (const e of validateServiceDefinition(def)) if (!(e.path in errors)) errors[e.path] = e.message;
  if (priceCents === undefined) errors.priceCents = 'Enter a price like 25.00 (at most two decimals).';
  return { def, errors };
}

/** The label of the field a message's path names (its first part: "weeklyAvailability.MON.1" → "Weekly hours"). */
export const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  category: 'Category',
  description: 'Description',
  priceCents: 'Price',
  currency: 'Currency',
  pricingUnit: 'Price applies',
  durationMinutes: 'Duration',
  maxGroupSize: 'Group size limit',
  cancellationPolicy: 'Cancellation policy',
  timeZone: 'Time zone',
  weeklyAvailability: 'Weekly hours',
  blockedDates: 'Blocked dates',
  maxAdvanceDays: 'Days ahead customers can book',
  minNoticeMinutes: 'Minimum notice',
};
