import { calendarDayParts } from '@/lib/client/format';
import { FreeTimesError } from './SlotList';

interface DayPickerProps {
  formId: string;
  today: string;
  /** The first and last dates of the service's booking window, and the window in words. */
  minDate: string;
  maxDate: string;
  windowText: string;
  /** The days shown as buttons (the next two weeks). */
  days: string[];
  /** Free times per day of `days`; undefined while they load. */
  freeCount: ((day: string) => number) | undefined;
  /** The window's free times could not be loaded (words), with a retry. */
  error: string | null;
  onRetry: () => void;
  /** Why nothing can be booked at all, when the server says so. */
  unavailableMessage: string | undefined;
  selectedDate: string | null;
  onChoose: (day: string) => void;
  dateInput: string;
  dateError: string | null;
  onDateInput: (value: string) => void;
}

/** "Choose a day": the window's first two weeks as buttons with their free times, or any other date of the window. */
export function DayPicker({
  formId,
  today,
  minDate,
  maxDate,
  windowText,
  days,
  freeCount,
  error,
  onRetry,
  unavailableMessage,
  selectedDate,
  onChoose,
  dateInput,
  dateError,
  onDateInput,
}: DayPickerProps) {
  return (
    <fieldset>
      <legend>Choose a day</legend>
      {error !== null ? <FreeTimesError message={error} onRetry={onRetry} /> : null}
      {unavailableMessage ? (
        <p className="alert alert--info" role="status">
          {unavailableMessage}
        </p>
      ) : null}
      <div className="choice-grid choice-grid--days">
        {days.map((d) => {
          const parts = calendarDayParts(d);
          const count = freeCount ? freeCount(d) : null;
          const full = count === 0;
          const sub = count === null ? ' ' : full ? '—' : `${count} free`;
          const aria = `${parts.long}${count === null ? '' : full ? ', no free times' : `, ${count} free ${count === 1 ? 'time' : 'times'}`}`;
          return (
            <label key={d} className="choice">
              <input
                type="radio"
                name={`${formId}-day`}
                value={d}
                checked={selectedDate === d}
                disabled={full}
                onChange={() => onChoose(d)}
                aria-label={aria}
              />
              <span className="choice__sub" aria-hidden="true">
                {d === today ? 'Today' : parts.weekday}
              </span>
              <span className="choice__main" aria-hidden="true">
                {parts.day}
              </span>
              <span className="choice__sub" aria-hidden="true">
                {parts.month}
              </span>
              <span className="choice__count" aria-hidden="true">
                {sub}
              </span>
            </label>
          );
        })}
      </div>
      <div className="date-input-row">
        <div className="field">
          <label htmlFor={`${formId}-date`}>Or pick another date</label>
          <input
            id={`${formId}-date`}
            className="input"
            type="date"
            min={minDate}
            max={maxDate}
            value={dateInput}
            onChange={(e) => onDateInput(e.target.value)}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={[`${formId}-date-hint`, dateError ? `${formId}-date-error` : ''].filter(Boolean).join(' ')}
          />
          <span id={`${formId}-date-hint`} className="field__hint">
            {windowText} Dates from {calendarDayParts(minDate).long} to {calendarDayParts(maxDate).long}.
          </span>
        </div>
      </div>
      {dateError ? (
        <p id={`${formId}-date-error`} className="field__error" role="alert">
          {dateError}
        </p>
      ) : null}
    </fieldset>
  );
}
