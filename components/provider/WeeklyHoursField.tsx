import type { ReactNode } from 'react';
import type { TimeRange, Weekday } from '@/lib/data/records';
import { DAY_NAMES, WEEKDAYS } from '@/lib/domain/service-rules';

const RANGE_ROW = {
  display: 'grid',
  gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr) auto',
  gap: '0.75rem',
  alignItems: 'end',
} as const;

/** A new range on a day: the two hours after its last one (up to 23:45), or 9 to 5 on a closed day. */
function nextRange(ranges: TimeRange[]): TimeRange {
  const last = ranges.at(-1);
  if (!last) return { start: '09:00', end: '17:00' };
  return {
    start: last.end,
    end: last.end < '22:00' ? `${String(Number(last.end.slice(0, 2)) + 2).padStart(2, '0')}:${last.end.slice(3)}` : '23:45',
  };
}

interface WeeklyHoursFieldProps {
  id: string;
  weekly: Record<Weekday, TimeRange[]>;
  onChange: (weekly: Record<Weekday, TimeRange[]>) => void;
  /** Messages by path ("weeklyAvailability", "weeklyAvailability.MON.1"). */
  errors: Record<string, string>;
  /** The whole field's message, rendered with its id. */
  fieldError: ReactNode;
  fieldErrorId: string;
}

/** "Weekly hours": each day's opening hours as from–to ranges, with their messages under the day. */
export function WeeklyHoursField({ id, weekly, onChange, errors, fieldError, fieldErrorId }: WeeklyHoursFieldProps) {
  const setDay = (day: Weekday, ranges: TimeRange[]) => onChange({ ...weekly, [day]: ranges });
  const setRange = (day: Weekday, index: number, part: keyof TimeRange, value: string) =>
    setDay(
      day,
      weekly[day].map((r, i) => (i === index ? { ...r, [part]: value } : r)),
    );

  return (
    <fieldset className="field" aria-describedby={errors.weeklyAvailability ? fieldErrorId : undefined}>
      <legend>Weekly hours</legend>
      {fieldError}
      {WEEKDAYS.map((day) => {
        const dayErrors = Object.entries(errors).filter(
          ([p]) => p === `weeklyAvailability.${day}` || p.startsWith(`weeklyAvailability.${day}.`),
        );
        return (
          <fieldset key={day} className="field" aria-describedby={dayErrors.length ? `${id}-${day}-errors` : undefined}>
            <legend>{DAY_NAMES[day]}</legend>
            {weekly[day].length === 0 ? <p className="muted small">Closed</p> : null}
            {weekly[day].map((range, i) => (
              <div key={i} role="group" aria-label={`${DAY_NAMES[day]} hours ${i + 1}`} style={RANGE_ROW}>
                <div className="field">
                  <label htmlFor={`${id}-${day}-${i}-start`}>From</label>
                  <input
                    id={`${id}-${day}-${i}-start`}
                    className="input"
                    type="time"
                    step={900}
                    value={range.start}
                    onChange={(e) => setRange(day, i, 'start', e.target.value)}
                    aria-invalid={errors[`weeklyAvailability.${day}.${i}`] ? true : undefined}
                  />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-${day}-${i}-end`}>To</label>
                  <input
                    id={`${id}-${day}-${i}-end`}
                    className="input"
                    type="time"
                    step={900}
                    value={range.end}
                    onChange={(e) => setRange(day, i, 'end', e.target.value)}
                    aria-invalid={errors[`weeklyAvailability.${day}.${i}`] ? true : undefined}
                  />
                </div>
                <button
                  type="button"
                  className="button button--ghost"
                  style={{ marginBottom: '0.5rem' }}
                  onClick={() =>
                    setDay(
                      day,
                      weekly[day].filter((_, j) => j !== i),
                    )
                  }
                  aria-label={`Remove ${DAY_NAMES[day]} ${range.start}–${range.end}`}
                >
                  Remove
                </button>
              </div>
            ))}
            {dayErrors.length ? (
              <ul id={`${id}-${day}-errors`} className="field__error">
                {dayErrors.map(([p, m]) => (
                  <li key={p}>{m}</li>
                ))}
              </ul>
            ) : null}
            <button
              type="button"
              className="button button--secondary"
              style={{ width: 'auto', justifySelf: 'start', alignSelf: 'start' }}
              onClick={() => setDay(day, [...weekly[day], nextRange(weekly[day])])}
              aria-label={`Add hours on ${DAY_NAMES[day]}`}
            >
              Add hours
            </button>
          </fieldset>
        );
      })}
    </fieldset>
  );
}
