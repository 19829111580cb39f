/**
 * The range of UTC days a metrics request asks for, shared by the admin dashboard and the provider's earnings chart
 * (kept apart from the metrics service so a function that only draws the earnings chart does not load the rollups).
 */
import { daysOf, lastDays, type DayRange } from '../domain/metric-summary';
import { AppError } from '../http/errors';

/** The longest range a request may ask for. */
export const MAX_RANGE_DAYS = 366;

/** The range asked for (from/to, inclusive UTC days) or the last `days` days; a backwards or too long range is a 400. */
export function metricRange(now: Date, input: { days?: number | undefined; from?: string | undefined; to?: string | undefined }): DayRange {
  if (!input.from && !input.to) return lastDays(now, input.days ?? 14);
  const to = input.to ?? now.toISOString().slice(0, 10);
  const from = input.from ?? lastDays(new Date(`${to}T00:00:00.000Z`), input.days ?? 14).from;
  if (from > to) throw new AppError('VALIDATION_FAILED', 'The range starts after it ends', { field: 'from', from, to });
  const length = daysOf({ from, to }).length;
  if (length > MAX_RANGE_DAYS) {
    throw new AppError('VALIDATION_FAILED', `A range of at most ${MAX_RANGE_DAYS} days`, { field: 'from', from, to, days: length });
  }
  return { from, to };
}
