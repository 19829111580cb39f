'use client';

import { useId, useMemo, useRef, useState } from 'react';
import type { BookingView, ServiceView, SlotView } from '@/lib/http/booking-processor';
import { bookingApi, newRequestId, rescheduleApi } from '@/lib/client/api';
import {
  addDays,
  calendarDayParts,
  formatDate,
  formatTime,
  formatTimeRange,
  isIsoDate,
  localDateInZone,
  timeZoneLabel,
} from '@/lib/client/format';
import { ApiError, errorMessage } from '@/lib/client/http';
import { bookingWindowDates, bookingWindowOf, describeBookingWindow } from '@/lib/domain/booking-window';
import { formatMoney } from '@/lib/domain/money';
import { rescheduleDeadline, RESCHEDULABLE_STATUSES } from '@/lib/domain/reschedule';
import { checkAvailability } from '@/components/services/availability';
import { DayPicker } from '@/components/services/DayPicker';
import { SlotList } from '@/components/services/SlotList';
import { ErrorAlert, Spinner } from '@/components/ui/States';
import { useLoad } from '@/components/ui/useLoad';
import { RescheduleTopUp, type TopUpDue } from './RescheduleTopUp';

const WINDOW_DAYS = 14;

/** Whether the booking's status lets its customer move it (the server decides the rest: the deadline, the slot). */
export function canOfferReschedule(b: BookingView): boolean {
  return (RESCHEDULABLE_STATUSES as readonly string[]).includes(b.status) && !b.checkedInAt;
}

/** "Reschedule": another free time of the same service, the price difference in words, then RESCHEDULE_BOOKING. */
export function RescheduleBooking({ booking, onMoved }: { booking: BookingView; onMoved: (b: BookingView) => void }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  // when the page was opened: the deadline is checked again by the server on confirm
  const [openedAt] = useState(() => Date.now());
  const service = useLoad(
    async (signal) => (await bookingApi('GET_SERVICE', { serviceId: booking.service.id }, { signal })).service,
    booking.service.id,
  );
  const deadline = service.data
    ? rescheduleDeadline(new Date(booking.dateTime.start), service.data.cancellationPolicy, bookingWindowOf(service.data))
    : null;
  const tooLate = deadline !== null && openedAt > deadline.getTime();

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Change the time</h2>
      {done ? (
        <p className="alert alert--success" role="status">
          {done}
        </p>
      ) : null}
      {service.loading ? (
        <p role="status" className="muted">
          <Spinner small /> Checking when this booking can be moved…
        </p>
      ) : service.error !== undefined ? (
        <ErrorAlert message={`We couldn't load the service's times. ${errorMessage(service.error)}`} />
      ) : tooLate ? (
        <p className="muted">
          It is too late to move this booking: its policy allowed changes until {deadline && formatTimeAt(deadline, service.data!.timeZone)}
          . You can still cancel it under its policy.
        </p>
      ) : (
        <>
          {deadline ? (
            <p className="muted small">
              You can move it to another free time of this service until {formatTimeAt(deadline, service.data!.timeZone)}.
            </p>
          ) : null}
          {open && service.data ? (
            <ReschedulePicker
              booking={booking}
              service={service.data}
              formId={id}
              onCancel={() => setOpen(false)}
              onMoved={(moved, words) => {
                setOpen(false);
                setDone(words);
                onMoved(moved);
              }}
            />
          ) : (
            <button type="button" className="button button--secondary" aria-expanded={open} onClick={() => (setDone(null), setOpen(true))}>
              Reschedule
            </button>
          )}
        </>
      )}
    </section>
  );
}

/** "Tuesday, March 9, 2027, 10:00 AM" in the service's zone. */
const formatTimeAt = (at: Date, zone: string) => `${formatDate(at.toISOString(), zone)}, ${formatTime(at.toISOString(), zone)}`;

/** What the move does to the price, in words (a higher price: the difference is paid before the booking moves). */
function priceWords(booking: BookingView, service: ServiceView): { text: string; blocked: boolean } {
  const current = booking.currentPriceCents ?? booking.pricing.totalAmountCents;
  const next = service.pricingUnit === 'PER_PERSON' ? service.priceCents * booking.groupSize : service.priceCents;
  const fmt = (cents: number) => formatMoney({ amountCents: cents, currency: booking.pricing.currency });
  if (next === current) return { text: 'Same price: nothing more to pay and nothing refunded.', blocked: false };
  if (booking.status !== 'CONFIRMED') {
    return { text: 'The price changed since you booked: cancel this unpaid booking and book the new time instead.', blocked: true };
  }
  if (next < current)
    return { text: `The price is now ${fmt(next)}: we refund the difference of ${fmt(current - next)} to you.`, blocked: false };
  return { text: `The price is now ${fmt(next)}: you pay ${fmt(next - current)} more before the booking moves.`, blocked: false };
}

interface PickerProps {
  booking: BookingView;
  service: ServiceView;
  formId: string;
  onCancel: () => void;
  onMoved: (b: BookingView, words: string) => void;
}

function ReschedulePicker({ booking, service, formId, onCancel, onMoved }: PickerProps) {
  const zone = service.timeZone;
  const window = bookingWindowOf(service);
  const { firstDate, lastDate } = useMemo(() => bookingWindowDates(window, new Date(), zone), [window, zone]);
  const windowText = describeBookingWindow(window);
  const days = useMemo(
    () => Array.from({ length: WINDOW_DAYS }, (_, i) => addDays(firstDate, i)).filter((d) => d <= lastDate),
    [firstDate, lastDate],
  );
  const [selectedDate, setSelectedDate] = useState<string>(() => {
    const current = localDateInZone(booking.dateTime.start, zone);
    return current >= firstDate && current <= lastDate ? current : firstDate;
  });
  const [dateInput, setDateInput] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);
  const [slot, setSlot] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [topUp, setTopUp] = useState<TopUpDue | null>(null);
  const requestId = useRef<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);

  // The first two weeks in one request; a later date (typed in) on its own.
  const inDays = days.includes(selectedDate);
  const from = inDays ? (days[0] ?? firstDate) : selectedDate;
  const to = inDays ? (days.at(-1) ?? firstDate) : selectedDate;
  const avail = useLoad((signal) => checkAvailability(service.id, from, to, zone, signal), `${service.id}|${from}|${to}`);
  const byDate = avail.loading ? undefined : avail.data?.byDate;
  // The booking's own time is not a move.
  const slots: SlotView[] | undefined = byDate
    ? (byDate.get(selectedDate) ?? []).filter((s) => s.startDateTime !== booking.dateTime.start)
    : undefined;
  const chosen = slots?.find((s) => s.startDateTime === slot) ?? null;
  const price = priceWords(booking, service);

  const choose = (d: string) => {
    setSelectedDate(d);
    setDateInput(d);
    setDateError(null);
    setSlot(null);
    setError(null);
  };
  const onDateInput = (value: string) => {
    setDateInput(value);
    if (!value) return;
    if (!isIsoDate(value)) setDateError('Enter a valid date.');
    else if (value < firstDate || value > lastDate)
      setDateError(`${windowText} Pick a date from ${calendarDayParts(firstDate).long} to ${calendarDayParts(lastDate).long}.`);
    else choose(value);
  };

  const confirm = async () => {
    setError(null);
    if (!chosen) {
      setError('Pick a new time first.');
      errorRef.current?.focus();
      return;
    }
    requestId.current ??= newRequestId();
    setBusy(true);
    try {
      const res = await rescheduleApi('RESCHEDULE_BOOKING', {
        bookingId: booking.id,
        startTime: chosen.startDateTime,
        requestId: requestId.current,
      });
      if (res.reschedule.topUp?.status === 'AWAITING_PAYMENT') {
        setTopUp({ result: res, startTime: chosen.startDateTime, requestId: requestId.current });
        setBusy(false);
        return;
      }
      const when = formatTimeRange(res.booking.dateTime.start, res.booking.dateTime.end, zone);
      const refund =
        res.reschedule.refundCents > 0
          ? ` We ${res.reschedule.refundStatus === 'PENDING' ? 'are refunding' : 'refunded'} ${formatMoney({ amountCents: res.reschedule.refundCents, currency: res.reschedule.currency })} of the price difference.`
          : '';
      onMoved(res.booking, `Your booking was moved to ${when}.${refund}`);
    } catch (err) {
      requestId.current = null;
      if (err instanceof ApiError && err.code === 'SLOT_UNAVAILABLE') {
        setError('Someone just booked that time. Please pick another.');
        setSlot(null);
        avail.reload();
      } else setError(errorMessage(err));
      setBusy(false);
      requestAnimationFrame(() => errorRef.current?.focus());
    }
  };

  return (
    <div role="group" aria-labelledby={`${formId}-pick`}>
      <h3 id={`${formId}-pick`}>Pick a new time</h3>
      <p className="muted small">
        Times in the provider&apos;s time zone: {timeZoneLabel(zone, new Date(chosen?.startDateTime ?? booking.dateTime.start))}.
      </p>
      <DayPicker
        formId={formId}
        today={localDateInZone(new Date(), zone)}
        minDate={firstDate}
        maxDate={lastDate}
        windowText={windowText}
        days={days}
        freeCount={
          byDate && inDays ? (d) => byDate.get(d)?.filter((s) => s.startDateTime !== booking.dateTime.start).length ?? 0 : undefined
        }
        error={avail.error === undefined ? null : errorMessage(avail.error)}
        onRetry={avail.reload}
        unavailableMessage={avail.data?.unavailableMessage}
        selectedDate={selectedDate}
        onChoose={choose}
        dateInput={dateInput}
        dateError={dateError}
        onDateInput={onDateInput}
      />
      <fieldset aria-busy={avail.loading}>
        <legend>Free times on {calendarDayParts(selectedDate).long}</legend>
        <SlotList
          slots={slots}
          error={avail.error === undefined ? null : errorMessage(avail.error)}
          zone={zone}
          selectedSlot={chosen?.startDateTime ?? null}
          onSelect={(s) => (setSlot(s), setError(null), (requestId.current = null))}
          name={`${formId}-slot`}
          onRetry={avail.reload}
        />
      </fieldset>
      <p className={price.blocked ? 'alert alert--warning' : 'muted'} role="status">
        {price.text}
      </p>
      <div ref={errorRef} tabIndex={-1} aria-live="assertive">
        {error ? (
          <div className="alert alert--error" role="alert">
            {error}
          </div>
        ) : null}
      </div>
      {topUp ? <RescheduleTopUp due={topUp} zone={zone} onMoved={onMoved} onCancel={() => (setTopUp(null), onCancel())} /> : null}
      <p style={{ display: topUp ? 'none' : 'flex', gap: '0.75rem', flexWrap: 'wrap' }}>
        <button type="button" className="button" disabled={busy || price.blocked} onClick={confirm}>
          {busy ? (
            <>
              <Spinner small /> Moving your booking…
            </>
          ) : chosen ? (
            `Move to ${formatTime(chosen.startDateTime, zone)} on ${calendarDayParts(selectedDate).long}`
          ) : (
            'Confirm the new time'
          )}
        </button>
        <button type="button" className="button button--ghost" onClick={onCancel} disabled={busy}>
          Keep the current time
        </button>
      </p>
    </div>
  );
}
