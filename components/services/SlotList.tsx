import type { SlotView } from '@/lib/http/booking-processor';
import { formatTime } from '@/lib/client/format';
import { RetryAlert, Spinner } from '@/components/ui/States';

/** Free times could not be loaded: the reason and a way to try again. */
export function FreeTimesError({ message, onRetry }: { message: string; onRetry: () => void }) {
  return <RetryAlert message={`We couldn't load free times. ${message}`} onRetry={onRetry} />;
}

interface SlotListProps {
  /** undefined while loading; the error's words when the times could not be loaded. */
  slots: SlotView[] | undefined;
  error: string | null;
  zone: string;
  selectedSlot: string | null;
  onSelect: (start: string) => void;
  name: string;
  onRetry: () => void;
}

/** The chosen day's free times as radio buttons, or why there are none. */
export function SlotList({ slots, error, zone, selectedSlot, onSelect, name, onRetry }: SlotListProps) {
  if (error !== null) return <FreeTimesError message={error} onRetry={onRetry} />;
  if (!slots) {
    return (
      <p role="status" className="muted" style={{ display: 'flex', gap: '0.5rem', alignItems: 'center' }}>
        <Spinner small /> Loading free times…
      </p>
    );
  }
  if (slots.length === 0) {
    return (
      <p role="status" className="muted">
        No free times on this day. Please pick another day.
      </p>
    );
  }
  return (
    <>
      <p className="visually-hidden" role="status">
        {slots.length} free {slots.length === 1 ? 'time' : 'times'}
      </p>
      <div className="choice-grid choice-grid--slots">
        {slots.map((slot) => {
          const start = formatTime(slot.startDateTime, zone);
          const end = formatTime(slot.endDateTime, zone);
          return (
            <label key={slot.startDateTime} className="choice">
              <input
                type="radio"
                name={name}
                value={slot.startDateTime}
                checked={selectedSlot === slot.startDateTime}
                onChange={() => onSelect(slot.startDateTime)}
                aria-label={`${start} to ${end}`}
              />
              <span className="choice__main" aria-hidden="true" style={{ fontSize: '0.95rem' }}>
                {start}
              </span>
              <span className="choice__sub" aria-hidden="true">
                to {end}
              </span>
            </label>
          );
        })}
      </div>
    </>
  );
}
