import type { ReactNode } from 'react';
import { BOOKING_WINDOW_LIMITS, describeBookingWindow, noticeText } from '@/lib/domain/booking-window';

/** The usual notices; a value set otherwise (through the API) is offered too, so editing never changes it unasked. */
const NOTICE_CHOICES = [0, 15, 30, 60, 120, 240, 720, 1_440, 2_880, 4_320, 10_080, 20_160, 43_200];

interface BookingWindowFieldProps {
  id: string;
  maxAdvanceDays: string;
  minNoticeMinutes: number;
  onDaysChange: (value: string) => void;
  onNoticeChange: (minutes: number) => void;
  errors: Record<string, string>;
  errorText: (name: string) => ReactNode;
}

/** "Booking window": how many days ahead customers can book and how much notice the provider needs, in words. */
export function BookingWindowField({
  id,
  maxAdvanceDays,
  minNoticeMinutes,
  onDaysChange,
  onNoticeChange,
  errors,
  errorText,
}: BookingWindowFieldProps) {
  const days = /^\d+$/.test(maxAdvanceDays.trim()) ? Number(maxAdvanceDays.trim()) : undefined;
  const notices = NOTICE_CHOICES.includes(minNoticeMinutes) ? NOTICE_CHOICES : [...NOTICE_CHOICES, minNoticeMinutes].sort((a, b) => a - b);
  const valid = days !== undefined && !errors.maxAdvanceDays && !errors.minNoticeMinutes;
  const describe = (name: string) => [`${id}-${name}-hint`, errors[name] ? `${id}-${name}-error` : ''].filter(Boolean).join(' ');

  return (
    <fieldset className="field">
      <legend>Booking window</legend>
      <p id={`${id}-window-summary`} className="field__hint" aria-live="polite">
        {valid ? describeBookingWindow({ maxAdvanceDays: days, minNoticeMinutes }) : 'Customers can book only inside this window.'}
      </p>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-maxAdvanceDays`}>Days ahead customers can book</label>
          <span id={`${id}-maxAdvanceDays-hint`} className="field__hint">
            From {BOOKING_WINDOW_LIMITS.maxAdvanceDaysMin} to {BOOKING_WINDOW_LIMITS.maxAdvanceDaysMax} days. Later dates are not offered.
          </span>
          <input
            id={`${id}-maxAdvanceDays`}
            className="input"
            type="number"
            min={BOOKING_WINDOW_LIMITS.maxAdvanceDaysMin}
            max={BOOKING_WINDOW_LIMITS.maxAdvanceDaysMax}
            step={1}
            inputMode="numeric"
            value={maxAdvanceDays}
            onChange={(e) => onDaysChange(e.target.value)}
            aria-invalid={errors.maxAdvanceDays ? true : undefined}
            aria-describedby={describe('maxAdvanceDays')}
          />
          {errorText('maxAdvanceDays')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-minNoticeMinutes`}>Minimum notice</label>
          <span id={`${id}-minNoticeMinutes-hint`} className="field__hint">
            How long before the start a booking must be made at the latest.
          </span>
          <select
            id={`${id}-minNoticeMinutes`}
            className="select"
            value={minNoticeMinutes}
            onChange={(e) => onNoticeChange(Number(e.target.value))}
            aria-invalid={errors.minNoticeMinutes ? true : undefined}
            aria-describedby={describe('minNoticeMinutes')}
          >
            {notices.map((m) => (
              <option key={m} value={m}>
                {m === 0 ? 'None (up to the start)' : noticeText(m)}
              </option>
            ))}
          </select>
          {errorText('minNoticeMinutes')}
        </div>
      </div>
    </fieldset>
  );
}
