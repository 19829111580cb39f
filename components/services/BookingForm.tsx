'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { ServiceView, SlotView } from '@/lib/http/booking-processor';
import { bookingApi } from '@/lib/client/api';
import { addDays, calendarDayParts, isIsoDate, localDateInZone, timeZoneLabel } from '@/lib/client/format';
import { bookingWindowDates, bookingWindowOf, describeBookingWindow } from '@/lib/domain/booking-window';
import { ApiError, errorMessage } from '@/lib/client/http';
import { loginHref } from '@/lib/client/navigation';
import { useSession } from '@/components/session/SessionProvider';
import { Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { checkAvailability } from './availability';
import { DayPicker } from './DayPicker';
import { PriceSummary } from './PriceSummary';
import { SlotList } from './SlotList';

const WINDOW_DAYS = 14;
const REQUESTS_MAX = 1000;

/** "Book a time": a day, one of its free times, the group size and requests, then CREATE_BOOKING and the checkout. */
export function BookingForm({ service }: { service: ServiceView }) {
  const router = useRouter();
  const searchParams = useSearchParams();
  const { session } = useSession();
  const formId = useId();

  const zone = service.timeZone;
  const today = useMemo(() => localDateInZone(new Date(), zone), [zone]);
  // The service's booking window as dates in its zone: the only dates offered (the server enforces the same rule).
  const { maxAdvanceDays, minNoticeMinutes } = bookingWindowOf(service);
  const { firstDate, lastDate } = useMemo(
    () => bookingWindowDates({ maxAdvanceDays, minNoticeMinutes }, new Date(), zone),
    [maxAdvanceDays, minNoticeMinutes, zone],
  );
  const windowText = describeBookingWindow({ maxAdvanceDays, minNoticeMinutes });
  const windowDays = useMemo(
    () => Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(firstDate, i)).filter((d) => d <= lastDate),
    [firstDate, lastDate],
  );
  const windowStart = windowDays[0] ?? firstDate;
  const windowEnd = windowDays[windowDays.length - 1] ?? firstDate;

  const requestedDate = searchParams.get('date');
  const initialDate =
    requestedDate && isIsoDate(requestedDate) && requestedDate >= firstDate && requestedDate <= lastDate ? requestedDate : null;

  const [selectedDate, setSelectedDate] = useState<string | null>(initialDate);
  const [dateInput, setDateInput] = useState<string>(initialDate ?? '');
  const [dateError, setDateError] = useState<string | null>(null);
  const [selectedSlot, setSelectedSlot] = useState<string | null>(null);
  const [groupSize, setGroupSize] = useState(1);
  const [specialRequests, setSpecialRequests] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [slotNotice, setSlotNotice] = useState<string | null>(null);

  // The first two weeks of the booking window (one request), used for the day buttons and their free-slot counts.
  const windowLoad = useLoad(
    (signal) => checkAvailability(service.id, windowStart, windowEnd, zone, signal),
    `${service.id}|${windowStart}|${windowEnd}|${zone}`,
  );
  const windowAvail = windowLoad.loading ? undefined : windowLoad.data;
  // A later date (from the native date input) gets its own request.
  const outsideWindow = selectedDate !== null && (selectedDate < windowStart || selectedDate > windowEnd);
  const dayLoad = useLoad(
    (signal) =>
      outsideWindow && selectedDate ? checkAvailability(service.id, selectedDate, selectedDate, zone, signal) : Promise.resolve(null),
    `${service.id}|${outsideWindow ? selectedDate : ''}|${zone}`,
  );
  const slotSource = outsideWindow ? dayLoad : windowLoad;
  const availability = slotSource.loading ? undefined : (slotSource.data ?? undefined);
  const refreshSlots = () => {
    windowLoad.reload();
    if (outsideWindow) dayLoad.reload();
  };

  // Once the window is known, default to the first day with free slots. Set while rendering, so no frame shows the
  // window without a day; it is state (not derived) so a later refresh of the window does not move the day.
  if (selectedDate === null && windowAvail) {
    setSelectedDate(windowDays.find((d) => (windowAvail.byDate.get(d)?.length ?? 0) > 0) ?? windowStart);
  }

  const displayZone = availability?.timeZone ?? zone;
  const slots: SlotView[] | undefined = availability && selectedDate ? (availability.byDate.get(selectedDate) ?? []) : undefined;

  // The chosen slot counts only while it is offered (a refresh may have taken it away).
  const chosenSlot = slots?.find((s) => s.startDateTime === selectedSlot) ?? null;
  const zoneText = timeZoneLabel(displayZone, chosenSlot ? new Date(chosenSlot.startDateTime) : new Date());

  const chooseDate = (d: string) => {
    setSelectedDate(d);
    setDateInput(d);
    setDateError(null);
    setSelectedSlot(null);
    setFormError(null);
  };

  const onDateInput = (value: string) => {
    setDateInput(value);
    if (!value) return;
    if (!isIsoDate(value)) setDateError('Enter a valid date.');
    else if (value < firstDate) setDateError(`${windowText} The first date you can pick is ${calendarDayParts(firstDate).long}.`);
    else if (value > lastDate) setDateError(`${windowText} Pick a date up to ${calendarDayParts(lastDate).long}.`);
    else chooseDate(value);
  };

  const errorRef = useRef<HTMLDivElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    setSlotNotice(null);
    if (!chosenSlot || !selectedDate) {
      setFormError('Pick a time for your booking first.');
      errorRef.current?.focus();
      return;
    }
    const returnTo = `/services/${encodeURIComponent(service.id)}?date=${selectedDate}`;
    if (session.status === 'anonymous') {
      router.push(loginHref(returnTo));
      return;
    }
    setSubmitting(true);
    try {
      const trimmed = specialRequests.trim();
      const res = await bookingApi('CREATE_BOOKING', {
        serviceId: service.id,
        startDateTime: chosenSlot.startDateTime,
        endDateTime: chosenSlot.endDateTime,
        groupSize,
        ...(trimmed ? { specialRequests: trimmed } : {}),
      });
      router.push(`/bookings/${encodeURIComponent(res.bookingId)}/pay`);
      // Keep the button busy while navigating.
      return;
    } catch (err) {
      if (err instanceof ApiError && err.isUnauthenticated) {
        router.push(loginHref(returnTo));
        return;
      }
      if (err instanceof ApiError && (err.code === 'SLOT_UNAVAILABLE' || err.status === 409)) {
        setSlotNotice('Someone just booked this slot — please pick another.');
        setSelectedSlot(null);
        refreshSlots();
      } else {
        setFormError(errorMessage(err));
      }
      setSubmitting(false);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  };

  const groupOptions = Array.from({ length: Math.max(1, service.maxGroupSize) }, (_, i) => i + 1);
  const slotError = slotSource.error === undefined ? null : errorMessage(slotSource.error);

  return (
    <section className="card" aria-labelledby={`${formId}-title`}>
      <h2 id={`${formId}-title`}>Book a time</h2>
      <form onSubmit={onSubmit} noValidate aria-describedby={`${formId}-zone`}>
        <p id={`${formId}-zone`} className="muted small">
          All times are shown in the provider&apos;s time zone: <strong>{zoneText}</strong>.
        </p>

        <DayPicker
          formId={formId}
          today={today}
          minDate={firstDate}
          maxDate={lastDate}
          windowText={windowText}
          days={windowDays}
          freeCount={windowAvail ? (d) => windowAvail.byDate.get(d)?.length ?? 0 : undefined}
          error={windowLoad.error === undefined ? null : errorMessage(windowLoad.error)}
          onRetry={refreshSlots}
          unavailableMessage={windowAvail?.unavailableMessage}
          selectedDate={selectedDate}
          onChoose={chooseDate}
          dateInput={dateInput}
          dateError={dateError}
          onDateInput={onDateInput}
        />

        <fieldset aria-busy={slotSource.loading}>
          <legend>
            Available times{selectedDate ? ` on ${calendarDayParts(selectedDate).long}` : ''}
            <span className="visually-hidden"> ({zoneText})</span>
          </legend>
          {slotNotice ? (
            <div className="alert alert--warning" role="alert">
              {slotNotice}
            </div>
          ) : null}
          <SlotList
            slots={slots}
            error={slotError}
            zone={displayZone}
            selectedSlot={chosenSlot?.startDateTime ?? null}
            onSelect={(s) => {
              setSelectedSlot(s);
              setFormError(null);
            }}
            name={`${formId}-slot`}
            onRetry={refreshSlots}
          />
        </fieldset>

        <div className="field">
          <label htmlFor={`${formId}-group`}>Group size</label>
          <select id={`${formId}-group`} className="select" value={groupSize} onChange={(e) => setGroupSize(Number(e.target.value))}>
            {groupOptions.map((n) => (
              <option key={n} value={n}>
                {n} {n === 1 ? 'person' : 'people'}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor={`${formId}-requests`}>Special requests (optional)</label>
          <textarea
            id={`${formId}-requests`}
            className="textarea"
            maxLength={REQUESTS_MAX}
            value={specialRequests}
            onChange={(e) => setSpecialRequests(e.target.value)}
            aria-describedby={`${formId}-requests-hint`}
          />
          <span id={`${formId}-requests-hint`} className="field__hint">
            Accessibility needs, questions for the provider… ({REQUESTS_MAX - specialRequests.length} characters left)
          </span>
        </div>

        <PriceSummary id={`${formId}-summary`} service={service} groupSize={groupSize} chosenSlot={chosenSlot} zone={displayZone} />

        <div ref={errorRef} tabIndex={-1} aria-live="assertive" style={{ marginTop: '1rem' }}>
          {formError ? (
            <div className="alert alert--error" role="alert">
              {formError}
            </div>
          ) : null}
        </div>

        <button
          type="submit"
          className="button button--block button--large"
          disabled={submitting}
          aria-disabled={!chosenSlot ? true : undefined}
        >
          {submitting ? (
            <>
              <Spinner small /> Reserving your slot…
            </>
          ) : (
            'Book and pay'
          )}
        </button>
        {session.status === 'anonymous' ? (
          <p className="small muted" style={{ textAlign: 'center', marginTop: '0.5rem' }}>
            You&apos;ll be asked to log in first.
          </p>
        ) : null}
      </form>
    </section>
  );
}
