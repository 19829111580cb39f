import { useState, type ReactNode } from 'react';

/** "Blocked dates": days the provider is away, added one at a time from a date input. */
export function BlockedDatesField({
  id,
  dates,
  onChange,
  errors,
  fieldError,
}: {
  id: string;
  dates: string[];
  onChange: (dates: string[]) => void;
  errors: Record<string, string>;
  fieldError: ReactNode;
}) {
  const [newBlocked, setNewBlocked] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);

  const addBlocked = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(newBlocked)) {
      setInputError('Pick a date to block first.');
      return;
    }
    setInputError(null);
    if (!dates.includes(newBlocked)) onChange([...dates, newBlocked].sort());
    setNewBlocked('');
  };

  return (
    <fieldset className="field">
      <legend>Blocked dates</legend>
      <p className="field__hint">Days you are not available (holidays), in your time zone.</p>
      <div className="date-input-row">
        <label htmlFor={`${id}-newBlocked`} className="visually-hidden">
          Date to block
        </label>
        <input
          id={`${id}-newBlocked`}
          className="input"
          type="date"
          value={newBlocked}
          onChange={(e) => setNewBlocked(e.target.value)}
          aria-invalid={inputError ? true : undefined}
          aria-describedby={inputError ? `${id}-newBlocked-error` : undefined}
        />
        <button
          type="button"
          className="button button--secondary"
          style={{ width: 'auto', justifySelf: 'start', alignSelf: 'start' }}
          onClick={addBlocked}
        >
          Block date
        </button>
      </div>
      {inputError ? (
        <span id={`${id}-newBlocked-error`} className="field__error" role="alert">
          {inputError}
        </span>
      ) : null}
      {fieldError}
      {dates.length > 0 ? (
        <ul aria-label="Blocked dates">
          {dates.map((d, i) => (
            <li key={d}>
              {d}{' '}
              <button
                type="button"
                className="button button--ghost"
                onClick={() => onChange(dates.filter((x) => x !== d))}
                aria-label={`Unblock ${d}`}
              >
                Unblock
              </button>
              {errors[`blockedDates.${i}`] ? <span className="field__error"> {errors[`blockedDates.${i}`]}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
